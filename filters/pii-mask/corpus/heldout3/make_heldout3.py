#!/usr/bin/env python3
"""Writes heldout3.jsonl: the third held-out corpus for the pii-mask detectors.

Standard library only, fixed seed: running it twice writes the same file. Usage:
    python3 make_heldout3.py            # writes heldout3.jsonl next to this file, validates it
    python3 make_heldout3.py --stats    # also prints the count tables used in README.md
"""

import json
import os
import random
import sys
from collections import Counter

import values as V
import people as P
from frames import FRAMES, TECH
from negatives import LANGS, PROSE, TECHNICAL

SEED = 20261201
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "heldout3.jsonl")

LANG_W = {"en": 20, "de": 14, "fr": 12, "es": 12, "it": 9, "pt": 8, "nl": 8, "pl": 6, "sv": 5, "tr": 6}

# Primary samples per detector (secondary values in the same frame add more labels).
QUOTA = {
    "email": 160, "phone": 260, "credit_card": 170, "iban": 160, "ssn": 110, "ipv4": 115,
    "ipv6": 95, "openai_key": 75, "anthropic_key": 65, "aws_access_key": 70, "github_token": 70,
    "jwt": 95, "bearer_token": 70, "private_key": 45, "person_name": 80, "street_address": 165,
}
TECH_SHARE = {"openai_key": 0.55, "anthropic_key": 0.55, "aws_access_key": 0.55, "github_token": 0.55,
              "jwt": 0.55, "bearer_token": 0.55, "private_key": 0.6, "ipv6": 0.55, "ipv4": 0.45}
DET_SLOTS = {
    "email": ["email"], "phone": ["phone"], "credit_card": ["card"], "iban": ["iban"], "ssn": ["ssn"],
    "ipv4": ["ip4"], "ipv6": ["ip6"], "openai_key": ["openai", "key"], "anthropic_key": ["anthropic", "key"],
    "aws_access_key": ["aws", "key"], "github_token": ["github", "key"], "jwt": ["jwt"],
    "bearer_token": ["bearer"], "private_key": ["pem", "pemx", "pem_indented"],
    "person_name": ["name", "sname"], "street_address": ["street"],
}
KEY_DETECTORS = ["openai_key", "anthropic_key", "aws_access_key", "github_token"]
IBAN_COUNTRIES = {"de": ["DE", "DE", "DE", "AT", "CH"], "fr": ["FR", "FR", "FR", "BE", "LU", "CH"],
                  "es": ["ES"], "it": ["IT"], "pt": ["PT"], "nl": ["NL", "NL", "BE"], "pl": ["PL"],
                  "sv": ["SE"], "tr": ["TR"], "en": list(V.IBAN_LEN)}
BRANDS = list(V.CARD_BRANDS)
NEG_PER_PROSE = 32
NEG_PER_TECH = 23


def parse(template):
    """Splits a frame into literal text and slot names ('{{' and '}}' are literal braces)."""
    out, i, lit = [], 0, ""
    while i < len(template):
        ch = template[i]
        if template.startswith("{{", i) or template.startswith("}}", i):
            lit += ch
            i += 2
        elif ch == "{":
            j = template.index("}", i)
            out.append(("lit", lit))
            out.append(("slot", template[i + 1:j]))
            lit = ""
            i = j + 1
        else:
            lit += ch
            i += 1
    out.append(("lit", lit))
    return out


def slot_kind(slot):
    """'name2' -> ('name', '2'), 'ip4b' -> ('ip4', 'b'), 'pem_indented' -> ('pem_indented', '')."""
    if slot.endswith("2"):
        return slot[:-1], "2"
    if slot == "ip4b":
        return "ip4", "b"
    return slot, ""


def frame_slots(template):
    return [slot_kind(s)[0] for k, s in parse(template) if k == "slot"]


