#!/usr/bin/env python3
"""Generates the labeled pii-mask evaluation corpus (corpus.jsonl) with Faker.

Usage (from the repository root):
    .venv/bin/pip install faker
    .venv/bin/python filters/pii-mask/corpus/generate.py > filters/pii-mask/corpus/corpus.jsonl

Deterministic (fixed seeds), so CI can regenerate it and compare with the committed file.
Each line: {"text": ..., "labels": [{"detector": name, "value": exact substring}]}.
Positives embed generated values in sentences in several languages (non-ASCII around the
values); negatives are Faker prose and identifiers plus the hand-written hard_negatives.txt.
"""

import base64
import datetime
import ipaddress
import json
import os
import random
import string
import sys

# Some Faker providers pick from sets, whose order depends on string hashing: fix it.
if os.environ.get("PYTHONHASHSEED") != "0":
    os.environ["PYTHONHASHSEED"] = "0"
    os.execv(sys.executable, [sys.executable] + sys.argv)

from faker import Faker  # noqa: E402

SEED = 20241121
# Fixed bounds: Faker's default date ranges end "now", which would change the output daily.
START, END = datetime.datetime(2000, 1, 1), datetime.datetime(2030, 1, 1)
rng = random.Random(SEED)
fakers = {loc: Faker(loc) for loc in ["en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL"]}
NAME_LOCALES = ["en_US", "en_GB", "de_DE", "fr_FR", "es_ES"]
for i, f in enumerate(fakers.values()):
    f.seed_instance(SEED + i)
en = fakers["en_US"]

TEMPLATES = [
    "Please contact me at {v} about the invoice.",
    "My details: {v}. Thanks!",
    "Kannst du {v} bitte speichern? Grüße aus München.",
    "Merci d'utiliser {v} pour la réponse — à bientôt.",
    "请把 {v} 记下来，谢谢。",
    "Por favor usa {v} mañana.",
    "{v}",
    "Here it is:\n{v}\nend.",
    "(\"{v}\")",
    "Note — {v}; ok?",
]

B62 = string.ascii_letters + string.digits


def rand(alphabet, n):
    return "".join(rng.choice(alphabet) for _ in range(n))


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def email():
    f = rng.choice(list(fakers.values()))
    kind = rng.random()
    if kind < 0.6:
        return f.email()
    if kind < 0.8:
        return f"{f.first_name().lower()}.{f.last_name().lower()}@{f.domain_name()}".replace(" ", "")
    # Internationalised local parts (umlauts, accents) are real addresses too.
    return f"{fakers['de_DE'].first_name().lower()}@beispiel.de".replace(" ", "")


def phone():
    while True:
        loc = rng.choice(["en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL"])
        p = fakers[loc].phone_number()
        digits = "".join(c for c in p if c.isdigit())
        # Faker's de_DE also emits invalid numbers ("00008063608", "00669 074391"): not phones.
        if digits.startswith("00") and not p.startswith("+"):
            continue
        # Faker's it_IT and nl_NL numbers without a +cc or trunk 0 and no separators are ids.
        if loc in ("it_IT", "nl_NL") and not p.startswith(("+", "0", "(")):
            continue
        p = p.split("x")[0]  # extensions are not part of the value
        if loc == "es_ES" and rng.random() < 0.5:
            # Spanish national form: nine digits, no trunk prefix.
            nat = digits[2:]
            p = rng.choice([f"{nat[:3]} {nat[3:6]} {nat[6:]}", f"{nat[:3]} {nat[3:5]} {nat[5:7]} {nat[7:]}",
                            f"{nat[:3]}-{nat[3:6]}-{nat[6:]}", f"(+34) {nat[:3]} {nat[3:6]} {nat[6:]}"])
        if " " in p.strip() and rng.random() < 0.15:
            # Other separators people and editors put between the groups.
            p = p.strip().replace(" ", rng.choice(["\u00a0", "\u2009", "-", "."]))
        return p


