#!/usr/bin/env python3
"""Second held-out corpus for the pii-mask detectors (issue 12).

Written without reading the detector rules or the tuning corpus: the frames, value shapes,
name/street lists and hard negatives below are this file's own. Standard library only, fixed
seed: running it twice writes the same heldout2.jsonl.

    python3 make_heldout2.py            # writes heldout2.jsonl next to this file

Line format (the held-out format): {"text", "labels": [{"detector", "value"}], "lang", "form"};
every value is an exact substring of text, first occurrence; hard negatives have no labels.
"""

import base64
import ipaddress
import json
import os
import random
import string

SEED = 20261201
R = random.Random(SEED)
LANGS = ["en", "de", "fr", "es", "it", "pt", "nl"]

ALNUM = string.ascii_letters + string.digits
URLSAFE = ALNUM + "-_"
B64 = ALNUM + "+/"


def rs(n, chars=ALNUM):
    return "".join(R.choice(chars) for _ in range(n))


def digits(n):
    return "".join(R.choice(string.digits) for _ in range(n))


def pick(seq):
    return R.choice(seq)


def b64url(raw):
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def rbytes(n):
    return bytes(R.randrange(256) for _ in range(n))


# ---------------------------------------------------------------- checksums (validated here)

def luhn_ok(num):
    total = 0
    for i, ch in enumerate(reversed(num)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def luhn_complete(prefix, length):
    body = prefix + digits(length - len(prefix) - 1)
    for c in string.digits:
        if luhn_ok(body + c):
            return body + c
    raise AssertionError


def iban_check_ok(iban):
    s = iban[4:] + iban[:4]
    n = "".join(str(int(c, 36)) for c in s)
    return int(n) % 97 == 1


def iban_make(country, bban):
    s = bban + country + "00"
    n = int("".join(str(int(c, 36)) for c in s))
    check = 98 - n % 97
    iban = f"{country}{check:02d}{bban}"
    assert iban_check_ok(iban)
    return iban


def ssn_ok(a, g, s):
    return a not in (0, 666) and a < 900 and 1 <= a and g != 0 and s != 0


def ean13_ok(code):
    total = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(code[:12]))
    return (10 - total % 10) % 10 == int(code[12])


def ean13_make(prefix):
    while True:
        body = prefix + digits(12 - len(prefix))
        total = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(body))
        code = body + str((10 - total % 10) % 10)
        assert ean13_ok(code)
        if not luhn_ok(code):  # a valid EAN that is also Luhn-valid would be ambiguous
            return code


# ---------------------------------------------------------------- value generators

# Own word lists for e-mail local parts and domains.
LOCAL_WORDS = ["marta", "jonas", "lea", "tobias", "ines", "pieter", "chiara", "rui", "ana", "tom",
               "sven", "claire", "diego", "lucia", "bram", "greta", "hugo", "nora", "paolo", "eva",
               "finance", "ops", "helpdesk", "kontakt", "compta", "ventas", "ufficio", "vendas",
               "info", "facturen", "noreply", "team", "hr", "press", "orders", "alerts"]
LAST_WORDS = ["keller", "moreau", "ortega", "bianchi", "sousa", "dekker", "walsh", "brandt",
              "laurent", "navarro", "ferri", "pinto", "visser", "hughes", "lang", "roux"]
DOMAINS = ["northwind-traders.com", "contoso.de", "beispiel-gmbh.de", "exemple-sarl.fr",
           "correo-empresa.es", "studio-rossi.it", "empresa.com.br", "bedrijf-online.nl",
           "acme-corp.io", "fabrikam.co.uk", "tailspin.travel", "uni-example.edu",
           "widgets.com.au", "kanzlei-meier.at", "atelier-blanc.ch", "lojaexemplo.pt",
           "dev.example.org", "mailhost.net", "brightlane.dev", "ferrovia-example.it"]
SUBS = ["mail", "eu", "support", "intern", "cs", "lists", "staff", "m", "sales.emea"]


def v_email():
    form = pick(["plain", "plain", "dotted", "plus", "subdomain", "digits", "mixed_case",
                 "underscore", "hyphen"])
    first, last = pick(LOCAL_WORDS), pick(LAST_WORDS)
    dom = pick(DOMAINS)
    if form == "plain":
        local = first
    elif form == "dotted":
        local = f"{first}.{last}"
    elif form == "plus":
        local = f"{first}+{pick(['newsletter', 'invoices', 'test', 'shop', 'github', '2026'])}"
    elif form == "subdomain":
        local = f"{first[0]}{last}"
        dom = f"{pick(SUBS)}.{dom}"
    elif form == "digits":
        local = f"{first}{R.randrange(1, 99999)}"
    elif form == "mixed_case":
        local = f"{first.capitalize()}.{last.upper()}"
        dom = dom.upper() if R.random() < 0.5 else dom.capitalize()
    elif form == "underscore":
        local = f"{first}_{last}"
    else:
        local = f"{first}-{last}"
    return f"{local}@{dom}", form


def nanp():
    area = f"{R.randrange(2, 10)}{R.randrange(0, 9)}{R.randrange(10)}"
    exch = f"{R.randrange(2, 10)}{digits(2)}"
    return area, exch, digits(4)


def v_phone():
    """Returns (value, form); the national formats use each country's own grouping."""
    c = pick(["us", "us", "uk", "de", "de", "fr", "fr", "es", "it", "pt", "nl", "ch", "at",
              "be", "pl", "br", "e164", "ext"])
    if c == "us":
        a, e, n = nanp()
        f = pick([f"({a}) {e}-{n}", f"{a}-{e}-{n}", f"{a}.{e}.{n}", f"+1 {a} {e} {n}",
                  f"1-{a}-{e}-{n}", f"+1 ({a}) {e}-{n}", f"+1-{a}-{e}-{n}"])
        return f, "us"
    if c == "uk":
        f = pick([
            f"020 {R.randrange(3, 9)}{digits(3)} {digits(4)}",
            f"07{R.randrange(4, 10)}{digits(2)} {digits(6)}",
            f"+44 20 {R.randrange(3, 9)}{digits(3)} {digits(4)}",
            f"+44 (0)20 {R.randrange(3, 9)}{digits(3)} {digits(4)}",
            f"+44 7{R.randrange(4, 10)}{digits(2)} {digits(6)}",
            f"0161 {R.randrange(2, 9)}{digits(2)} {digits(4)}",
        ])
        return f, "uk"
    if c == "de":
        f = pick([
            f"030 {R.randrange(2, 9)}{digits(7)}",
            f"0{pick(['151', '160', '171', '176'])} {digits(4)} {digits(4)}",
            f"+49 {pick(['30', '40', '89', '221'])} {R.randrange(2, 9)}{digits(6)}",
            f"+49 (0){pick(['151', '172'])} {digits(3)} {digits(5)}",
            f"089/{R.randrange(2, 9)}{digits(6)}",
            f"0171-{digits(7)}",
            f"0{pick(['69', '711', '211'])} {digits(3)} {digits(3)}-{digits(2)}",
        ])
        return f, "de"
    if c == "fr":
        p = lambda: " ".join(digits(2) for _ in range(4))  # noqa: E731
        f = pick([
            f"0{R.randrange(1, 6)} {p()}",
            f"06 {p()}",
            f"+33 {R.randrange(1, 8)} {p()}",
            f"+33 (0){R.randrange(6, 8)} {p()}",
            "0" + str(R.randrange(6, 8)) + "." + ".".join(digits(2) for _ in range(4)),
            "0" + str(R.randrange(1, 6)) + "-" + "-".join(digits(2) for _ in range(4)),
        ])
        return f, "fr"
    if c == "es":
        f = pick([f"9{digits(2)} {digits(3)} {digits(3)}", f"6{digits(2)} {digits(2)} {digits(2)} {digits(2)}",
                  f"+34 6{digits(2)} {digits(3)} {digits(3)}", f"+34 91 {digits(3)} {digits(2)} {digits(2)}",
                  f"(+34) 6{digits(2)} {digits(3)} {digits(3)}"])
        return f, "es"
    if c == "it":
        f = pick([f"06 {digits(4)} {digits(4)}", f"02 {digits(4)} {digits(4)}",
                  f"3{R.randrange(20, 50)} {digits(3)} {digits(4)}",
                  f"+39 3{R.randrange(20, 50)} {digits(3)} {digits(4)}",
                  f"+39 06 {digits(4)} {digits(4)}", f"+39 011 {digits(3)} {digits(4)}"])
        return f, "it"
    if c == "pt":
        f = pick([f"21 {digits(3)} {digits(4)}", f"9{pick('1236')}{digits(1)} {digits(3)} {digits(3)}",
                  f"+351 9{pick('1236')}{digits(1)} {digits(3)} {digits(3)}",
                  f"+351 22 {digits(3)} {digits(4)}"])
        return f, "pt"
    if c == "nl":
        f = pick([f"020 {digits(3)} {digits(4)}", f"06 {digits(8)}", f"06-{digits(8)}",
                  f"+31 6 {digits(8)}", f"+31 (0)20 {digits(3)} {digits(4)}",
                  f"010-{digits(3)} {digits(4)}", f"+31 6 {digits(4)} {digits(4)}"])
        return f, "nl"
    if c == "ch":
        f = pick([f"044 {digits(3)} {digits(2)} {digits(2)}", f"+41 44 {digits(3)} {digits(2)} {digits(2)}",
                  f"07{pick('6789')} {digits(3)} {digits(2)} {digits(2)}",
                  f"+41 7{pick('6789')} {digits(3)} {digits(2)} {digits(2)}"])
        return f, "ch"
    if c == "at":
        f = pick([f"01 {R.randrange(2, 9)}{digits(6)}", f"+43 1 {R.randrange(2, 9)}{digits(6)}",
                  f"0664 {digits(7)}", f"+43 664 {digits(3)} {digits(4)}"])
        return f, "at"
    if c == "be":
        f = pick([f"02 {digits(3)} {digits(2)} {digits(2)}", f"04{pick('789')}{digits(1)} {digits(2)} {digits(2)} {digits(2)}",
                  f"+32 4{pick('789')}{digits(1)} {digits(2)} {digits(2)} {digits(2)}",
                  f"+32 2 {digits(3)} {digits(2)} {digits(2)}"])
        return f, "be"
    if c == "pl":
        f = pick([f"+48 {pick('5678')}{digits(2)} {digits(3)} {digits(3)}",
                  f"{pick('5678')}{digits(2)}-{digits(3)}-{digits(3)}",
                  f"+48 22 {digits(3)} {digits(2)} {digits(2)}"])
        return f, "pl"
    if c == "br":
        f = pick([f"(11) 9{digits(4)}-{digits(4)}", f"+55 11 9{digits(4)}-{digits(4)}",
                  f"+55 (21) 9{digits(4)}-{digits(4)}", f"(21) {R.randrange(2, 6)}{digits(3)}-{digits(4)}"])
        return f, "br"
    if c == "e164":
        f = pick([f"+1{''.join(nanp())}", f"+447{R.randrange(4, 10)}{digits(8)}",
                  f"+4915{digits(9)}", f"+336{digits(8)}", f"+346{digits(8)}",
                  f"+393{digits(9)}", f"+3162{digits(7)}", f"+351912{digits(6)}"])
        return f, "e164"
    a, e, n = nanp()
    f = pick([f"({a}) {e}-{n} ext. {R.randrange(10, 9999)}", f"{a}-{e}-{n} x{R.randrange(10, 999)}",
              f"+49 30 {R.randrange(2, 9)}{digits(5)}-{R.randrange(10, 999)}",
              f"+1 {a} {e} {n} ext {R.randrange(10, 999)}",
              f"+33 1 {digits(2)} {digits(2)} {digits(2)} {digits(2)} poste {R.randrange(10, 999)}"])
    return f, "ext"