class Filler:
    """Fills one frame; values of the same slot and index are reused, people are shared."""

    def __init__(self, rng, lang, primary, primary_opts):
        self.rng, self.lang = rng, lang
        self.primary, self.opts = primary, primary_opts
        self.primary_done = False
        self.people, self.cache = {}, {}
        self.value_lang = lang if lang in P.GIVEN else rng.choice(LANGS)

    def person(self, idx):
        if idx not in self.people:
            self.people[idx] = P.person(self.rng, self.value_lang)
        return self.people[idx]

    def take_primary(self, det):
        if det == self.primary and not self.primary_done:
            self.primary_done = True
            return self.opts
        return {}

    def value(self, kind, idx):
        """Returns (text, detector or None, shape)."""
        key = (kind, idx)
        if key in self.cache:
            return self.cache[key]
        r, lang = self.rng, self.value_lang
        if kind == "name":
            self.take_primary("person_name")
            g, s = self.person(idx)
            v = (f"{g} {s}", "person_name", "full_name")
        elif kind == "sname":
            self.take_primary("person_name")
            v = (self.person(idx)[1], "person_name", "after_title")
        elif kind == "email":
            self.take_primary("email")
            if idx in self.people or r.random() < 0.5:
                g, s = self.person(idx)
                e, shape = P.email(r, lang, g, s)
            else:
                e, shape = P.email(r, lang)
            v = (e, "email", shape)
        elif kind == "phone":
            self.take_primary("phone")
            ph, shape = P.phone(r, lang)
            v = (ph, "phone", shape)
        elif kind == "card":
            o = self.take_primary("credit_card")
            c, shape = V.credit_card(r, o.get("brand"))
            v = (c, "credit_card", shape)
        elif kind == "iban":
            self.take_primary("iban")
            country = r.choice(IBAN_COUNTRIES[lang] if r.random() < 0.9 else list(V.IBAN_LEN))
            i, shape = V.iban(r, country)
            v = (i, "iban", shape)
        elif kind == "ssn":
            self.take_primary("ssn")
            s, shape = V.ssn(r)
            v = (s, "ssn", shape)
        elif kind == "ip4":
            self.take_primary("ipv4")
            a, shape = V.ipv4(r)
            v = (a, "ipv4", shape)
        elif kind == "ip6":
            self.take_primary("ipv6")
            a, shape = V.ipv6(r)
            v = (a, "ipv6", shape)
        elif kind == "street":
            self.take_primary("street_address")
            s, shape = P.street(r, lang)
            v = (s, "street_address", shape)
        elif kind in ("openai", "anthropic", "aws", "github", "key"):
            if kind == "key":
                det = self.primary if self.primary in KEY_DETECTORS and not self.primary_done else r.choice(KEY_DETECTORS)
            else:
                det = {"openai": "openai_key", "anthropic": "anthropic_key", "aws": "aws_access_key", "github": "github_token"}[kind]
            self.take_primary(det)
            fn = {"openai_key": V.openai_key, "anthropic_key": V.anthropic_key, "aws_access_key": V.aws_access_key,
                  "github_token": V.github_token}[det]
            k, shape = fn(r)
            v = (k, det, shape)
        elif kind == "jwt":
            self.take_primary("jwt")
            t, shape = V.jwt(r)
            v = (t, "jwt", shape)
        elif kind == "bearer":
            self.take_primary("bearer_token")
            t, shape = V.bearer_token(r)
            v = (t, "bearer_token", shape)
        elif kind in ("pem", "pemx", "pem_indented"):
            self.take_primary("private_key")
            t, shape = V.private_key(r, escaped=(kind == "pemx"))
            if kind == "pem_indented":
                t, shape = t.replace("\n", "\n    "), shape + "_indented"
            v = (t, "private_key", shape)
        elif kind == "city":
            v = (r.choice(P.CITY_LINE[lang]), None, "")
        elif kind == "date":
            v = ("%02d.%02d.%04d" % (r.randint(1, 28), r.randint(1, 12), r.randint(2023, 2026)) if lang != "en"
                 else "%02d/%02d/%04d" % (r.randint(1, 12), r.randint(1, 28), r.randint(2023, 2026)), None, "")
        elif kind == "ref":
            v = (r.choice(["#", "", "TK-", "ORD-", "CS-"]) + V.rs(r, "ABCDEFGHJKLMNPRSTUVWXYZ", 2) + V.digits(r, 5), None, "")
        elif kind == "amount":
            v = (f"{r.randint(5, 2500)}.{r.randint(0, 99):02d} {r.choice(['EUR', 'USD', 'GBP'])}", None, "")
        elif kind == "time":
            h = r.randint(8, 16)
            v = (f"{h}:00 and {h + 2}:00", None, "")
        else:
            raise KeyError(kind)
        self.cache[key] = v
        return v