def card():
    return en.credit_card_number()


def card_formatted():
    n = card()
    if len(n) == 16 and rng.random() < 0.5:
        sep = rng.choice([" ", "-"])
        return sep.join(n[i:i + 4] for i in range(0, 16, 4))
    return n


def ssn():
    return en.ssn()


def iban():
    f = rng.choice([fakers[l] for l in ["de_DE", "fr_FR", "en_GB", "es_ES", "it_IT", "nl_NL"]])
    value = f.iban()
    if rng.random() < 0.5:
        value = " ".join(value[i:i + 4] for i in range(0, len(value), 4))
    return value


def ipv4():
    return en.ipv4_public() if rng.random() < 0.7 else en.ipv4_private()


def ipv6():
    addr = ipaddress.IPv6Address(en.ipv6())
    return addr.compressed if rng.random() < 0.5 else str(addr.exploded)


def openai_key():
    prefix = rng.choice(["sk-", "sk-proj-", "sk-svcacct-"])
    return prefix + rand(B62 + "-_", rng.choice([32, 48, 64])).strip("-_") + rand(B62, 4)


def anthropic_key():
    return "sk-ant-api03-" + rand(B62 + "-_", 93) + "AA"


def aws_key():
    return rng.choice(["AKIA", "ASIA"]) + rand(string.ascii_uppercase + "234567", 16)


def github_token():
    if rng.random() < 0.8:
        return rng.choice(["ghp_", "gho_", "ghs_", "ghu_"]) + rand(B62, 36)
    return "github_pat_" + rand(B62, 22) + "_" + rand(B62, 59)


def jwt():
    header = b64url(json.dumps({"alg": rng.choice(["HS256", "RS256"]), "typ": "JWT"}).encode())
    payload = b64url(json.dumps({"sub": str(rng.randint(1, 10**9)), "name": en.name(), "iat": rng.randint(1.6e9, 1.8e9)}).encode())
    return f"{header}.{payload}.{b64url(rng.randbytes(32))}"


def bearer():
    return rand(B62 + "-._~", rng.choice([24, 32, 40]))


def private_key():
    kind = rng.choice(["", "RSA ", "EC ", "OPENSSH "])
    body = base64.b64encode(rng.randbytes(rng.choice([120, 240]))).decode()
    lines = "\n".join(body[i:i + 64] for i in range(0, len(body), 64))
    return f"-----BEGIN {kind}PRIVATE KEY-----\n{lines}\n-----END {kind}PRIVATE KEY-----"


def person_name():
    f = fakers[rng.choice(NAME_LOCALES)]
    kind = rng.random()
    if kind < 0.6:
        return f"{f.first_name()} {f.last_name()}"
    if kind < 0.8:
        honorific = rng.choice({"en_US": ["Mr.", "Mrs.", "Dr."], "en_GB": ["Mr", "Ms", "Dr"], "de_DE": ["Herr", "Frau", "Dr."],
                                "fr_FR": ["M.", "Mme", "Dr"], "es_ES": ["Sr.", "Sra.", "Dr."]}[f._locales[0]])
        return f"{honorific} {f.last_name()}"
    return f"{f.last_name()}, {f.first_name()}"


def street_address():
    f = fakers[rng.choice(NAME_LOCALES)]
    return f.street_address().strip().replace("\n", ", ")


PERSON_TEMPLATES = [
    "Please ask {v} to call back.",
    "Mit freundlichen Grüßen\n{v}",
    "Rendez-vous avec {v} jeudi.",
    "El paciente {v} llega a las diez.",
    "From: {v}",
    "{v} approved the change.",
]

ADDRESS_TEMPLATES = [
    "Ship to {v}, please.",
    "Lieferadresse: {v}",
    "Adresse : {v}.",
    "Dirección de envío: {v}",
    "We moved to {v} last year.",
]

