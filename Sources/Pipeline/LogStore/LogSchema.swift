/// The log store's tables. Plain SQLite with JSON as text, so `sqlite3` and Datasette read it.
enum LogSchema {
    static let version = 1

    static let sql = """
    CREATE TABLE IF NOT EXISTS calls (
        id INTEGER PRIMARY KEY,
        timestamp TEXT NOT NULL,            -- ISO 8601 UTC, e.g. 2025-03-03T08:00:01.234Z
        trace_id TEXT,                      -- trace / session / conversation
        agent TEXT,
        model TEXT,
        system_prompt TEXT,                 -- first system message (derived from messages)
        prompt TEXT,                        -- last user message (derived from messages)
        messages TEXT NOT NULL,             -- JSON array of chat messages
        tools TEXT,                         -- JSON array of tools offered
        output TEXT,                        -- assistant text
        status TEXT NOT NULL CHECK (status IN ('ok', 'error', 'cancelled', 'timeout')),
        error TEXT,
        latency_ms REAL,
        ttft_ms REAL,                       -- time to first token
        input_tokens INTEGER,
        output_tokens INTEGER,
        cost_usd REAL,
        metadata TEXT,                      -- JSON object
        content_hash BLOB NOT NULL UNIQUE   -- 16-byte fingerprint; makes re-imports idempotent
    );
    CREATE INDEX IF NOT EXISTS calls_by_time ON calls(timestamp);
    CREATE INDEX IF NOT EXISTS calls_by_agent ON calls(agent, timestamp);
    CREATE INDEX IF NOT EXISTS calls_by_status ON calls(status, timestamp);
    CREATE INDEX IF NOT EXISTS calls_by_trace ON calls(trace_id);

    CREATE TABLE IF NOT EXISTS tool_calls (
        id INTEGER PRIMARY KEY,
        call_id INTEGER NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,          -- order within the response
        tool_call_id TEXT,
        name TEXT NOT NULL,
        arguments TEXT NOT NULL,            -- JSON text as the model wrote it
        arguments_valid INTEGER NOT NULL    -- 1 when arguments parse as JSON
    );
    CREATE INDEX IF NOT EXISTS tool_calls_by_call ON tool_calls(call_id);
    CREATE INDEX IF NOT EXISTS tool_calls_by_name ON tool_calls(name);

    CREATE TABLE IF NOT EXISTS tool_results (
        id INTEGER PRIMARY KEY,
        call_id INTEGER NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,          -- index of the tool message in the request
        tool_call_id TEXT,
        name TEXT,
        content TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS tool_results_by_call ON tool_results(call_id);

    CREATE VIRTUAL TABLE IF NOT EXISTS calls_fts USING fts5(
        prompt, output, content='calls', content_rowid='id'
    );
    CREATE TRIGGER IF NOT EXISTS calls_fts_insert AFTER INSERT ON calls BEGIN
        INSERT INTO calls_fts(rowid, prompt, output) VALUES (new.id, new.prompt, new.output);
    END;
    CREATE TRIGGER IF NOT EXISTS calls_fts_delete AFTER DELETE ON calls BEGIN
        INSERT INTO calls_fts(calls_fts, rowid, prompt, output) VALUES ('delete', old.id, old.prompt, old.output);
    END;
    CREATE TRIGGER IF NOT EXISTS calls_fts_update AFTER UPDATE ON calls BEGIN
        INSERT INTO calls_fts(calls_fts, rowid, prompt, output) VALUES ('delete', old.id, old.prompt, old.output);
        INSERT INTO calls_fts(rowid, prompt, output) VALUES (new.id, new.prompt, new.output);
    END;
    """
}