def fill(rng, lang, context, template, primary, opts):
    f = Filler(rng, lang, primary, opts)
    text, labels, seen = "", [], set()
    for kind, s in parse(template):
        if kind == "lit":
            text += s
            continue
        k, idx = slot_kind(s)
        value, det, shape = f.value(k, idx)
        if k == "pem_indented":
            text += "    "
        if det is not None and value not in seen:
            seen.add(value)
            labels.append({"detector": det, "value": value, "form": shape, "_at": len(text)})
        text += value
    # The evaluation takes a value's first occurrence as its span: it must be where it was put.
    for lab in labels:
        if text.find(lab["value"]) != lab.pop("_at"):
            return None
    spans = sorted((text.find(l["value"]), text.find(l["value"]) + len(l["value"])) for l in labels)
    if any(a[1] > b[0] for a, b in zip(spans, spans[1:])):
        return None
    prim = [l for l in labels if l["detector"] == primary]
    if not prim:
        return None
    return {"text": text, "labels": labels, "lang": lang, "form": prim[0]["form"], "context": context}


def pick_lang(rng, langs):
    return rng.choices(langs, [LANG_W[l] for l in langs])[0]


def candidates(det):
    slots = DET_SLOTS[det]
    tech = [(c, t) for c, t in TECH if any(s in slots for s in frame_slots(t))]
    by_lang = {lang: [(c, t) for c, t in fr if any(s in slots for s in frame_slots(t))] for lang, fr in FRAMES.items()}
    by_lang = {k: v for k, v in by_lang.items() if v}
    return tech, by_lang


def positives(rng, seen):
    out = []
    for det, quota in QUOTA.items():
        tech, by_lang = candidates(det)
        for i in range(quota):
            opts = {}
            if det == "credit_card":
                opts["brand"] = BRANDS[i % len(BRANDS)]
            for _attempt in range(50):
                if det == "ssn":
                    lang = "en" if rng.random() < 0.85 else "es"
                    context, template = rng.choice(by_lang[lang])
                elif tech and (rng.random() < TECH_SHARE.get(det, 0.0) or not by_lang):
                    lang = "en"
                    context, template = rng.choice(tech)
                else:
                    lang = pick_lang(rng, list(by_lang))
                    context, template = rng.choice(by_lang[lang])
                sample = fill(rng, lang, context, template, det, opts)
                if sample and sample["text"] not in seen:
                    seen.add(sample["text"])
                    out.append(sample)
                    break
            else:
                raise RuntimeError(f"could not make a new {det} sample")
    return out


NEG_PREFIX = {
    "en": ["", "", "FYI: ", "Note: ", "> "], "de": ["", "", "Hinweis: ", "Info: "], "fr": ["", "", "Remarque : ", "Info : "],
    "es": ["", "", "Nota: ", "Aviso: "], "it": ["", "", "Nota: "], "pt": ["", "", "Nota: "], "nl": ["", "", "Let op: "],
    "pl": ["", "", "Uwaga: "], "sv": ["", "", "Obs: "], "tr": ["", "", "Not: "], "mixed": ["", ""],
}


def negatives(rng, seen):
    out = []
    plan = [(c, NEG_PER_PROSE) for c in PROSE] + [(c, NEG_PER_TECH) for c in TECHNICAL]
    for cat, n in plan:
        made = 0
        for _attempt in range(n * 40):
            if made == n:
                break
            if cat in PROSE:
                lang = pick_lang(rng, LANGS)
                text = PROSE[cat](rng, lang)
            else:
                text, lang = TECHNICAL[cat](rng, "en")
            if "\n" not in text and not text.startswith("|"):
                text = rng.choice(NEG_PREFIX[lang]) + text
            if rng.random() < 0.3:
                # A second, unrelated non-PII snippet: negatives are rarely one clean value.
                other = rng.choice([c for c in TECHNICAL if c != cat])
                text += rng.choice(["\n", " | ", " — ", "\n\n"]) + TECHNICAL[other](rng, "en")[0]
            if text in seen:
                continue
            seen.add(text)
            out.append({"text": text, "labels": [], "lang": lang, "form": f"negative_{cat}", "context": "negative"})
            made += 1
    return out