GENERATORS = {
    "email": (email, 250),
    "phone": (phone, 300),
    "credit_card": (card_formatted, 250),
    "ssn": (ssn, 200),
    "iban": (iban, 200),
    "ipv4": (ipv4, 200),
    "ipv6": (ipv6, 150),
    "openai_key": (openai_key, 100),
    "anthropic_key": (anthropic_key, 100),
    "aws_access_key": (aws_key, 100),
    "github_token": (github_token, 100),
    "jwt": (jwt, 100),
    "private_key": (private_key, 60),
    # Opt-in detectors (off by default in a config).
    "person_name": (person_name, 250),
    "street_address": (street_address, 250),
}


def sample(detector, value):
    template = rng.choice({"person_name": PERSON_TEMPLATES, "street_address": ADDRESS_TEMPLATES}.get(detector, TEMPLATES))
    return {"text": template.format(v=value), "labels": [{"detector": detector, "value": value}]}


def bearer_sample():
    token = bearer()
    text = rng.choice([
        "curl -H 'Authorization: Bearer {t}' https://api.example.com",
        "Authorization: Bearer {t}",
        "Header war \"authorization: bearer {t}\", bitte prüfen.",
    ]).format(t=token)
    return {"text": text, "labels": [{"detector": "bearer_token", "value": token}]}


def mixed_sample():
    """Several values of different kinds in one text."""
    picks = rng.sample(["email", "phone", "credit_card", "ssn", "iban", "ipv4"], 3)
    values = [(d, GENERATORS[d][0]()) for d in picks]
    text = "Kunde: " + ", ".join(v for _, v in values) + ". Merci."
    return {"text": text, "labels": [{"detector": d, "value": v} for d, v in values]}


def negatives():
    out = []
    for _ in range(300):
        f = rng.choice(list(fakers.values()))
        kind = rng.randrange(10)
        text = [
            lambda: f.sentence(nb_words=14),
            lambda: f"Order {f.bothify('ORD-####-######')} placed {f.date_time_between(START, END).isoformat(sep=' ')}.",
            lambda: f"Version {rng.randint(0, 30)}.{rng.randint(0, 30)}.{rng.randint(0, 99)} released on {f.date_between(START, END)}.",
            lambda: f"ISBN {f.isbn13()} / EAN {f.ean13()} at {rng.randint(0, 23):02}:{rng.randint(0, 59):02}:{rng.randint(0, 59):02}.",
            lambda: f"Job {f.uuid4()} finished in {rng.randint(1, 9999)} ms.",
            lambda: f"Tracking {f.bothify('1Z###??#########').upper()} via {f.company()}.",
            lambda: f"Shipping from {f.city()} to {f.city()} takes {rng.randint(2, 9)} days.",
            lambda: f"Price {f.pricetag()} for {rng.randint(2, 500)} units, batch {f.bothify('B-##-####')}.",
            lambda: f.paragraph(nb_sentences=3),
            lambda: f"Invalid card {bad_luhn()} was declined; IBAN {bad_iban()} rejected.",
        ][kind]()
        out.append({"text": text, "labels": []})
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "hard_negatives.txt"), encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if line and not line.startswith("#"):
                out.append({"text": line, "labels": []})
    return out


def bad_luhn():
    n = en.credit_card_number()
    last = str((int(n[-1]) + rng.randint(1, 9)) % 10)
    return n[:-1] + last


def bad_iban():
    value = fakers["de_DE"].iban()
    last = str((int(value[-1]) + rng.randint(1, 9)) % 10)
    return value[:-1] + last


# --- Issue 12, phone precision: ids and dates in the frames phones appear in, and phones in
# the same frames (so a precision rule that costs recall shows). Values come from the
# numbering plans (not from Faker), with their own random stream so the samples above stay
# as they were.
prng = random.Random(SEED + 12)


def d(n, first="0123456789"):
    return prng.choice(first) + "".join(prng.choice(string.digits) for _ in range(n - 1))


