"""Presidio peer for bench/curation: analyzer + anonymizer with pattern recognizers only,
on the same labeled texts. Prints per-entity recall/precision (same overlap rule as
DetectionQuality.swift) and MB/s of analyze + anonymize.

Runs offline: the no-op NLP engine (no spaCy model download), NhsRecognizer removed
(US numbers pass its checksum), PhoneRecognizer given the regions of the labeled set,
and tldextract without its suffix-list download.
  usage: python3 presidio_peer.py <labeled.jsonl>
"""
import json
import sys
import time

import tldextract
from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
from presidio_analyzer.nlp_engine import NlpEngineProvider
from presidio_analyzer.predefined_recognizers import PhoneRecognizer, NhsRecognizer
from presidio_anonymizer import AnonymizerEngine

import presidio_analyzer.predefined_recognizers.generic.email_recognizer as email_module

OFFLINE = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
if hasattr(email_module, "tldextract"):
    email_module.tldextract.extract = OFFLINE

MAP = {"EMAIL_ADDRESS": "email", "PHONE_NUMBER": "phone", "CREDIT_CARD": "credit_card", "IBAN_CODE": "iban",
       "US_SSN": "ssn", "IP_ADDRESS": "ip_address", "CRYPTO": "crypto_address", "URL": None, "DATE_TIME": None,
       "MAC_ADDRESS": "mac_address", "MEDICAL_LICENSE": None, "PERSON": "person"}


def main(path):
    rows = [json.loads(l) for l in open(path, encoding="utf-8")]
    nlp = NlpEngineProvider(nlp_configuration={"nlp_engine_name": "no_op", "models": [{"lang_code": "en", "model_name": "no_op"}]}).create_engine()
    registry = RecognizerRegistry()
    registry.load_predefined_recognizers(nlp_engine=nlp)
    registry.remove_recognizer(NhsRecognizer().name)
    registry.remove_recognizer("PhoneRecognizer")
    registry.add_recognizer(PhoneRecognizer(supported_regions=("US", "GB", "DE", "FR", "NL")))
    analyzer = AnalyzerEngine(registry=registry, nlp_engine=nlp)
    anonymizer = AnonymizerEngine()

    counts = {}
    texts = [r["text"] for r in rows]
    start = time.perf_counter()
    results = []
    for t in texts:
        found = analyzer.analyze(text=t, language="en")
        anonymizer.anonymize(text=t, analyzer_results=found)
        results.append(found)
    seconds = time.perf_counter() - start
    mb = sum(len(t.encode()) + 1 for t in texts) / 1e6

    for r, found in zip(rows, results):
        spans = []
        for f in found:
            kind = MAP.get(f.entity_type)
            if kind is None:
                continue
            s = len(r["text"][:f.start].encode())
            e = len(r["text"][:f.end].encode())
            spans.append((kind, s, e))
        for ent in r["entities"]:
            c = counts.setdefault(ent["type"], [0, 0, 0])
            hit = any(k == ent["type"] and s < ent["end"] and ent["start"] < e for k, s, e in spans)
            c[0 if hit else 1] += 1
        for k, s, e in spans:
            if not any(k == ent["type"] and s < ent["end"] and ent["start"] < e for ent in r["entities"]):
                counts.setdefault(k, [0, 0, 0])[2] += 1
    print("entity            n   recall  precision")
    for k, (tp, fn, fp) in counts.items():
        n = tp + fn
        rec = tp / n if n else 1.0
        prec = tp / (tp + fp) if tp + fp else 1.0
        print(f"{k:16s} {n:4d}  {rec:.3f}   {prec:.3f}")
    print(f"speed: {mb / seconds:.3f} MB/s ({mb:.2f} MB in {seconds:.2f} s)")


if __name__ == "__main__":
    main(sys.argv[1])