BRANDS = {
    "visa": (lambda: "4", [16, 16, 16, 13]),
    "mastercard": (lambda: pick([str(R.randrange(51, 56)), str(R.randrange(2221, 2721))]), [16]),
    "amex": (lambda: pick(["34", "37"]), [15]),
    "discover": (lambda: pick(["6011", "65", str(R.randrange(644, 650))]), [16]),
    "jcb": (lambda: str(R.randrange(3528, 3590)), [16]),
    "diners": (lambda: pick(["36", str(R.randrange(300, 306))]), [14]),
    "unionpay": (lambda: "62" + str(R.randrange(10, 99)), [16, 19]),
    "maestro": (lambda: pick(["6759", "5018", "5020", "6304"]), [16, 19]),
}


def group_card(num, sep):
    n = len(num)
    if n == 15:
        parts = [num[:4], num[4:10], num[10:]]
    elif n == 14:
        parts = [num[:4], num[4:10], num[10:]]
    elif n == 19:
        parts = [num[i:i + 4] for i in range(0, 16, 4)] + [num[16:]]
    elif n == 13:
        parts = [num[:4], num[4:7], num[7:10], num[10:]]
    else:
        parts = [num[i:i + 4] for i in range(0, n, 4)]
    return sep.join(parts)


def v_card():
    brand = pick(list(BRANDS))
    pre, lengths = BRANDS[brand]
    num = luhn_complete(pre(), pick(lengths))
    assert luhn_ok(num)
    style = pick(["spaces", "spaces", "dashes", "compact", "compact", "nbsp"])
    if style == "spaces":
        v = group_card(num, " ")
    elif style == "dashes":
        v = group_card(num, "-")
    elif style == "nbsp":
        v = group_card(num, "\u00a0")
    else:
        v = num
    return v, style, brand


def v_ssn():
    while True:
        a, g, s = R.randrange(1, 900), R.randrange(1, 100), R.randrange(1, 10000)
        if ssn_ok(a, g, s):
            break
    form = pick(["dashes", "dashes", "dashes", "spaces", "compact"])
    sep = {"dashes": "-", "spaces": " ", "compact": ""}[form]
    return f"{a:03d}{sep}{g:02d}{sep}{s:04d}", form


def _n(k):
    return digits(k)


def _a(k):
    return "".join(R.choice(string.ascii_uppercase) for _ in range(k))


def _c(k):
    return "".join(R.choice(string.ascii_uppercase + string.digits) for _ in range(k))


IBAN_BBAN = {
    "DE": lambda: _n(18), "FR": lambda: _n(10) + _c(11) + _n(2), "ES": lambda: _n(20),
    "IT": lambda: _a(1) + _n(10) + _c(12), "NL": lambda: _a(4) + _n(10), "BE": lambda: _n(12),
    "AT": lambda: _n(16), "CH": lambda: _n(5) + _c(12), "GB": lambda: _a(4) + _n(14),
    "PT": lambda: _n(21), "PL": lambda: _n(24), "IE": lambda: _a(4) + _n(14),
    "LU": lambda: _n(3) + _c(13), "DK": lambda: _n(14), "SE": lambda: _n(20),
}


def v_iban(country=None):
    country = country or pick(list(IBAN_BBAN))
    iban = iban_make(country, IBAN_BBAN[country]())
    form = pick(["grouped", "grouped", "compact"])
    if form == "grouped":
        iban = " ".join(iban[i:i + 4] for i in range(0, len(iban), 4))
    return iban, form, country


def v_ipv4():
    while True:
        first = R.randrange(1, 224)
        if first in (127,):
            continue
        ip = f"{first}.{R.randrange(256)}.{R.randrange(256)}.{R.randrange(1, 255)}"
        ipaddress.IPv4Address(ip)
        return ip


def v_ipv6():
    form = pick(["compressed", "compressed", "full", "link_local", "upper", "doc_like"])
    groups = [R.randrange(0x2001, 0x2c00)] + [R.randrange(0x10000) for _ in range(7)]
    if form in ("compressed", "upper", "doc_like"):
        start = R.randrange(2, 6)
        for i in range(start, start + R.randrange(2, 4)):
            if i < 8:
                groups[i] = 0
    if form == "link_local":
        groups = [0xfe80, 0, 0, 0] + [R.randrange(0x10000) for _ in range(4)]
    if form == "doc_like":
        groups[0], groups[1] = 0x2a02, R.randrange(0x100, 0xffff)
    addr = ipaddress.IPv6Address(sum(g << (16 * (7 - i)) for i, g in enumerate(groups)))
    if form == "full":
        return addr.exploded, form
    if form == "upper":
        return addr.compressed.upper(), form
    return addr.compressed, form


def v_openai():
    form = pick(["legacy", "proj", "proj", "svcacct", "admin"])
    mid = "T3BlbkFJ"
    if form == "legacy":
        return "sk-" + rs(20) + mid + rs(20), form
    if form == "proj":
        return "sk-proj-" + rs(74, URLSAFE) + mid + rs(74, URLSAFE), form
    if form == "svcacct":
        return "sk-svcacct-" + rs(70, URLSAFE) + mid + rs(70, URLSAFE), form
    return "sk-admin-" + rs(60, URLSAFE) + mid + rs(60, URLSAFE), form


def v_anthropic():
    if R.random() < 0.8:
        return "sk-ant-api03-" + rs(93, URLSAFE) + "AA", "api03"
    return "sk-ant-admin01-" + rs(93, URLSAFE) + "AA", "admin01"


def v_aws():
    pre = pick(["AKIA", "AKIA", "AKIA", "ASIA"])
    return pre + "".join(R.choice(string.ascii_uppercase + "234567") for _ in range(16)), pre.lower()


def v_github():
    kind = pick(["ghp", "ghp", "gho", "ghu", "ghs", "ghr", "pat", "pat"])
    if kind == "pat":
        return "github_pat_" + rs(22) + "_" + rs(59), "fine_grained"
    return f"{kind}_" + rs(36), kind


def _jose_header():
    alg = pick(["HS256", "RS256", "ES256", "PS256", "RS512", "EdDSA", "ES384"])
    parts = [("alg", alg)]
    if R.random() < 0.7:
        parts.append(("typ", pick(["JWT", "JWT", "at+jwt", "dpop+jwt"])))
    if R.random() < 0.5:
        parts.append(("kid", rs(R.randrange(8, 30), URLSAFE)))
    R.shuffle(parts)
    spaced = R.random() < 0.3
    return json.dumps(dict(parts), separators=(", ", ": ") if spaced else (",", ":")), alg


SIG_LEN = {"HS256": 32, "RS256": 256, "PS256": 256, "RS512": 512, "ES256": 64, "EdDSA": 64,
           "ES384": 96}


def v_jwt():
    form = pick(["jws", "jws", "jws", "jws", "opaque_payload", "jwe", "jwe_dir", "alg_none"])
    if form.startswith("jwe"):
        alg = "dir" if form == "jwe_dir" else pick(["RSA-OAEP", "RSA-OAEP-256", "A256KW"])
        hdr = json.dumps({"alg": alg, "enc": pick(["A256GCM", "A128CBC-HS256"])},
                         separators=(",", ":"))
        ek = "" if alg == "dir" else b64url(rbytes(256 if alg.startswith("RSA") else 40))
        return ".".join([b64url(hdr.encode()), ek, b64url(rbytes(12)),
                         b64url(rbytes(R.randrange(40, 200))), b64url(rbytes(16))]), form
    if form == "alg_none":
        hdr = '{"alg":"none","typ":"JWT"}'
        alg = "none"
    else:
        hdr, alg = _jose_header()
    now = 1764500000 + R.randrange(10 ** 7)
    claims = {"sub": pick([str(R.randrange(10 ** 6, 10 ** 9)), rs(12), "user-" + rs(6)]),
              "iat": now, "exp": now + pick([300, 3600, 86400])}
    if R.random() < 0.5:
        claims["iss"] = pick(["https://auth.example-idp.com/", "https://login.contoso.de", "acme"])
    if R.random() < 0.4:
        claims["scope"] = pick(["read write", "openid profile", "admin"])
    if form == "opaque_payload":
        payload = b64url(rbytes(R.randrange(20, 80)))
    else:
        payload = b64url(json.dumps(claims, separators=(",", ":")).encode())
    sig = "" if alg == "none" else b64url(rbytes(SIG_LEN.get(alg, 32)))
    return f"{b64url(hdr.encode())}.{payload}.{sig}", form


def v_bearer():
    form = pick(["opaque", "opaque", "hex", "b64pad", "dotted"])
    if form == "opaque":
        return rs(R.randrange(24, 64), ALNUM + "-._~"), form
    if form == "hex":
        return rs(40, "0123456789abcdef"), form
    if form == "b64pad":
        return base64.b64encode(rbytes(R.choice([30, 31, 32, 40]))).decode(), form
    return rs(8) + "." + rs(22, URLSAFE) + "." + rs(27, URLSAFE), form