def plan_phone():
    """A phone number of the US, UK, DE, FR or ES plan, in a format people write it in."""
    country = prng.choice(["us", "uk", "de", "fr", "es"])
    if country == "us":
        a, e, l = d(3, "23456789"), d(3, "23456789"), d(4)
        return prng.choice([f"({a}) {e}-{l}", f"{a}-{e}-{l}", f"{a}.{e}.{l}", f"+1 {a} {e} {l}",
                            f"+1 ({a}) {e}-{l}", f"1-{a}-{e}-{l}", f"+1-{a}-{e}-{l}", f"{a} {e} {l}"])
    if country == "uk":
        return prng.choice([f"020 {d(4, '378')} {d(4)}", f"07{d(3)} {d(6)}", f"01{d(3)} {d(6)}",
                            f"0161 {d(3)} {d(4)}", f"+44 20 {d(4, '378')} {d(4)}", f"+44 7{d(3)} {d(6)}",
                            f"+44 (0)20 {d(4, '378')} {d(4)}", f"(020) {d(4, '378')} {d(4)}", f"07{d(3)}-{d(6)}"])
    if country == "de":
        area = prng.choice(["30", "40", "89", "221", "69", "711", "351", "6221", "171", "151", "160", "176"])
        sub = d(10 - len(area), "123456789")
        return prng.choice([f"0{area} {sub}", f"0{area}/{sub}", f"0{area}-{sub}", f"(0{area}) {sub}",
                            f"+49 {area} {sub}", f"+49 (0){area} {sub}", f"0049 {area} {sub}",
                            f"0{area} / {sub}", f"0{area} {sub[:-2]}-{sub[-2:]}"])
    if country == "fr":
        n = d(1, "1234567") + d(8)
        pairs = [n[1:3], n[3:5], n[5:7], n[7:9]]
        return prng.choice(["0" + n[0] + " " + " ".join(pairs), "0" + n[0] + "." + ".".join(pairs),
                            "0" + n[0] + "-" + "-".join(pairs), "0" + n, f"+33 {n[0]} " + " ".join(pairs),
                            f"+33 (0){n[0]} " + " ".join(pairs), f"0033 {n[0]} " + " ".join(pairs)])
    mobile = prng.random() < 0.6
    n = d(1, "67") + d(8) if mobile else "9" + d(1, "1345") + d(7)
    return prng.choice([f"{n[:3]} {n[3:6]} {n[6:]}", f"{n[:3]} {n[3:5]} {n[5:7]} {n[7:]}",
                        f"{n[:2]} {n[2:5]} {n[5:7]} {n[7:]}" if not mobile else f"{n[:3]}-{n[3:6]}-{n[6:]}",
                        f"+34 {n[:3]} {n[3:6]} {n[6:]}", f"0034 {n[:3]} {n[3:6]} {n[6:]}",
                        f"(+34) {n[:3]} {n[3:6]} {n[6:]}"])


def id_value():
    """An id with a phone's shape: trunk-0 groups, 3-3-4, Spanish 9-digit groups, bare 10 digits."""
    return prng.choice([
        f"0{d(3, '123456789')} {d(6)}", f"0{d(2, '123456789')} {d(4)} {d(4)}", "0" + d(9, "123456789"),
        "0" + d(1, "1234567") + " " + " ".join(d(2) for _ in range(4)), f"0{d(3, '123456789')}/{d(7)}",
        f"0{d(3, '123456789')}-{d(7)}", f"{d(3, '23456789')}-{d(3)}-{d(4)}", f"{d(3, '6789')} {d(3)} {d(3)}",
        f"{d(3, '6789')} {d(2)} {d(2)} {d(2)}", f"0{d(2, '123456789')} {d(3)} {d(3)}",
    ])