def check_value(det, value, n):
    """Re-checks the published rules on the written value (independent of how it was made)."""
    if det == "credit_card":
        d = "".join(ch for ch in value if ch.isdigit())
        assert 12 <= len(d) <= 19 and V.luhn_ok(d), (n, value)
    elif det == "iban":
        c = value.replace(" ", "")
        assert len(c) == V.IBAN_LEN[c[:2]] and V.iban_valid(c), (n, value)
    elif det == "ssn":
        a, g, s = value.replace(" ", "-").split("-")
        assert a not in ("000", "666") and a[0] != "9" and g != "00" and s != "0000", (n, value)
    elif det == "jwt":
        head = value.split(".")[0]
        header = json.loads(V.base64.urlsafe_b64decode(head + "=" * (-len(head) % 4)))
        assert "alg" in header and 3 <= value.count(".") + 1 <= 5, (n, value)
    elif det == "ipv4":
        octets = value.split(".")
        assert len(octets) == 4 and all(o == str(int(o)) and int(o) <= 255 for o in octets), (n, value)
    elif det == "ipv6":
        import ipaddress
        ipaddress.IPv6Address(value)


def validate(path):
    texts = set()
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            s = json.loads(line)
            assert set(s) == {"text", "labels", "lang", "form", "context"}, n
            assert s["text"] not in texts, f"duplicate sample on line {n}"
            texts.add(s["text"])
            for lab in s["labels"]:
                assert lab["value"] and lab["value"] in s["text"], f"label not in text on line {n}"
                check_value(lab["detector"], lab["value"], n)
            if not s["labels"]:
                assert s["form"].startswith("negative_"), n
    return len(texts)


def stats(samples):
    det, det_lang, lang_n, neg = Counter(), Counter(), Counter(), Counter()
    forms = {}
    for s in samples:
        lang_n[s["lang"]] += 1
        if not s["labels"]:
            neg[s["form"][len("negative_"):]] += 1
        for lab in s["labels"]:
            det[lab["detector"]] += 1
            det_lang[(lab["detector"], s["lang"])] += 1
            forms.setdefault(lab["detector"], Counter())[lab["form"]] += 1
    return det, det_lang, lang_n, neg, forms


def print_stats(samples):
    det, det_lang, lang_n, neg, forms = stats(samples)
    langs = [l for l in LANGS + ["mixed"] if lang_n[l]]
    n_labels = sum(det.values())
    multi = sum(1 for s in samples if len(s["labels"]) > 1)
    print(f"{len(samples)} samples, {n_labels} labels, {sum(neg.values())} hard negatives, {multi} samples with several labels\n")
    print("| detector | labels | " + " | ".join(langs) + " |")
    print("|---|---:|" + "---:|" * len(langs))
    for d in QUOTA:
        print(f"| {d} | {det[d]} | " + " | ".join(str(det_lang[(d, l)]) for l in langs) + " |")
    print("\n| language | samples |\n|---|---:|")
    for l in langs:
        print(f"| {l} | {lang_n[l]} |")
    print("\n| negative category | samples |\n|---|---:|")
    for c, n in sorted(neg.items()):
        print(f"| {c} | {n} |")
    ctx = Counter(s["context"] for s in samples if s["labels"])
    print("\n| context (samples with labels) | samples |\n|---|---:|")
    for c, n in sorted(ctx.items()):
        print(f"| {c} | {n} |")
    print("\n| detector | label forms |\n|---|---|")
    for d in QUOTA:
        print(f"| {d} | " + ", ".join(f"`{f}` {n}" for f, n in sorted(forms[d].items())) + " |")


def main():
    rng = random.Random(SEED)
    seen = set()
    samples = positives(rng, seen) + negatives(rng, seen)
    rng.shuffle(samples)
    with open(OUT, "w", encoding="utf-8", newline="\n") as fh:
        for s in samples:
            fh.write(json.dumps(s, ensure_ascii=False) + "\n")
    n = validate(OUT)
    print(f"wrote {OUT}: {n} samples", file=sys.stderr)
    if "--stats" in sys.argv:
        print_stats(samples)


if __name__ == "__main__":
    main()