PEM_KINDS = {
    "pkcs8": ("PRIVATE KEY", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ"),
    "rsa": ("RSA PRIVATE KEY", "MIIEowIBAAKCAQEA"),
    "ec": ("EC PRIVATE KEY", "MHcCAQEEI"),
    "openssh": ("OPENSSH PRIVATE KEY", "b3BlbnNzaC1rZXktdjEAAAAA"),
    "encrypted": ("ENCRYPTED PRIVATE KEY", "MIIFHDBOBgkqhkiG9w0BBQ0wQTApBgkqhkiG9w0BBQwwHAQI"),
    "dsa": ("DSA PRIVATE KEY", "MIIBuwIBAAKBgQ"),
}


def v_pem(json_escaped=False):
    kind = pick(list(PEM_KINDS) + ["pkcs8", "rsa", "rsa_dek"])
    extra = ""
    if kind == "rsa_dek":
        label, start = PEM_KINDS["rsa"]
        extra = f"Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,{rs(32, '0123456789ABCDEF')}\n\n"
    else:
        label, start = PEM_KINDS[kind]
    width = 70 if kind == "openssh" else 64
    nlines = R.randrange(4, 12) if kind in ("ec", "dsa") else R.randrange(8, 26)
    body = start + rs(width * nlines - len(start) + R.randrange(10, 50), B64)
    lines = [body[i:i + width] for i in range(0, len(body), width)]
    if kind != "openssh" and R.random() < 0.5:
        lines[-1] = lines[-1][:-2] + "=="
    pem = f"-----BEGIN {label}-----\n{extra}" + "\n".join(lines) + f"\n-----END {label}-----"
    if json_escaped:
        pem = pem.replace("\n", "\\n")
    return pem, kind


# ---------------------------------------------------------------- frames

# Nouns per detector per language (used inside the generic frames).
NOUNS = {
    "email": {"en": "email address", "de": "E-Mail-Adresse", "fr": "adresse e-mail",
              "es": "correo electrónico", "it": "indirizzo email", "pt": "endereço de e-mail",
              "nl": "e-mailadres"},
    "phone": {"en": "phone number", "de": "Telefonnummer", "fr": "numéro de téléphone",
              "es": "número de teléfono", "it": "numero di telefono", "pt": "número de telefone",
              "nl": "telefoonnummer"},
    "credit_card": {"en": "card number", "de": "Kartennummer", "fr": "numéro de carte",
                    "es": "número de tarjeta", "it": "numero della carta", "pt": "número do cartão",
                    "nl": "kaartnummer"},
    "ssn": {"en": "Social Security number", "de": "US-Sozialversicherungsnummer (SSN)",
            "fr": "numéro de sécurité sociale américain (SSN)", "es": "número de Seguro Social (SSN)",
            "it": "Social Security Number", "pt": "número do Seguro Social (SSN)",
            "nl": "Amerikaanse SSN"},
    "iban": {"en": "IBAN", "de": "IBAN", "fr": "IBAN", "es": "IBAN", "it": "IBAN", "pt": "IBAN",
             "nl": "IBAN"},
    "ipv4": {"en": "IP address", "de": "IP-Adresse", "fr": "adresse IP", "es": "dirección IP",
             "it": "indirizzo IP", "pt": "endereço IP", "nl": "IP-adres"},
    "ipv6": {"en": "IPv6 address", "de": "IPv6-Adresse", "fr": "adresse IPv6", "es": "dirección IPv6",
             "it": "indirizzo IPv6", "pt": "endereço IPv6", "nl": "IPv6-adres"},
    "openai_key": {"en": "OpenAI key", "de": "OpenAI-Schlüssel", "fr": "clé OpenAI",
                   "es": "clave de OpenAI", "it": "chiave OpenAI", "pt": "chave da OpenAI",
                   "nl": "OpenAI-sleutel"},
    "anthropic_key": {"en": "Anthropic API key", "de": "Anthropic-API-Key", "fr": "clé API Anthropic",
                      "es": "clave API de Anthropic", "it": "chiave API di Anthropic",
                      "pt": "chave de API da Anthropic", "nl": "Anthropic API-sleutel"},
    "aws_access_key": {"en": "AWS access key ID", "de": "AWS-Access-Key-ID", "fr": "identifiant de clé AWS",
                       "es": "ID de clave de acceso de AWS", "it": "access key AWS",
                       "pt": "ID da chave de acesso AWS", "nl": "AWS-toegangssleutel"},
    "github_token": {"en": "GitHub token", "de": "GitHub-Token", "fr": "jeton GitHub",
                     "es": "token de GitHub", "it": "token GitHub", "pt": "token do GitHub",
                     "nl": "GitHub-token"},
    "jwt": {"en": "session token", "de": "Sitzungstoken", "fr": "jeton de session",
            "es": "token de sesión", "it": "token di sessione", "pt": "token de sessão",
            "nl": "sessietoken"},
}

# Generic frames: {n} is the noun, {v} the value. Chat prompts, tickets, mails, notes.
GENERIC = {
    "en": [
        "hey, quick one: can you check why my {n} {v} keeps getting rejected?",
        "Ticket #48213 - customer reports the {n} on file ({v}) is outdated.",
        "Write a short, friendly reply confirming that we saved {v} as the new {n}.",
        "Translate into German: \"Our records show {v} as your {n}.\"",
        "> on file: {v}\nIs this {n} still correct? Please reply before Friday.",
        "Note to self - {n}: {v} (do not share)",
        "Summarise the thread. Last message: 'changed the {n} to {v}, works now'.",
        "FYI the {n} you asked for is {v}; let me know if anything bounces.",
    ],
    "de": [
        "Hallo, kannst du bitte prüfen, warum {v} als {n} nicht akzeptiert wird?",
        "Störungsmeldung 3391: Im Kundenkonto steht als {n} noch {v}.",
        "Formuliere eine kurze Antwort: Wir haben {v} als neue {n} hinterlegt.",
        "Übersetze ins Englische: „Gespeichert ist: {v} ({n}).“",
        "Bitte nicht weitergeben – {n}: {v}",
        "Kurze Rückfrage ({n}): ist {v} noch aktuell?",
        "Fasse zusammen: Der Kunde schreibt, neu sei jetzt {v} ({n}).",
    ],
    "fr": [
        "Bonjour, pouvez-vous vérifier pourquoi le système refuse {v} comme {n} ?",
        "Demande n° 5520 : le client indique une mise à jour ({n}) : {v}.",
        "Rédige une réponse polie : nous avons enregistré {v} ({n}).",
        "Traduis en anglais : « Nous avons noté {v} ({n}). »",
        "À ne pas diffuser — {n} : {v}",
        "Petite question ({n}) : est-ce que {v} est toujours valable ?",
        "Résume le fil : dernier message « j'ai mis {v} comme {n}, ça marche ».",
    ],
    "es": [
        "Hola, ¿puedes revisar por qué no se acepta {v} como {n}?",
        "Incidencia 7781: el cliente dice que el dato ({n}) ahora es {v}.",
        "Redacta una respuesta breve: hemos guardado {v} como {n}.",
        "Traduce al inglés: «Su {n} es {v}».",
        "No compartir — {n}: {v}",
        "Una duda ({n}): ¿sigue siendo válido {v}?",
        "Resume la conversación. Último mensaje: \"puse {v} ({n}) y ya funciona\".",
    ],
    "it": [
        "Ciao, puoi controllare perché {v} non viene accettato come {n}?",
        "Segnalazione 2204: il cliente comunica il nuovo dato ({n}): {v}.",
        "Scrivi una risposta cortese: abbiamo salvato {v} come {n}.",
        "Traduci in inglese: «Abbiamo registrato {v} ({n})».",
        "Riservato — {n}: {v}",
        "Domanda veloce ({n}): {v} è ancora valido?",
    ],
    "pt": [
        "Olá, podes verificar porque é que {v} não é aceite como {n}?",
        "Chamado 6613: o cliente indica um novo dado ({n}): {v}.",
        "Escreve uma resposta curta: guardámos {v} como {n}.",
        "Traduz para inglês: «Registámos {v} ({n})».",
        "Confidencial — {n}: {v}",
        "Pergunta rápida ({n}): {v} ainda é válido?",
    ],
    "nl": [
        "Hoi, kun je nagaan waarom {v} niet wordt geaccepteerd als {n}?",
        "Melding 4410: de klant geeft een nieuw gegeven door ({n}): {v}.",
        "Schrijf een kort antwoord: we hebben {v} opgeslagen als {n}.",
        "Vertaal naar het Engels: 'Uw {n} is {v}.'",
        "Vertrouwelijk — {n}: {v}",
        "Korte vraag: klopt {v} nog als {n}?",
    ],
}

# Structural frames shared by all types (lang from the noun); {k} a field key.
STRUCT = [
    ("json", '{{"id": 1042, "{k}": "{v}", "verified": false}}'),
    ("csv", "row,{k},status\n17,{v},active"),
    ("md_table", "| field | value |\n|---|---|\n| {k} | {v} |\n| status | pending |"),
    ("code_comment", "# TODO remove before merge: {k} = {v}"),
    ("yaml", "customer:\n  tier: gold\n  {k}: {v}\n"),
    ("log", "2026-03-14T09:12:44Z WARN profile update {k}={v} result=ok"),
    ("kv", "{k}: {v}"),
]
KEYS = {"email": "email", "phone": "phone", "credit_card": "card_number", "ssn": "ssn",
        "iban": "iban", "ipv4": "client_ip", "ipv6": "remote_addr", "openai_key": "OPENAI_API_KEY",
        "anthropic_key": "ANTHROPIC_API_KEY", "aws_access_key": "aws_access_key_id",
        "github_token": "GITHUB_TOKEN", "jwt": "id_token"}

# Type-specific real-world frames: (lang, form suffix or None, template).
SPECIFIC = {
    "email": [
        ("en", "angle", "From: Billing Desk <{v}>\nSubject: your March invoice"),
        ("en", "mailto", "Questions? <a href=\"mailto:{v}\">write to us</a>"),
        ("en", "mailto", "[contact us](mailto:{v}?subject=Refund)"),
        ("de", "angle", "Antwort an: <{v}>"),
        ("fr", "angle", "De : Service client <{v}>"),
        ("es", None, "Para: {v}; CC: el equipo de ventas"),
        ("it", None, "Scrivimi pure a {v}, rispondo entro sera."),
        ("pt", None, "Pode mandar o orçamento para {v}?"),
        ("nl", None, "Stuur de offerte naar {v} a.u.b."),
        ("en", "json_user", '{{"user": "{v}", "role": "viewer"}}'),
        ("en", "json_name", '{{"name": "{v}", "content": "hi"}}'),
        ("en", None, "git config user.email \"{v}\""),
        ("en", None, "Reply-To: {v}"),
    ],
    "phone": [
        ("en", None, "Call me back at {v} after 5pm."),
        ("en", None, "Tel: {v} | Fax: none"),
        ("de", None, "Rückruf bitte unter {v}, am besten vormittags."),
        ("de", None, "Tel.: {v}"),
        ("fr", None, "Vous pouvez me joindre au {v} en journée."),
        ("es", None, "Llámame al {v} cuando puedas."),
        ("it", None, "Il mio cellulare è {v}."),
        ("pt", None, "Liga-me para o {v} amanhã."),
        ("nl", None, "Bel me gerust op {v}."),
        ("en", None, "<a href=\"tel:{v}\">Call support</a>"),
        ("en", None, "SMS code sent to {v}"),
    ],
    "credit_card": [
        ("en", "brackets", "Card ({v}) was declined twice."),
        ("en", "brackets", "[{v}] expires 09/28"),
        ("de", "brackets", "Bitte die Karte ({v}) sperren."),
        ("fr", None, "Payé avec la carte {v}, exp. 11/27."),
        ("es", None, "Tarjeta: {v} — CVV aparte."),
        ("it", None, "Ho pagato con la carta {v} ma non vedo l'addebito."),
        ("pt", None, "Cartão {v}, validade 03/29."),
        ("nl", None, "Betaald met creditcard {v}."),
        ("en", None, "PAN={v} auth=approved"),
    ],
    "ssn": [
        ("en", None, "SSN: {v}"),
        ("en", None, "Applicant SSN {v}, DOB on file."),
        ("en", None, "My social is {v}, can you fill out the W-9 for me?"),
        ("en", None, "ssn={v}&state=CA"),
        ("de", None, "Die SSN des Mitarbeiters in den USA ist {v}."),
        ("es", None, "Mi número de Seguro Social es {v}."),
    ],
    "iban": [
        ("en", None, "Please wire the deposit to IBAN {v}."),
        ("de", None, "Bankverbindung: IBAN {v}, Verwendungszweck Rechnung 2026-118"),
        ("fr", None, "RIB — IBAN : {v}"),
        ("es", None, "Transferencia a la cuenta {v}, concepto: alquiler"),
        ("it", None, "Coordinate bancarie: IBAN {v}"),
        ("pt", None, "Transferir para o IBAN {v} até sexta."),
        ("nl", None, "Graag overmaken naar {v} o.v.v. factuurnummer."),
        ("en", "sepa_xml", "<CdtrAcct><Id><IBAN>{v}</IBAN></Id></CdtrAcct>"),
    ],
    "ipv4": [
        ("en", None, "Please update the allowlist: {v}."),
        ("en", None, "Failed password for root from {v} port 52114 ssh2"),
        ("en", None, "X-Forwarded-For: {v}"),
        ("en", None, "curl http://{v}:8080/healthz"),
        ("en", None, "ping {v} -c 4"),
        ("de", None, "Der Router hat jetzt die Adresse {v}."),
        ("fr", None, "Connexion refusée depuis {v} (pare-feu)."),
        ("es", None, "El servidor antiguo ({v}) ya no responde."),
        ("it", None, "Aggiorna il DNS: il nuovo IP è {v}."),
        ("pt", None, "Acesso bloqueado para {v}."),
        ("nl", None, "Het IP van de printer is {v}."),
        ("en", None, "nameserver {v}"),
    ],
    "ipv6": [
        ("en", "bracket_port", "listening on [{v}]:8443"),
        ("en", None, "Connection from {v} closed by peer"),
        ("en", "zone", "ping6 {v}%eth0"),
        ("de", None, "Die IPv6 des Servers lautet {v}."),
        ("fr", None, "Adresse attribuée : {v}"),
        ("es", None, "Bloquear {v} en el cortafuegos."),
        ("it", None, "Il client {v} ha superato il limite."),
        ("nl", None, "AAAA-record wijst naar {v}."),
        ("pt", None, "Endereço do gateway: {v}"),
    ],
    "openai_key": [
        ("en", None, "export OPENAI_API_KEY={v}"),
        ("en", None, "client = OpenAI(api_key=\"{v}\")"),
        ("en", None, "Why does {v} give me 401 invalid_api_key?"),
        ("de", None, "Mein Key {v} funktioniert nicht mehr, hilfe"),
        ("fr", None, "J'ai collé ma clé ({v}) dans le fichier .env"),
        ("es", None, "Uso la clave {v} en producción"),
        ("nl", None, "OPENAI_API_KEY=\"{v}\" in docker-compose.yml"),
    ],
    "anthropic_key": [
        ("en", None, "export ANTHROPIC_API_KEY={v}"),
        ("en", None, "x-api-key: {v}"),
        ("en", None, "anthropic.Anthropic(api_key='{v}')"),
        ("de", None, "Der Schlüssel {v} ist im CI-Log gelandet."),
        ("fr", None, "Ma clé {v} est rejetée (401)."),
        ("it", None, "Ho messo {v} nel file di configurazione, è sicuro?"),
        ("pt", None, "Chave: {v}"),
    ],
    "aws_access_key": [
        ("en", "credentials_file", "[default]\naws_access_key_id = {v}\nregion = eu-central-1"),
        ("en", None, "AWS_ACCESS_KEY_ID={v} aws s3 ls"),
        ("en", None, "The access key {v} was used from an unknown location."),
        ("de", None, "Bitte den Key {v} rotieren, er lag im Repo."),
        ("es", None, "La clave de acceso {v} sigue activa."),
        ("nl", None, "Access key {v} staat nog in de pipeline."),
    ],
    "github_token": [
        ("en", None, "git clone https://{v}@github.com/acme/infra.git"),
        ("en", None, "GH_TOKEN={v} gh pr list"),
        ("en", None, "token: {v}  # CI only"),
        ("de", None, "Das Token {v} läuft morgen ab."),
        ("fr", None, "J'ai révoqué le jeton {v} hier."),
        ("pt", None, "O token {v} ainda funciona?"),
        ("it", None, "Ho incollato per sbaglio {v} nel canale."),
    ],
    "jwt": [
        ("en", "cookie", "Cookie: theme=dark; session={v}; lang=en"),
        ("en", "query", "https://app.example-idp.com/callback#id_token={v}&state=af0ifjsldkj"),
        ("en", None, "Can you decode this token for me? {v}"),
        ("en", None, '{{"access_token": "{v}", "token_type": "bearer", "expires_in": 3600}}'),
        ("de", None, "Dieses Token läuft nie ab, warum? {v}"),
        ("fr", None, "Voici le jeton reçu : {v}"),
        ("es", None, "El token {v} da error de firma."),
        ("it", None, "Il token {v} risulta scaduto."),
        ("nl", None, "Token uit de localStorage: {v}"),
        ("pt", None, "Recebi este token: {v}"),
    ],
}

BEARER_FRAMES = [
    ("en", "header", "Authorization: Bearer {v}"),
    ("en", "curl", "curl -s -H \"Authorization: Bearer {v}\" https://api.example.net/v2/orders"),
    ("en", "curl", "curl -H 'authorization: Bearer {v}' -X POST https://hooks.example.org/run"),
    ("en", "lower_header", "authorization: Bearer {v}"),
    ("en", "json", '{{"headers": {{"Authorization": "Bearer {v}", "Accept": "application/json"}}}}'),
    ("en", "log", "2026-02-02 11:04:19 DEBUG outgoing request headers={{'Authorization': 'Bearer {v}'}}"),
    ("en", "proxy", "Proxy-Authorization: Bearer {v}"),
    ("de", "chat", "Ich schicke Authorization: Bearer {v} mit, bekomme aber 401. Warum?"),
    ("fr", "chat", "Avec l'en-tête « Authorization: Bearer {v} », l'API répond 403."),
    ("es", "chat", "Mando la cabecera Authorization: Bearer {v} y falla."),
    ("it", "chat", "Header inviato: Authorization: Bearer {v}"),
    ("pt", "chat", "Estou a enviar Authorization: Bearer {v} mas dá erro."),
    ("nl", "chat", "Ik stuur Authorization: Bearer {v} mee, toch 401."),
]

PEM_FRAMES = [
    ("en", "plain", "Here is the deploy key, keep it safe:\n{v}\nThanks!"),
    ("en", "fenced", "```\n{v}\n```\nwhy does ssh say 'invalid format'?"),
    ("de", "plain", "Der Schlüssel aus dem alten Server:\n{v}"),
    ("fr", "plain", "Clé privée du certificat :\n{v}\nÀ supprimer ensuite."),
    ("es", "plain", "Pega esto en el servidor:\n{v}"),
    ("it", "plain", "Chiave privata:\n{v}"),
    ("pt", "plain", "A chave é esta:\n{v}"),
    ("nl", "plain", "Privésleutel voor de VPN:\n{v}"),
]


# ---------------------------------------------------------------- names and streets (own lists)

GIVEN = {
    "en": ["Oliver", "Amelia", "Harry", "Isla", "George", "Grace", "Ethan", "Chloe", "Liam",
           "Hannah", "Nathan", "Megan", "Ryan", "Abigail", "Connor", "Lauren"],
    "de": ["Jannik", "Lena", "Moritz", "Johanna", "Florian", "Katharina", "Matthias", "Anja",
           "Sebastian", "Ute", "Dieter", "Franziska", "Lukas", "Svenja", "Anna-Lena", "Jörg"],
    "fr": ["Mathieu", "Camille", "Antoine", "Manon", "Guillaume", "Océane", "Julien", "Élodie",
           "Thibault", "Margaux", "Benoît", "Aurélie", "Jean-Pierre", "Anaïs", "Rémi", "Solène"],
    "es": ["Alejandro", "Lucía", "Javier", "Carmen", "Sergio", "Paula", "Álvaro", "Marta",
           "Rodrigo", "Nuria", "Iñaki", "Rocío", "Francisco", "Alba", "Raúl", "Inmaculada"],
    "it": ["Lorenzo", "Giulia", "Alessandro", "Francesca", "Matteo", "Chiara", "Davide",
           "Federica", "Gabriele", "Martina", "Stefano", "Elisa", "Riccardo", "Silvia"],
    "pt": ["João", "Beatriz", "Tiago", "Mariana", "Gonçalo", "Inês", "Rafael", "Leonor",
           "Duarte", "Carolina", "Rodrigo", "Matilde", "Vasco", "Sofia"],
    "nl": ["Daan", "Sanne", "Jeroen", "Femke", "Thijs", "Lotte", "Bram", "Anouk", "Wouter",
           "Marieke", "Joost", "Ilse", "Sjoerd", "Floor"],
}
FAMILY = {
    "en": ["Thompson", "Whitaker", "Gallagher", "Pemberton", "Fletcher", "Hargreaves", "Donovan",
           "Ashworth", "Bennett", "Caldwell", "Ellison", "Holloway", "Marsh", "Sutton"],
    "de": ["Hoffmann", "Schäfer", "Krüger", "Wolff", "Neumann", "Brandstetter", "Zimmermann",
           "Lehmann", "Hartmann", "Vogel", "Kühn", "Friedrich", "von Bülow", "Pohl"],
    "fr": ["Lefebvre", "Girard", "Chevalier", "Fontaine", "Rousseau", "Garnier", "Mercier",
           "Dubois", "Lemaire", "Boucher", "Perrin", "Morel", "de Villiers", "Carpentier"],
    "es": ["Fernández", "Ruiz", "Jiménez", "Moreno", "Romero", "Navarro", "Domínguez", "Gil",
           "Castillo", "Herrera", "Vázquez", "de la Cruz", "Ortega Ruiz", "Iglesias"],
    "it": ["Esposito", "Colombo", "Ricci", "Marino", "Greco", "Bruno", "Gallo", "Conti",
           "De Luca", "Mancini", "Lombardi", "Moretti", "Barbieri", "Fontana"],
    "pt": ["Ferreira", "Oliveira", "Carvalho", "Rodrigues", "Martins", "Sousa", "Gomes",
           "Lopes", "Marques", "Almeida", "dos Santos", "Pereira", "Ribeiro", "Teixeira"],
    "nl": ["de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Smit", "Meijer",
           "de Boer", "Mulder", "de Groot", "Bos", "van Dijk", "Hendriks", "Dekker"],
}
FEMALE = {"Amelia", "Isla", "Grace", "Chloe", "Hannah", "Megan", "Abigail", "Lauren", "Lena", "Johanna",
          "Katharina", "Anja", "Ute", "Franziska", "Svenja", "Anna-Lena", "Camille", "Manon", "Océane",
          "Élodie", "Margaux", "Aurélie", "Anaïs", "Solène", "Lucía", "Carmen", "Paula", "Marta", "Nuria",
          "Rocío", "Alba", "Inmaculada", "Giulia", "Francesca", "Chiara", "Federica", "Martina", "Elisa",
          "Silvia", "Beatriz", "Mariana", "Inês", "Leonor", "Carolina", "Matilde", "Sofia", "Sanne", "Femke",
          "Lotte", "Anouk", "Marieke", "Ilse", "Floor"}
# (male, female) honorifics; a title like Dr. fits both.
HONORIFIC = {"en": (["Mr.", "Dr."], ["Mrs.", "Ms.", "Dr."]), "de": (["Herr", "Herr Dr."], ["Frau", "Frau Dr."]),
             "fr": (["M.", "Monsieur"], ["Mme", "Madame"]), "es": (["Sr.", "Don"], ["Sra.", "Dra."]),
             "it": (["Sig.", "Dott."], ["Sig.ra", "Dott.ssa"]), "pt": (["Sr.", "Dr."], ["Sra.", "Dra."]),
             "nl": (["dhr.", "de heer"], ["mevr.", "mevrouw"])}
# Frames for the "Family, Given" order: lists, forms and records, where that order is used.
COMMA_FRAMES = {"en": ["Patient: {v}\nDOB: on file", "Name: {v}", "Passenger: {v} (seat 14C)"],
                "de": ["Name, Vorname: {v}", "Patient: {v}"], "fr": ["Nom, prénom : {v}", "Titulaire : {v}"],
                "es": ["Apellidos, nombre: {v}", "Titular: {v}"], "it": ["Cognome e nome: {v}", "Intestatario: {v}"],
                "pt": ["Nome: {v}", "Titular: {v}"], "nl": ["Naam: {v}", "Aanvrager: {v}"]}

NAME_FRAMES = {
    "en": ["Hi, I'm {v} and I can't log into my account.", "Please forward this to {v} in accounting.",
           "Kind regards,\n{v}", "Patient name: {v}\nReason for visit: follow-up",
           "Can you draft a thank-you note to {v} for the quick turnaround?",
           "Attendees: {v} and two people from the vendor.", "{h} {v} called about the delivery.",
           "Assigned to: {v}", "Dear {h} {v},\nthank you for your order."],
    "de": ["Hallo, mein Name ist {v} und ich habe eine Frage zur Rechnung.",
           "Bitte leite das an {v} weiter.", "Mit freundlichen Grüßen\n{v}",
           "Guten Tag {h} {v},\nvielen Dank für Ihre Nachricht.",
           "Ansprechpartner: {v}", "Schreib eine Geburtstagskarte für {v}."],
    "fr": ["Bonjour, je m'appelle {v} et je n'arrive pas à me connecter.",
           "Merci de transmettre à {v}.", "Cordialement,\n{v}",
           "Bonjour {h} {v}, votre commande est prête.", "Responsable du dossier : {v}",
           "Écris un mot de remerciement pour {v}."],
    "es": ["Hola, me llamo {v} y tengo un problema con el pedido.",
           "Por favor, reenvía esto a {v}.", "Un saludo,\n{v}",
           "Buenos días, {h} {v}:\ngracias por su mensaje.", "Responsable: {v}",
           "Escribe una felicitación para {v}."],
    "it": ["Buongiorno, sono {v} e non riesco ad accedere.", "Inoltra questa mail a {v}, per favore.",
           "Cordiali saluti,\n{v}", "Gentile {h} {v},\nla ringraziamo per l'ordine.",
           "Referente: {v}"],
    "pt": ["Olá, chamo-me {v} e preciso de ajuda com a fatura.", "Reencaminha isto para {v}, por favor.",
           "Com os melhores cumprimentos,\n{v}", "Caro {h} {v},\nobrigado pela sua mensagem.",
           "Responsável: {v}"],
    "nl": ["Hallo, ik ben {v} en ik kan niet inloggen.", "Stuur dit door naar {v} alsjeblieft.",
           "Met vriendelijke groet,\n{v}", "Beste {h} {v},\nbedankt voor uw bestelling.",
           "Contactpersoon: {v}"],
}


def v_name(lang):
    g, f = pick(GIVEN[lang]), pick(FAMILY[lang])
    form = pick(["full", "full", "full", "family_comma_given", "middle"])
    if form == "family_comma_given":
        return f"{f}, {g}", form
    if form == "middle":
        g2 = pick([x for x in GIVEN[lang] if x != g and (x in FEMALE) == (g in FEMALE)])
        return f"{g} {g2} {f}", form
    return f"{g} {f}", form


STREET_STEMS = {
    "en": ["Maple", "Oak", "Cedar", "Willow", "Lakeview", "Hillcrest", "Sunset", "Elm", "Park",
           "Washington", "Franklin", "Chestnut", "Highland", "Meadow"],
    "uk": ["Station", "Church", "Victoria", "Mill", "Queens", "Kingsley", "Albert", "Westfield",
           "Ashby", "Holly"],
    "de": ["Linden", "Bahnhof", "Kirch", "Garten", "Mühlen", "Rosen", "Birken", "Schiller",
           "Goethe", "Wald", "Berg", "Eichen", "Tal", "Feld"],
    "fr": ["de la République", "des Lilas", "Voltaire", "du Moulin", "de la Gare", "Pasteur",
           "des Écoles", "du Château", "Jean Jaurès", "de Verdun", "des Peupliers"],
    "es": ["Mayor", "del Sol", "de Alcalá", "San Vicente", "de la Paz", "Real", "de Serrano",
           "del Carmen", "de Colón", "de los Reyes Católicos"],
    "it": ["Roma", "Garibaldi", "Mazzini", "Cavour", "dei Mille", "del Corso", "Dante",
           "Vittorio Emanuele II", "XX Settembre", "della Repubblica"],
    "pt": ["Augusta", "do Carmo", "da Liberdade", "de Santa Catarina", "Almirante Reis",
           "dos Aliados", "da Prata", "Garrett", "de São Bento", "das Flores"],
    "nl": ["Keizers", "Prinsen", "Heeren", "Linden", "Molen", "Kerk", "Beuken", "Noorder",
           "Zuider", "Vondel"],
}


def v_street(lang):
    n = R.randrange(1, 400)
    if lang == "en":
        if R.random() < 0.35:
            stem = pick(STREET_STEMS["uk"])
            t = pick(["Road", "Lane", "Close", "Crescent", "Gardens", "Terrace", "Mews", "Street"])
            if R.random() < 0.3:
                return f"Flat {R.randrange(1, 30)}, {n} {stem} {t}", "uk_flat"
            return f"{n} {stem} {t}", "uk"
        stem = pick(STREET_STEMS["en"])
        t = pick(["Street", "St", "St.", "Avenue", "Ave", "Boulevard", "Blvd", "Road", "Rd", "Drive",
                  "Dr.", "Lane", "Court", "Way", "Place"])
        if R.random() < 0.2:
            return f"{n} {pick(['N.', 'S.', 'E.', 'W.', 'North', 'West'])} {stem} {t}", "us_dir"
        if R.random() < 0.15:
            k = R.randrange(1, 60)
            suf = "th" if 10 <= k % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(k % 10, "th")
            return f"{n * 10} {k}{suf} {pick(['Street', 'Avenue', 'St'])}", "us_ordinal"
        return f"{n} {stem} {t}", "us"
    if lang == "de":
        stem = pick(STREET_STEMS["de"])
        hn = f"{n}{pick(['', '', '', 'a', 'b'])}"
        form = pick(["strasse", "str_abbr", "weg", "platz", "allee", "am", "ch", "at_door"])
        if form == "strasse":
            return f"{stem}straße {hn}", form
        if form == "str_abbr":
            return f"{stem}str. {hn}", form
        if form == "weg":
            return f"{stem}weg {hn}", form
        if form == "platz":
            return f"{stem}platz {hn}", form
        if form == "allee":
            return f"{pick(['Berliner', 'Kölner', 'Hamburger', 'Münchner'])} Allee {hn}", form
        if form == "am":
            return f"{pick(['Am', 'An der', 'Im'])} {pick(['Kirchberg', 'Sonnenhang', 'Mühlbach', 'Stadtpark', 'Eichholz'])} {hn}", form
        if form == "ch":
            return f"{stem}strasse {hn}", form
        return f"{pick(['Mariahilfer', 'Wiedner', 'Landstraßer'])} Straße {n}/{R.randrange(1, 20)}", form
    if lang == "fr":
        stem = pick(STREET_STEMS["fr"])
        t = pick(["rue", "rue", "avenue", "boulevard", "place", "impasse", "allée", "chemin", "quai"])
        bis = pick(["", "", "", " bis", " ter"])
        if R.random() < 0.3:
            return f"{n}{bis}, {t} {stem}", "fr_comma"
        return f"{n}{bis} {t} {stem}", "fr"
    if lang == "es":
        stem = pick(STREET_STEMS["es"])
        form = pick(["calle", "c_abbr", "avenida", "paseo", "plaza", "floor"])
        if form == "calle":
            return f"Calle {stem} {n}", form
        if form == "c_abbr":
            return f"C/ {stem}, {n}", form
        if form == "avenida":
            return f"{pick(['Avenida', 'Avda.'])} {stem}, {n}", form
        if form == "paseo":
            return f"Paseo {stem} {n}", form
        if form == "plaza":
            return f"Plaza {stem}, {n}", form
        return f"Calle {stem} {n}, {R.randrange(1, 9)}º {pick('ABCD')}", form
    if lang == "it":
        stem = pick(STREET_STEMS["it"])
        t = pick(["Via", "Via", "Viale", "Corso", "Piazza", "Vicolo"])
        if R.random() < 0.4:
            return f"{t} {stem}, {n}", "it_comma"
        return f"{t} {stem} {n}", "it"
    if lang == "pt":
        stem = pick(STREET_STEMS["pt"])
        t = pick(["Rua", "Rua", "Avenida", "Av.", "Travessa", "Largo", "Praça"])
        if R.random() < 0.5:
            return f"{t} {stem}, {n}", "pt_comma"
        return f"{t} {stem} {n}", "pt"
    stem = pick(STREET_STEMS["nl"])
    t = pick(["straat", "gracht", "laan", "weg", "plein", "kade"])
    return f"{stem}{t} {n}{pick(['', '', 'A', '-II', ' hs'])}", "nl"


STREET_FRAMES = {
    "en": ["Please ship it to {v}, Springfield.", "I moved to {v} last month.",
           "Delivery address: {v}", "The office is at {v}, 2nd floor.",
           "Can you update my billing address to {v}?"],
    "de": ["Lieferadresse: {v}, 80331 München", "Ich wohne jetzt in der {v}.",
           "Bitte schicken Sie die Unterlagen an {v}.", "Unser Büro: {v} (Hinterhaus)"],
    "fr": ["Adresse de livraison : {v}, 69002 Lyon", "J'habite au {v} depuis mars.",
           "Envoyez le colis au {v}.", "Nos bureaux : {v}, 3e étage"],
    "es": ["Dirección de envío: {v}, 28013 Madrid", "Vivo en {v} desde enero.",
           "Mande la factura a {v}.", "La oficina está en {v}."],
    "it": ["Indirizzo di consegna: {v}, 20121 Milano", "Abito in {v}.",
           "Spedisci il pacco a {v}, per favore."],
    "pt": ["Morada de entrega: {v}, 1100-148 Lisboa", "Moro na {v} há dois anos.",
           "Envie a encomenda para {v}."],
    "nl": ["Afleveradres: {v}, 1016 DZ Amsterdam", "Ik woon op de {v}.",
           "Stuur het pakket naar {v}."],
}


# ---------------------------------------------------------------- assembly

SAMPLES = []


def add(text, labels, lang, form):
    pos = []
    for det, val in labels:
        i = text.find(val)
        assert i >= 0, (text, val)
        pos.append((i, i + len(val)))
    pos.sort()
    for a, b in zip(pos, pos[1:]):
        assert a[1] <= b[0], text
    SAMPLES.append({"text": text, "labels": [{"detector": d, "value": v} for d, v in labels],
                    "lang": lang, "form": form})


VALUE = {
    "email": lambda: v_email(),
    "phone": lambda: v_phone(),
    "credit_card": lambda: (lambda v: (v[0], f"{v[2]}_{v[1]}"))(v_card()),
    "ssn": lambda: v_ssn(),
    "iban": lambda: (lambda v: (v[0], f"{v[2]}_{v[1]}"))(v_iban()),
    "ipv4": lambda: (v_ipv4(), "quad"),
    "ipv6": lambda: v_ipv6(),
    "openai_key": lambda: v_openai(),
    "anthropic_key": lambda: v_anthropic(),
    "aws_access_key": lambda: v_aws(),
    "github_token": lambda: v_github(),
    "jwt": lambda: v_jwt(),
}

COUNTS = {"email": 150, "phone": 240, "credit_card": 150, "ssn": 110, "iban": 140, "ipv4": 120,
          "ipv6": 100, "openai_key": 80, "anthropic_key": 70, "aws_access_key": 70,
          "github_token": 80, "jwt": 110}


def gen_structured():
    for det, count in COUNTS.items():
        for i in range(count):
            v, form = VALUE[det]()
            r = R.random()
            if r < 0.4:
                lang = pick(LANGS)
                text = pick(GENERIC[lang]).format(n=NOUNS[det][lang], v=v)
            elif r < 0.65:
                lang = pick(LANGS)
                sform, tpl = pick(STRUCT)
                key = KEYS[det] if R.random() < 0.6 else NOUNS[det][lang]
                text = tpl.format(k=key, v=v)
                form = f"{form}@{sform}" if det in ("email", "ipv4") else form
            else:
                lang, extra, tpl = pick(SPECIFIC[det])
                if extra and det not in ("credit_card",):
                    form = extra if det in ("email",) else form
                if extra == "brackets":
                    v = v.replace(" ", "").replace("-", "").replace("\u00a0", "") \
                        if R.random() < 0.5 else v
                    form = "brackets_compact" if v.isdigit() else "brackets_grouped"
                text = tpl.format(v=v)
            add(text, [(det, v)], lang, form)


def gen_bearer(count=90):
    for _ in range(count):
        v, form = v_bearer()
        lang, ff, tpl = pick(BEARER_FRAMES)
        add(tpl.format(v=v), [("bearer_token", v)], lang, f"{form}@{ff}")


def gen_pem(count=70):
    for _ in range(count):
        if R.random() < 0.2:
            v, kind = v_pem(json_escaped=True)
            text = ('{"type": "service_account", "project_id": "billing-prod", '
                    f'"private_key": "{v}\\n", "token_uri": "https://oauth2.example.com/token"}}')
            add(text, [("private_key", v)], "en", f"{kind}@json_escaped")
            continue
        v, kind = v_pem()
        lang, ff, tpl = pick(PEM_FRAMES)
        add(tpl.format(v=v), [("private_key", v)], lang, f"{kind}@{ff}")


def gen_names(count=210):
    for _ in range(count):
        lang = pick(LANGS)
        v, form = v_name(lang)
        tpl = pick(COMMA_FRAMES[lang] if form == "family_comma_given" else NAME_FRAMES[lang])
        given = v.split(", ")[1] if form == "family_comma_given" else v.split(" ")[0]
        hon = pick(HONORIFIC[lang][given in FEMALE])
        text = tpl.format(v=v, h=hon)
        if "{h}" in tpl:
            form = "honorific_" + form
        add(text, [("person_name", v)], lang, form)


def gen_streets(count=210):
    for _ in range(count):
        lang = pick(LANGS)
        v, form = v_street(lang)
        add(pick(STREET_FRAMES[lang]).format(v=v), [("street_address", v)], lang, form)


def gen_multi(count=90):
    """Tickets, CSV rows and logs with several values at once."""
    for _ in range(count):
        k = R.randrange(6)
        if k == 0:
            e, _ = v_email()
            p, _ = v_phone()
            text = f"New ticket\nContact: {e}\nCallback: {p}\nIssue: refund not received"
            add(text, [("email", e), ("phone", p)], "en", "multi_ticket")
        elif k == 1:
            ip = v_ipv4()
            tok, _ = v_bearer()
            text = f'{ip} - - [14/Mar/2026:10:02:11 +0100] "GET /v1/me HTTP/1.1" 200 512 auth="Bearer {tok}"'
            add(text, [("ipv4", ip), ("bearer_token", tok)], "en", "multi_accesslog")
        elif k == 2:
            lang = pick(LANGS)
            name, _ = v_name(lang)
            e, _ = v_email()
            text = f"{pick(['Best', 'Grüße', 'Cordialement', 'Saludos', 'Saluti', 'Cumprimentos', 'Groeten'])},\n{name}\n{e}"
            add(text, [("person_name", name), ("email", e)], lang, "multi_signature")
        elif k == 3:
            iban, _, _ = v_iban()
            e, _ = v_email()
            text = f"payee_email,iban,amount\n{e},{iban},1250.00"
            add(text, [("email", e), ("iban", iban)], "en", "multi_csv")
        elif k == 4:
            a, _ = v_aws()
            gh, _ = v_github()
            text = f"# leaked in .env\nAWS_ACCESS_KEY_ID={a}\nGITHUB_TOKEN={gh}\n"
            add(text, [("aws_access_key", a), ("github_token", gh)], "en", "multi_env")
        else:
            lang = pick(LANGS)
            st, _ = v_street(lang)
            p, _ = v_phone()
            text = f"{st}\n{p}"
            add(text, [("street_address", st), ("phone", p)], lang, "multi_letterhead")


# ---------------------------------------------------------------- hard negatives (own design)

def card_failing_luhn():
    brand = pick(list(BRANDS))
    pre, lengths = BRANDS[brand]
    num = luhn_complete(pre(), pick(lengths))
    last = str((int(num[-1]) + R.randrange(1, 10)) % 10)
    bad = num[:-1] + last
    assert not luhn_ok(bad)
    return group_card(bad, pick([" ", "-", ""]))


def iban_failing():
    c = pick(list(IBAN_BBAN))
    good = iban_make(c, IBAN_BBAN[c]())
    chk = int(good[2:4])
    bad = f"{c}{(chk + R.randrange(1, 90)) % 97 + 2:02d}{good[4:]}"
    if iban_check_ok(bad):
        bad = f"{c}{(chk + 1) % 97 + 2:02d}{good[4:]}"
    assert not iban_check_ok(bad)
    if R.random() < 0.5:
        bad = " ".join(bad[i:i + 4] for i in range(0, len(bad), 4))
    return bad


def ssn_invalid():
    k = R.randrange(5)
    a, g, s = R.randrange(1, 900), R.randrange(1, 100), R.randrange(1, 10000)
    if k == 0:
        a = 0
    elif k == 1:
        a = 666
    elif k == 2:
        a = R.randrange(900, 1000)
    elif k == 3:
        g = 0
    else:
        s = 0
    assert not ssn_ok(a, g, s)
    return f"{a:03d}-{g:02d}-{s:04d}"


def isbn13():
    while True:
        code = ean13_make(pick(["978", "979"]))
        return f"{code[:3]}-{code[3]}-{code[4:8]}-{code[8:12]}-{code[12]}"


def date_str():
    y, m, d = R.randrange(1990, 2031), R.randrange(1, 13), R.randrange(1, 29)
    hh, mm, ss = R.randrange(24), R.randrange(60), R.randrange(60)
    return pick([f"{y}-{m:02d}-{d:02d}", f"{d:02d}.{m:02d}.{y}", f"{m:02d}/{d:02d}/{y}",
                 f"{d:02d}/{m:02d}/{y} {hh:02d}:{mm:02d}", f"{y}-{m:02d}-{d:02d}T{hh:02d}:{mm:02d}:{ss:02d}.{R.randrange(1000):03d}Z",
                 f"{y}{m:02d}{d:02d}", f"{d}. {pick(['März', 'Juli', 'Oktober'])} {y}",
                 f"{d} {pick(['janvier', 'août', 'décembre'])} {y} à {hh}h{mm:02d}",
                 f"{hh:02d}:{mm:02d}:{ss:02d}", f"{y}-{m:02d}-{d:02d} {hh:02d}:{mm:02d}:{ss:02d},{R.randrange(1000):03d}"])


NEG_MAKERS = {}


def neg(name):
    def deco(fn):
        NEG_MAKERS[name] = fn
        return fn
    return deco


@neg("order_number")
def _():
    return pick([
        f"Order #{digits(3)}-{digits(7)}-{digits(7)} has shipped.",
        f"Invoice INV-{R.randrange(2019, 2027)}-{digits(6)} is overdue by 14 days.",
        f"Bestellnummer {digits(10)} – Lieferung verzögert sich.",
        f"N° de commande : {R.randrange(10 ** 8, 10 ** 9)}",
        f"Pedido {digits(4)}/{R.randrange(2020, 2027)} pendiente de pago.",
        f"Ticket {digits(7)} closed as duplicate of {digits(7)}.",
        f"Rechnung Nr. RE-{digits(5)} vom {date_str()}",
        f"Numero ordine {digits(12)}, spedizione standard.",
        f"Encomenda n.º {digits(9)} a caminho.",
        f"Factuurnummer {R.randrange(2020, 2027)}{digits(5)} staat open.",
        f"Tracking: 1Z{_c(6)}{digits(10)} (UPS)",
        f"Case {digits(2)}-{digits(6)} was escalated to tier 2.",
    ])


@neg("date_time")
def _():
    return pick([f"The deploy ran at {date_str()} and finished in 4 minutes.",
                 f"Termin: {date_str()}", f"Rendez-vous le {date_str()}.",
                 f"Fecha límite: {date_str()}", f"[{date_str()}] INFO worker started pid={R.randrange(100, 65000)}",
                 f"ts={1700000000 + R.randrange(10 ** 8)} level=info msg=\"cache warm\"",
                 f"Scadenza {date_str()}, non oltre.", f"Geboortedatum kind onbekend, afspraak {date_str()}."])


@neg("version")
def _():
    return pick([f"Upgraded to v{R.randrange(1, 20)}.{R.randrange(30)}.{R.randrange(30)}.{R.randrange(30)} yesterday.",
                 f"Windows build 10.0.{R.randrange(17000, 27000)}.{R.randrange(1000, 5000)}",
                 f"Chrome {R.randrange(100, 140)}.0.{R.randrange(5000, 7000)}.{R.randrange(10, 200)} crashes on start.",
                 f"pip install requests=={R.randrange(2, 3)}.{R.randrange(20, 33)}.{R.randrange(0, 5)}",
                 f"Build #{digits(5)} (commit {rs(7, '0123456789abcdef')}) is green.",
                 f"Firmware-Version {R.randrange(1, 9)}.{R.randrange(10)}.{R.randrange(10)}-rc{R.randrange(1, 5)}",
                 f"libfoo-{R.randrange(1, 5)}.{R.randrange(10)}.{R.randrange(10)}.{R.randrange(10)}.tar.gz",
                 f"Versione dell'app: {R.randrange(1, 9)}.{R.randrange(20)}.{R.randrange(100)} (build {digits(4)})",
                 f"Android {R.randrange(10, 16)}, security patch {date_str()}"])


@neg("amount")
def _():
    return pick([f"Total: €{R.randrange(1, 999)}.{digits(3)}.{digits(3)},{digits(2)}",
                 f"Revenue grew to ${R.randrange(1, 999)},{digits(3)},{digits(3)}.{digits(2)} this quarter.",
                 f"Montant : {R.randrange(1, 999)} {digits(3)} {digits(3)},{digits(2)} €",
                 f"Saldo: {R.randrange(1, 99)}.{digits(3)},{digits(2)} EUR", f"Preis: CHF {R.randrange(1, 99)}'{digits(3)}.50",
                 f"Importo da pagare: {R.randrange(100, 9999)},{digits(2)} euro",
                 f"Budget 2026: {R.randrange(1, 9)} {digits(3)} {digits(3)} {digits(3)} kr"])


@neg("postal_code")
def _():
    return pick([f"{R.randrange(10000, 99999)} Berlin", f"Paris {R.randrange(75001, 75021)}",
                 f"London SW1A {R.randrange(1, 9)}AA", f"Beverly Hills, CA {R.randrange(90001, 96162)}",
                 f"{R.randrange(1000, 9999)} {_a(2)} Amsterdam", f"CP {R.randrange(28001, 28080):05d} Madrid",
                 f"{R.randrange(100, 199):03d}{digits(2)} Roma RM", f"{R.randrange(1000, 9999)}-{digits(3)} Lisboa",
                 f"Postleitzahl {R.randrange(1000, 9999)} Wien", f"ZIP {digits(5)}-{digits(4)}"])


@neg("coordinates")
def _():
    la, lo = R.uniform(-80, 80), R.uniform(-170, 170)
    return pick([f"Meet at {la:.4f}, {lo:.4f}.", f"lat={la:.6f}&lon={lo:.6f}",
                 f"Koordinaten: {abs(la):.5f}° N, {abs(lo):.5f}° E",
                 f"GPS {int(abs(la))}°{R.randrange(60)}′{R.randrange(60)}″N {int(abs(lo))}°{R.randrange(60)}′{R.randrange(60)}″W",
                 f"https://maps.example.com/@{la:.7f},{lo:.7f},15z"])


@neg("isbn_ean")
def _():
    return pick([f"ISBN {isbn13()}", f"EAN {ean13_make(pick(['400', '300', '800', '871', '560']))}",
                 f"Código de barras: {ean13_make('84')}", f"Le livre (ISBN {isbn13()}) est épuisé.",
                 f"Artikel-EAN {ean13_make('40')}, Menge 12"])


@neg("uuid_hash")
def _():
    hx = "0123456789abcdef"
    u = f"{rs(8, hx)}-{rs(4, hx)}-4{rs(3, hx)}-{pick('89ab')}{rs(3, hx)}-{rs(12, hx)}"
    return pick([f"request_id={u}", f"sha256: {rs(64, hx)}", f"Commit {rs(40, hx)} reverted.",
                 f"docker pull registry.example.com/api@sha256:{rs(64, hx)}",
                 f"md5 {rs(32, hx)}  backup.tar", f"Trace-ID: {rs(32, hx)}",
                 f"Objekt {u} gelöscht.", f"etag \"{rs(16, hx)}\""])


@neg("card_like_luhn_fail")
def _():
    c = card_failing_luhn()
    return pick([f"Gift card code {c}", f"Referenz {c}", f"Référence du colis : {c}",
                 f"Número de socio {c}", f"Card {c} (test value, checksum wrong)", f"Tessera n. {c}"])


@neg("iban_like_mod97_fail")
def _():
    b = iban_failing()
    return pick([f"Kontonummer {b} (Tippfehler?)", f"Account ref {b}", f"Compte {b} — à vérifier",
                 f"Cuenta {b}", f"Rekening {b}", f"Conta {b}"])


@neg("ssn_like_invalid")
def _():
    s = ssn_invalid()
    return pick([f"Part number {s}", f"Case file {s}", f"Aktenzeichen {s}", f"Dossier {s}", f"Lote {s}"])


@neg("ip_like_invalid")
def _():
    bad = pick([f"{R.randrange(256, 999)}.{R.randrange(256)}.{R.randrange(256)}.{R.randrange(256)}",
                f"{R.randrange(1, 255)}.{R.randrange(256)}.{R.randrange(256)}.{R.randrange(256, 999)}",
                f"{R.randrange(1, 20)}.{R.randrange(30)}.{R.randrange(30)}"])
    return pick([f"Section {bad} of the spec", f"Abschnitt {bad}", f"Paragraphe {bad}", f"Item {bad} on the list"])


@neg("url_numbers")
def _():
    return pick([f"https://shop.example.com/orders/{digits(10)}/items?page=2",
                 f"https://example.org/api/v1/users/{digits(9)}/settings",
                 f"https://news.example.de/artikel/{R.randrange(2019, 2027)}/{digits(7)}.html",
                 f"https://tracker.example.net/issues/{digits(6)}#comment-{digits(8)}",
                 f"http://cdn.example.io/img/{digits(13)}_1920x1080.jpg",
                 f"https://www.example.fr/produit/{digits(8)}-chaise-bois?ref={digits(12)}"])


PRODUCTS = ["iPhone 15 Pro Max", "Galaxy S24 Ultra", "Pixel 9 Pro", "ThinkPad X1 Carbon Gen 11",
            "PlayStation 5 Slim", "Xbox Series X", "Airbus A320neo", "Boeing 787-9", "Volkswagen Golf GTI",
            "Dyson V15 Detect", "Sony WH-1000XM5", "Canon EOS R5", "Windows 11 Pro", "Ubuntu 24.04 LTS",
            "Nike Air Max 90", "Mercedes-Benz C 300", "Tesla Model Y", "Raspberry Pi 5", "Kindle Paperwhite",
            "Nintendo Switch OLED", "MacBook Air M3", "Surface Laptop 7", "Bosch Serie 6", "Fiat Panda Cross",
            "Renault Clio E-Tech", "Peugeot 208 GT", "SEAT Ibiza FR", "Philips Hue Go", "Garmin Forerunner 265",
            "Miele Complete C3", "Lenovo Legion 7i", "Audi Q4 e-tron", "Opel Corsa Electric"]
PRODUCT_FRAMES = ["The {p} overheats while charging.", "Is the {p} worth it in 2026?", "Mein {p} startet nicht mehr.",
                  "Le {p} est en rupture de stock.", "El {p} llegó con la caja dañada.", "Il {p} non si accende.",
                  "O {p} chegou ontem.", "De {p} doet het niet meer.", "Compare the {p} with the {q}.",
                  "Vergleiche {p} und {q} tabellarisch."]


@neg("product_name")
def _():
    p, q = R.sample(PRODUCTS, 2)
    return pick(PRODUCT_FRAMES).format(p=p, q=q)


SENTENCES = ["Thanks again for the quick fix.", "Please restart the server before noon.",
             "Quarterly Revenue Report Draft", "Bitte senden Sie die Rechnung bis Freitag.",
             "Die Lieferung kam gestern beschädigt an.", "Merci de confirmer la réception.",
             "Gracias por la rápida respuesta.", "Grazie mille per l'aiuto.", "Obrigado pela paciência.",
             "Bedankt voor de snelle levering.", "Welcome To The Annual General Meeting",
             "Der Kunde Möchte Eine Gutschrift", "Great News From The Product Team",
             "Hoffentlich Klappt Es Diesmal.", "Neue Preise Gelten Ab Montag.", "Grand Hotel Central opened today.",
             "Reading List For Summer", "Server Maintenance Window Tonight", "Sehr Geehrte Damen Und Herren,",
             "Kind Regards From The Whole Team", "Die Geschäftsführung Bedankt Sich Herzlich.",
             "Unser Vertrieb Meldet Sich Morgen.", "Bonne Année À Tous Nos Clients", "Feliz Navidad Y Próspero Año Nuevo",
             "Buon Natale E Felice Anno Nuovo", "Boas Festas A Todos", "Fijne Feestdagen Allemaal",
             "Rechnungsprüfung Und Zahlungsfreigabe", "Customer Success Weekly Sync", "Release Notes Summer Edition",
             "Mehrere Kunden Haben Sich Beschwert.", "Neben Preis Und Qualität Zählt Service.",
             "Frohe Ostern Wünscht Das Team", "Happy Birthday Dear Colleagues", "Atenciosamente, A Direção",
             "Saludos Cordiales Del Equipo De Ventas", "Cordiali Saluti Dal Servizio Clienti",
             "Met Vriendelijke Groet, Het Supportteam"]


@neg("sentence_start")
def _():
    return pick(SENTENCES)


CITIES = ["Florence", "Victoria", "Santiago", "Jackson", "Charlotte", "Austin", "Adelaide", "Lincoln",
          "Regina", "Valencia", "Sofia", "Alexandria", "Georgetown", "Eugene", "Beatrice", "Marion",
          "Camden", "Augusta", "Douglas", "Florencia", "Lorena", "Mercedes", "Dolores", "Trinidad",
          "Orlando", "Quincy", "Madison", "Chester", "Clifton", "Nelson"]
CITY_FRAMES = ["We flew from {a} to {b} in one day.", "The train to {a} was cancelled.",
               "Er fliegt nach {a} und dann weiter nach {b}.", "Je pars à {a} puis à {b}.",
               "Viajamos de {a} a {b} en autobús.", "Il volo per {a} parte alle nove.",
               "Chegámos a {a} à noite.", "De trein naar {a} had vertraging.",
               "Our new office in {a} opens in spring.", "Wetter in {a}: sonnig, später Regen."]


@neg("city_also_name")
def _():
    a, b = R.sample(CITIES, 2)
    return pick(CITY_FRAMES).format(a=a, b=b)


# Streets named without a house number, each with frames in its own language.
STREET_NEG = {
    "en": (["Main Street", "Oak Avenue", "Baker Street", "Sunset Boulevard", "the Old Kent Road", "Fifth Avenue"],
           ["{S} is closed for the parade.", "Traffic on {s} is heavy today.", "We walked down {s} at night."]),
    "de": (["die Hauptstraße", "die Goethestraße", "der Lindenweg", "die Berliner Allee"],
           ["{S} ist wegen Bauarbeiten gesperrt.", "Auf {s2} ist heute Markt."]),
    "fr": (["la rue de Rivoli", "l'avenue Foch", "le boulevard Haussmann"],
           ["Toute {s} est bondée le samedi.", "{S} est fermé(e) pour travaux."]),
    "es": (["la Gran Vía", "la Calle Mayor", "el Paseo del Prado"],
           ["Hay obras en {s} toda la semana.", "{S} está cortada hoy."]),
    "it": (["Via del Corso", "Via Roma", "Corso Buenos Aires"],
           ["C'è traffico in {s}.", "{S} è piena di turisti."]),
    "pt": (["a Avenida da Liberdade", "a Rua Augusta", "a Rua das Flores"],
           ["Há trânsito n{s}.", "{S} está em obras."]),
    "nl": (["de Kalverstraat", "de Prinsengracht", "het Vondelpark"],
           ["Het is druk op {s}.", "{S} is afgesloten."]),
}
NUMBERED_NOT_STREETS = ["Take Route 66 and then Highway 101.", "Gate 42 closes at 10:15.",
                        "Platform 9 is on the left.", "Room 101 is booked all week.",
                        "The A7 is jammed at kilometre 123.", "Bus 47 stops at the station.",
                        "Gleis 3 ist gesperrt.", "Quai 5, départ 18h40.", "Planta 2, sala 14."]


@neg("street_without_number")
def _():
    if R.random() < 0.25:
        return pick(NUMBERED_NOT_STREETS)
    streets, frames = STREET_NEG[pick(list(STREET_NEG))]
    st = pick(streets)
    art, rest = st.split(" ", 1)
    s2 = {"die": "der", "der": "dem"}.get(art, art) + " " + rest  # German dative after "auf"
    return pick(frames).format(s=st, S=st[0].upper() + st[1:], s2=s2)


@neg("key_like_mention")
def _():
    return pick(["We use sk-learn and task-runner for the pipeline.",
                 "Tokens start with ghp_ and keys with sk- so you can grep for them.",
                 "Set AWS_ACCESS_KEY_ID in the environment, never in code.",
                 "The header format is Authorization: Bearer <token>.",
                 "curl -H \"Authorization: Bearer $OPENAI_API_KEY\" https://api.example.com",
                 "Authorization: Bearer ${API_TOKEN}", "Bearer authentication is described in RFC 6750.",
                 "The bearer of this letter is authorised to collect the parcel.",
                 "Le porteur de ce jeton doit le garder secret.", "export ANTHROPIC_API_KEY=your-key-here",
                 "OPENAI_API_KEY=<paste key here>", "Keys look like AKIA followed by 16 characters.",
                 f"Pagination cursor: {b64url(json.dumps({'page': R.randrange(2, 90), 'size': 50}).encode())}",
                 f"state={b64url(json.dumps({'returnTo': '/dashboard', 'n': R.randrange(100)}).encode())}"])


@neg("pem_public")
def _():
    label = pick(["CERTIFICATE", "PUBLIC KEY", "CERTIFICATE REQUEST"])
    body = "MII" + rs(64 * R.randrange(4, 10), B64)
    lines = "\n".join(body[i:i + 64] for i in range(0, len(body), 64))
    return f"Here is the server certificate chain:\n-----BEGIN {label}-----\n{lines}\n-----END {label}-----"


@neg("email_like")
def _():
    return pick([f"Use logo@2x.png and banner@3x.webp for retina screens.",
                 f"npm install lodash@4.17.{R.randrange(10, 22)} react@18.{R.randrange(4)}.0",
                 "@app.route('/health') returns 200.", "Ping @dev-team on Slack about it.",
                 "Twitter handle: @example_support", "pip install foo[bar]@ git+https://example.org/foo",
                 f"docker run nginx@sha256:{rs(64, '0123456789abcdef')}", "Sent @ 10:45 from the train."])


@neg("misc_numbers")
def _():
    return pick([f"Resolution {pick(['1920x1080', '2560x1440', '3840x2160'])} at 144 Hz",
                 f"Pages {R.randrange(10, 300)}-{R.randrange(301, 600)}", f"Final score {R.randrange(10)}:{R.randrange(10)}",
                 f"Won 6-4 3-6 7-5", f"Paper size 210 x 297 mm", f"Population: {R.randrange(1, 99)} {digits(3)} {digits(3)}",
                 f"Error 0x{rs(8, '0123456789ABCDEF')}", f"PIN reset for terminal {digits(4)}",
                 f"Raum {R.randrange(100, 999)}, Gebäude {R.randrange(1, 9)}", f"Flight LH {R.randrange(100, 999)} to FRA",
                 f"{R.randrange(2010, 2020)}-{R.randrange(2021, 2027)} average: {R.randrange(10, 99)}.{digits(1)} %",
                 f"Temperature dropped to -{R.randrange(1, 30)} °C overnight.", f"12 + 34 = 46, 7 × 8 = 56",
                 f"Serial no. SN{digits(12)}", f"Lot {digits(6)} expires {date_str()}"])


def gen_negatives(total=620):
    names = list(NEG_MAKERS)
    seen = set()
    i = 0
    live = list(names)
    while i < total and live:
        name = live[i % len(live)]
        for _ in range(40):
            text = NEG_MAKERS[name]()
            if text not in seen:
                break
        else:  # a fixed list is used up: keep only the generated categories
            live.remove(name)
            continue
        seen.add(text)
        lang = "mixed"
        add(text, [], lang, f"negative_{name}")
        i += 1


def main():
    gen_structured()
    gen_bearer()
    gen_pem()
    gen_names()
    gen_streets()
    gen_multi()
    gen_negatives()
    R.shuffle(SAMPLES)
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "heldout2.jsonl")
    with open(out, "w", encoding="utf-8") as f:
        for s in SAMPLES:
            f.write(json.dumps(s, ensure_ascii=False) + "\n")
    counts = {}
    for s in SAMPLES:
        for lab in s["labels"]:
            counts[lab["detector"]] = counts.get(lab["detector"], 0) + 1
    negs = sum(1 for s in SAMPLES if not s["labels"])
    print(f"{len(SAMPLES)} samples, {negs} hard negatives")
    for k in sorted(counts):
        print(f"  {k:<16} {counts[k]}")


if __name__ == "__main__":
    main()