ID_LABELS = {
    "en": ["order number", "order no.", "invoice number", "invoice no.", "ticket", "reference", "ref.",
           "booking reference", "confirmation number", "tracking number", "account number", "customer ID",
           "customer number", "policy number", "case ID", "serial number", "membership number",
           "transaction ID", "claim number", "contract number", "member ID", "patient ID", "employee ID",
           "licence number", "VAT number", "tax ID", "part number", "model number", "lot number",
           "voucher code", "verification code", "receipt number", "quote number", "application number",
           "registration number", "certificate number", "file number", "request ID", "incident number",
           "purchase order", "shipment number", "parcel number"],
    "de": ["Bestellnummer", "Bestell-Nr.", "Rechnungsnummer", "Rechnungs-Nr.", "Kundennummer", "Kunden-Nr.",
           "Auftragsnummer", "Vorgangsnummer", "Aktenzeichen", "Sendungsnummer", "Kontonummer", "Konto-Nr.",
           "Vertragsnummer", "Versicherungsnummer", "Mitgliedsnummer", "Seriennummer", "Artikelnummer",
           "Belegnummer", "Buchungsnummer", "Referenznummer", "Ticketnummer", "Fallnummer", "Schadennummer",
           "Personalnummer", "Matrikelnummer", "Zählernummer", "Lieferscheinnummer", "Antragsnummer",
           "Policennummer", "Transaktionsnummer"],
    "fr": ["numéro de commande", "n° de commande", "numéro de facture", "facture n°", "référence", "réf.",
           "numéro client", "numéro de client", "numéro de dossier", "dossier n°", "numéro de suivi",
           "numéro de contrat", "numéro de compte", "numéro de série", "n° de série", "numéro de réservation",
           "numéro de sinistre", "numéro d'adhérent", "numéro fiscal", "code promo", "numéro de ticket",
           "numéro de colis", "numéro de transaction", "numéro de police"],
    "es": ["número de pedido", "nº de pedido", "pedido", "número de factura", "factura nº", "referencia",
           "número de cliente", "nº de cliente", "expediente", "número de expediente", "número de seguimiento",
           "localizador", "número de reserva", "número de cuenta", "número de contrato", "número de póliza",
           "número de serie", "nº de serie", "número de socio", "código de verificación", "número de incidencia",
           "número de envío", "número de transacción", "número de albarán"],
}

ID_FRAMES = {
    "en": ["{L}: {v}", "Your {l} is {v}.", "Please quote {l} {v} when you write to us.", "{L} {v} has been processed."],
    "de": ["{L}: {v}", "Ihre {L} lautet {v}.", "Bitte geben Sie bei Rückfragen die {L} {v} an.", "{L} {v} wurde bearbeitet."],
    "fr": ["{L} : {v}", "Votre {l} est le {v}.", "Merci d'indiquer le {l} {v} dans votre réponse.", "{L} {v} traité hier."],
    "es": ["{L}: {v}", "Su {l} es {v}.", "Indique el {l} {v} en su consulta.", "{L} {v} procesado ayer."],
}

PHONE_FRAMES = {
    "en": ["Call me at {p}.", "My phone number is {p}.", "Mobile: {p}", "Questions about order {o}? Call {p}.",
           "Reach our support team on {p} (ticket {o}).", "On {date} call {p} after 14:30.",
           "Phone {p}, invoice {o}.", "Contact number: {p}", "Text me on {p} when you land.", "Fax: {p}"],
    "de": ["Rufen Sie mich unter {p} an.", "Telefonnummer: {p}", "Handy: {p}", "Bei Fragen zu Rechnung {o}: Tel. {p}",
           "Sie erreichen uns am {date} unter {p}.", "Meine Nummer ist {p}.", "Durchwahl {p}", "Kontakt: {p}",
           "Zur Bestellung {o} erreichen Sie uns unter {p}.", "Mobil erreichbar: {p}"],
    "fr": ["Appelez-moi au {p}.", "Mon numéro de portable : {p}", "Téléphone : {p}",
           "Pour votre commande {o}, appelez le {p}.", "Numéro de téléphone : {p}", "Joignable le {date} au {p}.",
           "Tél. {p}", "Contactez le service client au {p}.", "Mon numéro : {p}", "Standard : {p}"],
    "es": ["Llámame al {p}.", "Mi teléfono es {p}.", "Móvil: {p}", "Para su pedido {o}, llame al {p}.",
           "Número de teléfono: {p}", "Teléfono de contacto: {p}", "El {date} estaré en el {p}.",
           "Atención al cliente: {p}", "Escríbeme por WhatsApp al {p}.", "Tel. {p}"],
}


