"""Writes the labeled PII set that CurationQualityTests and bench/curation read.

Sentences come from templates filled by Faker (PyPI `faker`, seeded) with one or two
entities each plus distractor numbers (order ids, amounts, dates, times, versions, ZIP
codes) that must not be reported. Each line of the output:
  {"text": ..., "entities": [{"type": ..., "start": byte, "end": byte, "value": ...}]}
with UTF-8 byte offsets. The detectors were tuned on a development set (seed 20251126);
the committed, reported set uses another seed, so its numbers are held out:
  pip install faker==40.63.0
  python3 scripts/pii-labeled-fixture.py 7 > Tests/PipelineTests/Fixtures/pii-labeled.jsonl
"""
import json
import random
import sys

from faker import Faker

SEED = int(sys.argv[1]) if len(sys.argv) > 1 else 20251126
Faker.seed(SEED)
rng = random.Random(SEED)
locales = ["en_US", "en_GB", "de_DE", "fr_FR", "nl_NL"]
fakers = {loc: Faker(loc) for loc in locales}
us = fakers["en_US"]


def grouped(s, n=4):
    return " ".join(s[i:i + n] for i in range(0, len(s), n))


def distractor():
    return rng.choice([
        f"order #{rng.randint(10000, 999999)}",
        f"a total of ${rng.randint(1, 9999)}.{rng.randint(0, 99):02d}",
        f"on {us.date_between('-3y', 'today').isoformat()}",
        f"at {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}",
        f"version {rng.randint(1, 9)}.{rng.randint(0, 20)}.{rng.randint(0, 30)}",
        f"in {rng.randint(1990, 2025)}",
        f"ZIP {us.zipcode()}",
        f"SKU-{rng.randint(1000, 99999)}-{rng.choice('ABCDEFG')}",
        f"{rng.randint(2, 500)} units",
        f"ticket {rng.randint(100000, 9999999)}",
        f"LIMIT {rng.randint(5, 500)}",
        f"{rng.randint(2015, 2020)}-{rng.randint(2021, 2025)}",
    ])


def entity(kind):
    loc = rng.choice(locales)
    f = fakers[loc]
    if kind == "email":
        return rng.choice([f.email(), f.free_email(), f.company_email(), f.ascii_safe_email()])
    if kind == "phone":
        return f.phone_number()
    if kind == "credit_card":
        n = us.credit_card_number(card_type=rng.choice(["visa16", "visa13", "visa19", "mastercard", "amex", "discover", "jcb16", "diners"]))
        return grouped(n) if rng.random() < 0.4 and len(n) == 16 else n
    if kind == "iban":
        n = fakers[rng.choice(["en_GB", "de_DE", "fr_FR", "nl_NL"])].iban()
        return grouped(n) if rng.random() < 0.5 else n
    if kind == "ssn":
        return us.ssn()
    if kind == "ip_address":
        return rng.choice([us.ipv4(), us.ipv4_public(), us.ipv6()])
    if kind == "mac_address":
        return us.mac_address()
    if kind == "person":
        g = fakers[rng.choice(["en_US", "en_GB"])]
        return f"{g.first_name()} {g.last_name()}"
    if kind == "address":
        return us.street_address() + (f", {us.city()}, {us.state_abbr()} {us.zipcode()}" if rng.random() < 0.5 else "")
    if kind == "date_of_birth":
        d = us.date_of_birth()
        return d.strftime(rng.choice(["%Y-%m-%d", "%m/%d/%Y", "%d.%m.%Y", "%B %d, %Y", "%d %B %Y"]))
    if kind == "medical_record":
        return us.bothify(rng.choice(["MR-#######", "#########", "??######"])).upper()
    if kind == "url_credentials":
        return f"https://{us.user_name()}:{us.password(special_chars=False)}@{us.domain_name()}/{us.uri_path()}"
    if kind == "secret":
        body = us.pystr(min_chars=36, max_chars=36) + us.bothify("########")
        return rng.choice(["sk-proj-" + body, "ghp_" + body[:36], "AKIA" + us.bothify("????????????????").upper(),
                           "xoxb-" + us.bothify("##########-") + body[:24]])
    if kind == "crypto_address":
        return "0x" + us.hexify("^" * 40)
    raise ValueError(kind)


TEMPLATES = {
    "email": ["Please send the invoice to {x} before {d}.", "Contact: {x}", "The user {x} reported {d}.", "cc {x}; re {d}"],
    "phone": ["Call me at {x} about {d}.", "Phone: {x}", "You can reach the customer on {x} regarding {d}.", "tel {x} ({d})"],
    "credit_card": ["The card {x} was charged for {d}.", "Payment with card number {x} failed, {d}.", "refund to {x}"],
    "iban": ["Wire the refund to IBAN {x} for {d}.", "Account: {x}", "Bank details {x}, reference {d}."],
    "ssn": ["SSN {x} on file since {d}.", "Her social security number is {x}.", "Applicant {d}, SSN: {x}"],
    "ip_address": ["Login from {x} flagged, {d}.", "The request came from IP {x}.", "Blocked {x} after {d}."],
    "mac_address": ["Device {x} joined the network {d}.", "MAC address: {x}"],
    "person": ["{x} asked about {d}.", "The account holder is {x}.", "Please forward this to {x} by {d}.", "Signed, {x}"],
    "address": ["Ship {d} to {x}.", "The customer lives at {x}.", "Billing address: {x}"],
    "date_of_birth": ["Patient born on {x}, seen {d}.", "DOB: {x}", "Date of birth {x}; {d}."],
    "medical_record": ["MRN {x} admitted {d}.", "Medical record number: {x}", "Patient ID {x}, {d}."],
    "url_credentials": ["Connect with {x} for {d}.", "The webhook is {x}"],
    "secret": ["Use the key {x} for {d}.", "OPENAI_API_KEY={x}", "token: {x}"],
    "crypto_address": ["Send the payment to {x} by {d}.", "Wallet: {x}"],
}
COUNTS = {"email": 300, "phone": 400, "credit_card": 300, "iban": 300, "ssn": 300, "ip_address": 300,
          "mac_address": 100, "person": 300, "address": 200, "date_of_birth": 150, "medical_record": 100,
          "url_credentials": 60, "secret": 100, "crypto_address": 60}


def line(kind):
    template = rng.choice(TEMPLATES[kind])
    value = entity(kind)
    before, after = template.split("{x}")
    before, after = before.replace("{d}", distractor()), after.replace("{d}", distractor())
    text = before + value + after
    start = len(before.encode())
    return {"text": text, "entities": [{"type": kind, "start": start, "end": start + len(value.encode()), "value": value}]}


rows = [line(kind) for kind, n in COUNTS.items() for _ in range(n)]
rows += [{"text": "Nothing personal here: " + distractor() + ", " + distractor() + ".", "entities": []} for _ in range(400)]
rng.shuffle(rows)
for r in rows:
    print(json.dumps(r, ensure_ascii=False))
