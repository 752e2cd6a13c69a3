"""The slm program text both interop scripts start with: the held-out calls of
notebooks/05-tune.slmnb's task (the demo agent's table-extractor calls, curated and split
as the notebook does) as `test`, the base model as `m` and `m` with the adapter as `tuned`."""
import json


def held_out_program(count, adapter_path, demo_path):
    return f"""
let demo = {json.dumps(demo_path)}
demo_agent_logs(demo, n: 600, seed: 42)
let store = open_log(":memory:")
store.import(demo)
let curated = curate(store.calls(all: true))
fn is_extractor(c) {{ c.system_prompt != nil && (contains(c.system_prompt, "table names") || contains(c.system_prompt, "table-name extractor")) }}
let test = split(curated.calls |> filter(is_extractor), test: 0.15, validation: 0.05, seed: 42).test[:{count}]
let m = load_model("smollm2-135m")
let tuned = with_adapter(m, load_adapter({json.dumps(adapter_path)}, m))
"""