def a_date():
    t = datetime.datetime(2000, 1, 1) + datetime.timedelta(minutes=prng.randrange(30 * 365 * 24 * 60))
    fmt = prng.choice(["%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y %H:%M", "%Y%m%d", "%Y-%m-%dT%H:%M:%SZ", "%m/%d/%Y",
                       "%d-%m-%Y", "%Y/%m/%d %H:%M:%S", "%d.%m.%Y %H:%M", "%Y%m%d%H%M%S", "%Y%m%d-%H%M",
                       "%d.%m.%y", "%Y.%m.%d", "%d/%m/%y %H:%M", "%Y-%m-%d %H:%M:%S.123"])
    return t.strftime(fmt)


def a_number():
    """Dates, ranges, versions, amounts, codes: numbers that are not phones."""
    kind = prng.randrange(9)
    if kind == 0:
        return a_date()
    if kind == 1:
        return f"{a_date()} - {a_date()}" if prng.random() < 0.5 else f"{prng.randint(1990, 2024)}-{prng.randint(2025, 2030)}"
    if kind == 2:
        return prng.choice(["v", "version ", "build ", "Release "]) + ".".join(
            str(prng.randint(0, 30 if i else 12)) for i in range(prng.choice([3, 4]))) + prng.choice(["", f".{d(5)}"])
    if kind == 3:
        m = d(3, "6789")
        return prng.choice([f"{m} {d(3)} {d(3)} €", f"{m} {d(3)} {d(3)} euros", f"$ {m} {d(3)} {d(3)}",
                            f"EUR {m} {d(3)} {d(3)}", f"{d(1, '123456789')}.{d(3)}.{d(3)},{d(2)} €",
                            f"{d(1, '123456789')} {d(3)} {d(3)} €", f"${d(1, '123456789')},{d(3)},{d(3)}.{d(2)}"])
    if kind == 4:
        return prng.choice([f"{d(5)} Berlin", f"{d(5)} Paris", f"CP {d(5)}", f"{d(2)}.{d(4)}, {d(1)}.{d(4)}"])
    if kind == 5:
        return prng.choice([f"ISBN 0{d(9)}", f"ISBN 978-{d(1)}-{d(2)}-{d(6)}-{d(1)}", f"EAN {d(13)}", f"UPC 0{d(11)}"])
    if kind == 6:
        return prng.choice([f"https://shop.example.com/orders/0{d(9)}", f"/api/v2/items/0{d(9)}/reviews",
                            f'{{"id": "0{d(9)}", "qty": {prng.randint(1, 9)}}}', f"?order=0{d(9)}&page=2"])
    if kind == 7:
        return f"{prng.randint(0, 23):02}:{prng.randint(0, 59):02}-{prng.randint(0, 23):02}:{prng.randint(0, 59):02}"
    return "tracking " + prng.choice([f"0{d(3)} {d(4)} {d(4)} {d(4)} {d(4)}", f"{d(4)} {d(4)} {d(4)} {d(4)} {d(4)} {d(2)}"])


NUMBER_FRAMES = ["The record shows {v}.", "Eintrag: {v}.", "Valeur relevée : {v}.", "Registro: {v}.",
                 "{v}", "See {v} in the log.", "Siehe {v} im Protokoll.", "Voir {v} dans le journal."]


def phone_frames():
    out = []
    for _ in range(320):
        lang = prng.choice(list(ID_LABELS))
        label = prng.choice(ID_LABELS[lang])
        text = prng.choice(ID_FRAMES[lang]).format(l=label, L=label[0].upper() + label[1:], v=id_value())
        out.append({"text": text, "labels": []})
    for _ in range(160):
        out.append({"text": prng.choice(NUMBER_FRAMES).format(v=a_number()), "labels": []})
    for _ in range(240):
        lang = prng.choice(list(PHONE_FRAMES))
        p = plan_phone()
        text = prng.choice(PHONE_FRAMES[lang]).format(p=p, o=f"{prng.randint(10000, 999999)}", date=a_date())
        out.append({"text": text, "labels": [{"detector": "phone", "value": p}]})
    return out


# --- Issue 12, street lines: the postal conventions of EN/DE/FR/ES (house number before or
# after, abbreviations, flats, bis/ter, nº, s/n, c/), with own word lists, and street names
# without a number (not addresses) in the same frames.
arng = random.Random(SEED + 13)
ST_NAMES = ["Oak", "Maple", "Church", "Mill", "Station", "Queen's", "King", "Victoria", "Park", "High", "Elm",
            "Washington", "Lincoln", "Cedar", "Willow", "Baker", "North", "Market", "Bridge", "Green"]
EN_TYPES = ["Street", "St", "St.", "Road", "Rd", "Rd.", "Avenue", "Ave", "Ave.", "Lane", "Ln", "Drive", "Dr.", "Close",
            "Way", "Court", "Ct", "Crescent", "Cres", "Place", "Pl", "Terrace", "Gardens", "Gdns", "Boulevard", "Blvd",
            "Parkway", "Square", "Circle", "Cir", "Row", "Mews", "Grove", "Hill", "Walk"]
DE_STEMS = ["Goethe", "Schiller", "Bahnhof", "Linden", "Kirch", "Haupt", "Berg", "Garten", "Mühlen", "Rosen", "Eichen",
            "Schloss", "Wald", "Birken", "Kastanien", "Sonnen", "Mozart", "Beethoven", "Friedhof", "Markt"]
DE_TYPES = ["straße", "str.", "strasse", "weg", "gasse", "allee", "platz", "ring", "damm", "ufer", "pfad", "stieg", "berg", "hof"]
DE_ADJ = ["Alte", "Neue", "Lange", "Breite", "Hohe", "Berliner", "Hamburger", "Kölner", "Münchner", "Obere"]
DE_SEP = ["Straße", "Weg", "Allee", "Gasse", "Platz", "Ring", "Str."]
DE_PREP = ["Am Markt", "Am Alten Hafen", "An der Kirche", "Auf dem Berg", "Im Winkel", "Zur Mühle", "Zum Sportplatz",
           "Unter den Eichen", "In der Aue", "Hinter dem Dorf", "Bei der Schule"]
FR_TYPES = ["rue", "Rue", "avenue", "av.", "boulevard", "bd", "place", "chemin", "impasse", "allée", "quai", "route",
            "cours", "square", "passage", "résidence", "sentier", "voie"]
FR_NAMES = ["de la Paix", "Victor Hugo", "des Lilas", "du Moulin", "de l'Église", "Jean Jaurès", "Gambetta", "Pasteur",
            "de la Gare", "des Écoles", "du Général de Gaulle", "Saint-Michel", "d'Alsace", "des Tilleuls", "Émile Zola"]
ES_TYPES = ["Calle", "calle", "C/", "c/", "Avenida", "Avda.", "Av.", "Paseo", "Pº", "Plaza", "Pza.", "Camino", "Ronda",
            "Carretera", "Ctra.", "Travesía", "Glorieta", "Rambla", "Carrer", "Passeig", "Plaça"]
ES_NAMES = ["Mayor", "de Alcalá", "del Prado", "de la Castellana", "Real", "de Goya", "San Bernardo", "de la Constitución",
            "de Gràcia", "del Carmen", "de los Reyes Católicos", "Serrano", "de Toledo", "Nueva", "del Sol"]


def street_line():
    lang = arng.choice(["en", "de", "fr", "es"])
    n = str(arng.choice([arng.randint(1, 99), arng.randint(1, 400), arng.randint(1, 9999)]))
    if lang == "en":
        line = f"{n}{arng.choice(['', '', 'A', 'B'])} {arng.choice(ST_NAMES)} {arng.choice(EN_TYPES)}"
        r = arng.random()
        if r < 0.15:
            line += arng.choice([", Apt 4B", ", Suite 200", " #12", ", Flat 3", ", Unit 7"])
        elif r < 0.25:
            line = f"{arng.choice(['Flat', 'Apartment', 'Unit'])} {arng.randint(1, 30)}, {line}"
        return line
    n = str(arng.randint(1, 180))
    if lang == "de":
        kind = arng.random()
        num = n + arng.choice(["", "", "a", " b", f"-{int(n) + 2}", f"/{arng.randint(1, 9)}"])
        if kind < 0.5:
            return f"{arng.choice(DE_STEMS)}{arng.choice(DE_TYPES)} {num}"
        if kind < 0.75:
            return f"{arng.choice(DE_ADJ)} {arng.choice(DE_SEP)} {num}"
        return f"{arng.choice(DE_PREP)} {num}"
    if lang == "fr":
        sfx = arng.choice(["", "", "", " bis", " ter", "B"])
        comma = arng.choice(["", ","])
        return f"{n}{sfx}{comma} {arng.choice(FR_TYPES)} {arng.choice(FR_NAMES)}"
    num = arng.choice([n, n, f"nº {n}", f"n.º {n}", "s/n", f"{n}, 3º B"])
    comma = arng.choice(["", ","])
    return f"{arng.choice(ES_TYPES)} {arng.choice(ES_NAMES)}{comma} {num}"


STREET_FRAMES = ["Ship to {v}, please.", "Lieferadresse: {v}, 10115 Berlin", "Adresse : {v}, 75011 Paris.",
                 "Dirección: {v}, 28013 Madrid", "Our office moved to {v}.", "Wir wohnen in der {v}.",
                 "J'habite au {v}.", "Vivo en {v}."]

STREET_NEGATIVES = ["Main Street was closed for the parade.", "Die Goethestraße ist wegen Bauarbeiten gesperrt.",
                    "La rue de la Paix est piétonne le dimanche.", "La Calle Mayor está cortada hoy.",
                    "Im Jahr 2024 zogen wir um.",
                    "Am Montag 3 Termine, zum Beispiel 2 am Vormittag.", "We sold 300 units on Park Avenue stores.",
                    "Monitoring 3 hosts and Firewall 2 rules.", "Spring 2024 release notes.",
                    "Der Anstieg 5 % war erwartet.", "Kapitel 3, Abschnitt 2.", "Place Order 2 times.",
                    "Platz 3 ging an Berlin.", "Gate 12, Terminal 2, Avenue of shops.", "Level 5, Room 12."]


def street_frames():
    out = []
    for _ in range(200):
        v = street_line()
        out.append({"text": arng.choice(STREET_FRAMES).format(v=v), "labels": [{"detector": "street_address", "value": v}]})
    out.extend({"text": t, "labels": []} for t in STREET_NEGATIVES)
    return out


def main():
    rows = []
    for detector, (gen, count) in GENERATORS.items():
        rows.extend(sample(detector, gen()) for _ in range(count))
    rows.extend(bearer_sample() for _ in range(100))
    rows.extend(mixed_sample() for _ in range(150))
    rows.extend(negatives())
    rows.extend(phone_frames())
    rows.extend(street_frames())
    for row in rows:
        sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
