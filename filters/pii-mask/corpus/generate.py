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


# --- Session 18 (issue 12, held-out gaps named by form only): bare SSNs after an SSN cue, IPv4
# in every plain-text position, phones of the IT/PT/NL/PL/BR plans (and more EN/DE/FR/ES forms),
# street lines of IT/PT/NL (and more EN/DE/FR/ES forms), each with hard negatives. Written from
# the numbering plans and postal conventions, not from any held-out sample; own random stream.
srng = random.Random(SEED + 18)


def sd(n, first="0123456789"):
    return srng.choice(first) + "".join(srng.choice(string.digits) for _ in range(n - 1))


def valid_ssn_parts():
    while True:
        area, group, serial = srng.randint(1, 899), srng.randint(1, 99), srng.randint(1, 9999)
        if area != 666 and (area, group, serial) not in ((78, 5, 1120), (219, 9, 9999), (123, 45, 6789)):
            return f"{area:03}", f"{group:02}", f"{serial:04}"


SSN_CUES = ["SSN {v}", "SSN: {v}", "SSN#{v}", "SSN # {v}", "SSN#: {v}", "SSN no. {v}", "My SSN is {v}.",
            "social security number: {v}", "Social Security Number {v}", "Social Security No. {v}",
            "social security #{v}", "soc. sec. no. {v}", "Soc Sec # {v}", "SS# {v}", "SS No. {v}",
            "SSN (on file): {v}", "Employee SSN {v}, start date 2021-04-01.", "Patient: J. Doe, SSN {v}",
            "número de seguro social: {v}", "Please verify the applicant's SSN {v} before Friday.",
            "ssn={v}", "\"ssn\": \"{v}\"", "SSN:{v}", "the social security number is {v}."]

NINE_DIGIT_IDS = ["Order {v} has shipped.", "Order no. {v}", "Invoice number {v} is overdue.", "Account {v} was closed.",
                  "Customer ID {v}", "Tracking {v} is out for delivery.", "Routing number {v}", "ABA {v}",
                  "Member number {v} renewed.", "Reference {v} (SSN verified separately).",
                  "Ticket {v}: printer jam.", "Total: {v} units", "Population {v}", "Policy {v} renewed.",
                  "Bestellnummer {v}", "Commande {v} expédiée.", "Pedido {v} enviado.", "Badge {v}",
                  "The SSN field is empty; order {v} is pending.", "SKU {v}", "Batch {v} passed QA.",
                  "Transaction {v} settled.", "NPI {v}", "Claim {v} approved.", "Build {v} is green.",
                  "ZIP+4 {z}", "Phone extension {v}"]


def ssn_samples():
    out = []
    for _ in range(120):
        a, g, s = valid_ssn_parts()
        v = srng.choice([a + g + s, a + g + s, a + g + s, f"{a}-{g}-{s}", f"{a} {g} {s}", f"{a}.{g}.{s}"])
        out.append({"text": srng.choice(SSN_CUES).format(v=v), "labels": [{"detector": "ssn", "value": v}]})
    for _ in range(80):
        a, g, s = valid_ssn_parts()
        text = srng.choice(NINE_DIGIT_IDS).format(v=a + g + s, z=f"{sd(5, '123456789')}-{sd(4)}")
        out.append({"text": text, "labels": []})
    return out


def an_ip():
    return ".".join(str(x) for x in [srng.choice([srng.randint(1, 223), 10, 172, 192]), srng.randint(0, 255),
                                      srng.randint(0, 255), srng.randint(1, 254)])


IP_FRAMES = ["Please update {v} in the allow list.", "Please update the record: {v}.", "Update the firewall rule for {v} today.",
             "Server {v} is down.", "server: {v}", "The build server {v} is offline.", "API gateway {v} returns 502.",
             "Servers: {v}, {w} and {x}.", "Hosts [{v}, {w}]", "Allowed: ({v})", "IP address: {v}", "ip={v}",
             "Connect to {v}:8080 first.", "Open http://{v}/admin in a browser.", "curl https://{v}:8443/api/v1/health",
             "ssh root@{v}", "Traffic moved from {v} to {w}.", "The DNS record changed from {v} to {w} yesterday.",
             "Block the range {v}-{w}.", "Subnet {v}/24 is ours.", "Ping {v}!", "Ping {v}?", "Ping {v}.",
             "Hosts: {v} {w}", "<{v}>", "'{v}'", "\"{v}\"", "Gateway {v}; DNS {w}.", "nameserver {v}",
             "- {v}\n- {w}", "1. {v}\n2. {w}", "Der Server {v} ist nicht erreichbar.", "Adresse IP : {v}.",
             "La IP del servidor es {v}.", "L'indirizzo IP è {v}.", "O servidor {v} caiu.", "De server {v} is offline.",
             "服务器地址是{v}，请检查。", "サーバー{v}に接続できません。", "Log: client={v} status=200",
             "X-Forwarded-For: {v}, {w}", "Listen {v}:443", "inet {v} netmask 255.255.255.0", "{v}"]

IP_NEGATIVES = ["Version {v} is out.", "version {v}", "v{v}", "Firmware {v} fixes the bug.", "firmware version {v}",
                "Build {v} passed.", "Release {v} notes", "Upgrade from {v} to {w} now.", "Update to {v} today.",
                "Section {v} of the spec applies.", "See chapter {v}.", "Clause {v} was amended.", "Abschnitt {v} gilt.",
                "Kernel {v} is required.", "SDK {v} ships next week.", "rev {v}", "OID {v}.4.1.311",
                "Product version number {v}", "Paragraph {v} covers it.", "Version {v}-beta is unstable."]


def small_version():
    return ".".join(str(srng.randint(0, 20)) for _ in range(4))


def ipv4_samples():
    out = []
    for _ in range(150):
        frame = srng.choice(IP_FRAMES)
        vals = {k: an_ip() for k in "vwx"}
        labels = [{"detector": "ipv4", "value": vals[k]} for k in "vwx" if "{" + k + "}" in frame]
        out.append({"text": frame.format(**vals), "labels": labels})
    for _ in range(60):
        out.append({"text": srng.choice(IP_NEGATIVES).format(v=small_version(), w=small_version()), "labels": []})
    return out


def plan_phone_more():
    """IT, PT, NL, PL, BR numbers and more EN/DE/FR/ES forms, as people write them."""
    c = srng.choice(["it", "it", "pt", "pt", "nl", "nl", "pl", "pl", "br", "br", "us", "uk", "de", "fr", "es"])
    if c == "it":
        m = "3" + sd(2, "123456789") + sd(7)
        area = srng.choice(["02", "06", "011", "055", "081", "051", "0521", "0471"])
        sub = sd(10 - len(area), "123456789")
        return srng.choice([f"{m[:3]} {m[3:6]} {m[6:]}", f"{m[:3]} {m[3:]}", f"{m[:3]}-{m[3:]}", f"{m[:3]}/{m[3:]}",
                            f"{m[:3]}.{m[3:6]}.{m[6:]}", f"+39 {m[:3]} {m[3:6]} {m[6:]}", f"+39 {m}", f"0039 {m[:3]} {m[3:]}",
                            f"{area} {sub}", f"{area}/{sub}", f"{area}-{sub}", f"({area}) {sub}", f"+39 {area} {sub}",
                            f"{area} {sub[:4]} {sub[4:]}", f"{m[:3]} {m[3:6]} {m[6:8]} {m[8:]}", f"+39 {area}.{sub}"])
    if c == "pt":
        mob = "9" + srng.choice("1236") + sd(7)
        land = "2" + sd(1, "12345") + sd(7)
        return srng.choice([f"{mob[:3]} {mob[3:6]} {mob[6:]}", f"+351 {mob[:3]} {mob[3:6]} {mob[6:]}", f"+351 {mob}",
                            f"{land[:2]} {land[2:5]} {land[5:]}", f"{land[:3]} {land[3:6]} {land[6:]}",
                            f"+351 {land[:2]} {land[2:5]} {land[5:]}", f"(+351) {mob[:3]} {mob[3:6]} {mob[6:]}",
                            f"00351 {land[:3]} {land[3:6]} {land[6:]}", f"{mob[:3]}-{mob[3:6]}-{mob[6:]}"])
    if c == "nl":
        area = srng.choice(["20", "10", "30", "70", "40", "6"])
        sub = sd(9 - len(area), "123456789")
        two = f"{sub[:3]} {sub[3:5]} {sub[5:]}" if len(sub) == 7 else f"{sub[:2]} {sub[2:4]} {sub[4:6]} {sub[6:]}"
        return srng.choice([f"0{area} {sub}", f"0{area}-{sub}", f"0{area} {sub[:3]} {sub[3:]}", f"(0{area}) {sub}",
                            f"+31 {area} {sub}", f"+31 (0){area} {sub}", f"+31 (0){area}-{sub}", f"0031 {area} {sub}",
                            f"0{area}-{two}", f"0{area} - {sub}", f"+31 {area} {two}", f"0{area}/{sub}"])
    if c == "pl":
        mob = srng.choice("5678") + sd(8)
        land = srng.choice(["12", "22", "58", "61", "71", "81"]) + sd(7)
        return srng.choice([f"{mob[:3]} {mob[3:6]} {mob[6:]}", f"{mob[:3]}-{mob[3:6]}-{mob[6:]}", f"+48 {mob[:3]} {mob[3:6]} {mob[6:]}",
                            f"+48 {mob}", f"0048 {mob[:3]} {mob[3:6]} {mob[6:]}", f"{land[:2]} {land[2:5]} {land[5:7]} {land[7:]}",
                            f"({land[:2]}) {land[2:5]} {land[5:7]} {land[7:]}", f"+48 {land[:2]} {land[2:5]} {land[5:7]} {land[7:]}",
                            f"({land[:2]}) {land[2:5]}-{land[5:7]}-{land[7:]}", f"+48 ({land[:2]}) {land[2:5]} {land[5:7]} {land[7:]}"])
    if c == "br":
        ddd = sd(1, "123456789") + sd(1, "123456789")
        cel = "9" + sd(4, "6789") + sd(4)
        fixo = sd(1, "2345") + sd(7)
        return srng.choice([f"({ddd}) {cel[:5]}-{cel[5:]}", f"({ddd}) {fixo[:4]}-{fixo[4:]}", f"({ddd}) {cel[0]} {cel[1:5]}-{cel[5:]}",
                            f"({ddd}){cel[:5]}-{cel[5:]}", f"{ddd} {cel[:5]}-{cel[5:]}", f"+55 {ddd} {cel[:5]}-{cel[5:]}",
                            f"+55 ({ddd}) {cel[:5]}-{cel[5:]}", f"+55 {ddd} {cel[0]} {cel[1:5]} {cel[5:]}",
                            f"+55 {ddd} {fixo[:4]}-{fixo[4:]}", f"0{ddd} {cel[:5]}-{cel[5:]}"])
    if c == "us":
        a, e, l = sd(3, "23456789"), sd(3, "23456789"), sd(4)
        return srng.choice([f"{a} {e}-{l}", f"({a}){e}-{l}", f"1 ({a}) {e}-{l}", f"1.{a}.{e}.{l}", f"+1 {a}.{e}.{l}",
                            f"+1 {a}{e}{l}", f"+1({a}) {e} {l}", f"({a}) {e} {l}", f"{a}/{e}-{l}"])
    if c == "uk":
        return srng.choice([f"+44 (0) 20 {sd(4, '378')} {sd(4)}", f"+447{sd(3)}{sd(6)}", f"(0161) {sd(3)} {sd(4)}",
                            f"0800 {sd(3)} {sd(4)}", f"01{sd(3)} {sd(3)} {sd(3)}", f"+44 1{sd(3)} {sd(6)}"])
    if c == "de":
        area = srng.choice(["30", "40", "89", "221", "171", "151", "6221"])
        sub = sd(10 - len(area), "123456789")
        return srng.choice([f"0{area}/{sub[:3]} {sub[3:]}", f"0{area} - {sub}", f"0{area}-{sub[:3]} {sub[3:]}",
                            f"+49 (0){area}-{sub}", f"+49 {area} {sub[:3]} {sub[3:]}", f"0{area} {sub[:2]} {sub[2:4]} {sub[4:]}",
                            f"+49-{area}-{sub}", f"(0{area}) {sub[:-2]}-{sub[-2:]}"])
    if c == "fr":
        n = sd(1, "1234567") + sd(8)
        return srng.choice([f"0 800 {sd(2)} {sd(2)} {sd(2)}", f"+33 (0) {n[0]} {n[1:3]} {n[3:5]} {n[5:7]} {n[7:]}",
                            f"+33{n}", f"0{n[0]} {n[1:3]} {n[3:5]} {n[5:7]} {n[7:]}", f"0{n[0]}.{n[1:3]}.{n[3:5]}.{n[5:7]}.{n[7:]}"])
    n = srng.choice("67") + sd(8)
    return srng.choice([f"{n[:3]}.{n[3:5]}.{n[5:7]}.{n[7:]}", f"+34 {n}", f"(+34) {n[:3]} {n[3:5]} {n[5:7]} {n[7:]}",
                        f"{n[:3]} {n[3:5]} {n[5:7]} {n[7:]}"])


PHONE_FRAMES_MORE = [
    "Chiamami al {p}.", "Cellulare: {p}", "Telefono: {p}", "Il mio numero è {p}.", "Per informazioni chiamare il {p} (interno 21).",
    "Ligue para {p}.", "Telemóvel: {p}", "Telefone: {p}", "O meu número é {p}.", "Contato: {p}", "WhatsApp {p}",
    "Bel me op {p}.", "Telefoon: {p}", "Mobiel: {p}", "Mijn nummer is {p}.", "Tel. {p} (toestel 12)",
    "Zadzwoń pod numer {p}.", "Telefon: {p}", "Tel. kom. {p}", "Mój numer to {p}.",
    "Call me at {p}.", "Phone: {p} ext. 12", "[{p}]", "Tel.: {p}; Fax: -", "Mobile {p}, office hours 9-17.",
    "Rufen Sie {p} an.", "Appelez le {p}.", "Llámame al {p}.", "Numbers: {p}.", "({p})"]

ID_FRAMES_MORE = [
    "Numero d'ordine {v}", "Ordine n. {v} spedito.", "Fattura {v} pagata.", "Codice cliente {v}", "Partita IVA {v}",
    "Numero pratica: {v}", "Encomenda n.º {v} enviada.", "Fatura {v} emitida.", "NIF {v}", "Contribuinte {v}",
    "Bestelnummer {v}", "Factuur {v} is betaald.", "Klantnummer: {v}", "Ordernummer {v}", "Zamówienie nr {v} wysłane.",
    "Faktura {v}", "NIP {v}", "Numer zamówienia {v}", "Pedido {v} enviado.", "Protocolo {v}", "Nota fiscal {v}"]


def id_value_more():
    return srng.choice([f"3{sd(2)} {sd(7)}", f"3{sd(2)}-{sd(7)}", f"2{sd(1)} {sd(3)} {sd(4)}", f"2{sd(2)} {sd(3)} {sd(3)}",
                        f"5{sd(2)} {sd(3)} {sd(3)}", f"{sd(2, '123456789')} {sd(3)} {sd(2)} {sd(2)}", "0" + sd(10),
                        f"0{sd(2, '123456789')}-{sd(7)}", f"{sd(3)}-{sd(3)}-{sd(2)}-{sd(2)}"])


NUMBER_NEGATIVES_MORE = [
    "iPhone 15 Pro 256 GB costs 1.229 €.", "RTX 4090 at 2520 MHz", "Windows 11 Pro 23H2 build 22631.2861",
    "Il budget è di 512 345 678 euro.", "O orçamento é de 212 345 678 reais.", "Het budget is 612 345 678 euro.",
    "Budżet to 512 345 678 zł.", "Popolazione: 212 345 678 abitanti", "Data: 12.03.2024 ore 14.30",
    "Datum 12-03-2024 om 14:30", "Termin 2024-03-12 10:00-11:30", "Postcode 1012 AB Amsterdam", "CEP 01310-100 São Paulo",
    "Kod pocztowy 00-950 Warszawa", "CAP 00184 Roma", "Código postal 1100-148 Lisboa", "CPF 123.456.789-09",
    "CNPJ 12.345.678/0001-95", "PESEL 44051401458", "KvK 12345678", "BSN 123456782", "Codice fiscale RSSMRA85T10A562S",
    "Range 10 - 20 and 30 - 40", "Pages 212 - 345", "Scores 3 12 45 67 89 in order", "Model 3 Long Range 2024",
    "Versione 2.14.3.1 rilasciata", "Versão 4.19.2.1 disponível", "Versie 10.0.19041.1415", "Galaxy S24 Ultra 512GB"]


def phone_samples_more():
    out = []
    for _ in range(220):
        p = plan_phone_more()
        out.append({"text": srng.choice(PHONE_FRAMES_MORE).format(p=p), "labels": [{"detector": "phone", "value": p}]})
    for _ in range(120):
        out.append({"text": srng.choice(ID_FRAMES_MORE).format(v=id_value_more()), "labels": []})
    out.extend({"text": t, "labels": []} for t in NUMBER_NEGATIVES_MORE)
    return out


IT_TYPES = ["Via", "via", "Viale", "viale", "V.le", "Corso", "corso", "C.so", "Piazza", "piazza", "P.zza", "Piazzale",
            "Largo", "Vicolo", "Strada", "Lungomare", "Lungarno", "Contrada", "Borgo", "Salita", "Galleria", "Traversa"]
IT_NAMES = ["Roma", "Garibaldi", "Giuseppe Verdi", "della Repubblica", "dei Mille", "Vittorio Emanuele II", "San Francesco d'Assisi",
            "del Corso", "delle Rose", "degli Alpini", "XX Settembre", "IV Novembre", "Dante Alighieri", "Cavour", "Mazzini",
            "Santa Maria", "dello Statuto", "Tiburtina", "del Popolo", "Matteotti"]
PT_TYPES = ["Rua", "rua", "R.", "Avenida", "Av.", "Travessa", "Tv.", "Praça", "Largo", "Alameda", "Estrada", "Calçada",
            "Beco", "Rodovia", "Praceta", "Estr."]
PT_NAMES = ["Augusta", "da Prata", "do Ouro", "da Liberdade", "Oscar Freire", "Paulista", "dos Anjos", "de São Bento",
            "Marquês de Pombal", "Dr. António Martins", "25 de Abril", "das Flores", "do Comércio", "Sá da Bandeira",
            "Almirante Reis", "Cândido dos Reis", "da República", "de Santa Catarina"]
NL_STEMS = ["Kalver", "Dorps", "Kerk", "Molen", "Heren", "Keizers", "Prinsen", "Stations", "School", "Wilhelmina", "Juliana",
            "Beatrix", "Eiken", "Linden", "Bloemen", "Hoofd", "Markt", "Oranje", "Rozen", "Berken"]
NL_TYPES = ["straat", "laan", "weg", "gracht", "plein", "kade", "dijk", "singel", "steeg", "dreef", "hof", "park", "markt", "baan"]


def street_line_more():
    lang = srng.choice(["it", "it", "it", "pt", "pt", "pt", "nl", "nl", "nl", "en", "de", "fr", "es"])
    n = str(srng.choice([srng.randint(1, 99), srng.randint(1, 400), srng.randint(1, 2500)]))
    if lang == "it":
        num = srng.choice([n, n, f"{n}/A", f"{n}/b", f"{n}A", f"n. {n}", f"n° {n}", f"{n}-{int(n) + 2}", "snc", f"{n} int. 5"])
        return f"{srng.choice(IT_TYPES)} {srng.choice(IT_NAMES)}{srng.choice(['', ',', ','])} {num}"
    if lang == "pt":
        num = srng.choice([n, n, f"{n}A", f"n.º {n}", f"nº {n}", f"{n}, 3.º Esq.", f"{n} - apto 12", f"{n}-B", "s/n",
                           f"{n}, 2º andar"])
        return f"{srng.choice(PT_TYPES)} {srng.choice(PT_NAMES)}{srng.choice(['', ',', ','])} {num}"
    if lang == "nl":
        num = srng.choice([n, n, f"{n}a", f"{n} A", f"{n}-II", f"{n}-{int(n) + 4}", f"{n} hs", f"{n}bis", f"{n}-3"])
        kind = srng.random()
        if kind < 0.7:
            return f"{srng.choice(NL_STEMS)}{srng.choice(NL_TYPES)} {num}"
        if kind < 0.85:
            return f"{srng.choice(['Oude', 'Nieuwe', 'Lange', 'Korte', 'Hoge'])} {srng.choice(['Gracht', 'Weg', 'Straat', 'Laan', 'Markt', 'Dijk'])} {num}"
        return f"{srng.choice(['Laan van Meerdervoort', 'Plein 1813', 'Van Baerlestraat', 'Burgemeester de Monchyplein', 'Jan van Galenstraat'])} {num}"
    if lang == "en":
        return srng.choice([f"{n} Broadway", f"{n} Avenue of the Americas", f"Apt. {srng.randint(1, 40)}B, {n} Oak Street",
                            f"{n} Main St., Floor 3", f"{n}-{int(n) + 2} High Street", f"{n} Queen's Gate", f"Unit {srng.randint(1, 9)}, {n} Mill Road"])
    if lang == "de":
        return srng.choice([f"Hauptstraße {n}, 2. OG", f"Berliner Str.{n}", f"Am Hang {n}", f"Alter Markt {n}",
                            f"Karl-Liebknecht-Str. {n}", f"Dorfstr. {n}a"])
    if lang == "fr":
        return srng.choice([f"rue du Marché {n}", f"{n}bis, rue Pasteur", f"Bât. B, {n} avenue Foch", f"chemin des Vignes {n}"])
    return srng.choice([f"Calle Mayor número {n}", f"Calle de Alcalá núm. {n}", f"Calle Mayor {n}B", f"C/ Gran Vía, {n}"])


STREET_FRAMES_MORE = ["Indirizzo: {v}, 00184 Roma", "Abito in {v}.", "Consegna a {v}, 20121 Milano.", "Morada: {v}, 1100-148 Lisboa",
                      "Moro na {v}.", "Endereço: {v}, 01310-100 São Paulo", "Adres: {v}, 1012 AB Amsterdam", "Ik woon op de {v}.",
                      "Bezorgen op {v}.", "Ship to {v}, please.", "Address: {v}", "Lieferadresse: {v}", "Adresse : {v}.", "Dirección: {v}"]

STREET_NEGATIVES_MORE = [
    "Inviato via email 2 volte.", "Sent via UPS 2 days ago.", "Shared via Zoom 3 times.", "Nel corso di 3 anni.",
    "Il corso del 2024 è pieno.", "Corso di inglese 2 ore a settimana.", "A lo largo de 5 km.", "Largo 5 metros.",
    "Piazza Affari chiude in rialzo.", "La piazza è piena.", "Via libera al piano 3.", "A rua estava vazia.",
    "Rua principal fechada.", "De straat is 5 meter breed.", "Het plein was vol.", "Amsterdam 3 dagen, Rotterdam 2 dagen.",
    "Notepad 2 crashed.", "Keypad 3 is broken.", "Polizei 5 Minuten später.", "Kanzlei 3 Anwälte.", "Partei 2 Sitze.",
    "Strada 5 stelle.", "Travessa 3 opções.", "Route 66 runs west.", "Windows 11 Pro", "Galaxy S24 Ultra",
    "Park 3 cars there.", "Parkplatz 5 frei? Nein.", "Via 2 passaggi.", "Salita 10% per 3 km.", "Avenue 5 seasons."]


def street_samples_more():
    out = []
    for _ in range(260):
        v = street_line_more()
        out.append({"text": srng.choice(STREET_FRAMES_MORE).format(v=v), "labels": [{"detector": "street_address", "value": v}]})
    out.extend({"text": t, "labels": []} for t in STREET_NEGATIVES_MORE)
    return out


def ambiguous_bare_phone(row):
    """A phone label that is a bare national run of digits (`0596476791`, no `+`/`00`, no
    separators, not a `tel:` link): a case or reference number is written the same way, so the
    held-out briefs call it neither a phone nor a look-alike. Such rows are left out."""
    return any(
        label["detector"] == "phone"
        and label["value"].isdigit()
        and not label["value"].startswith("00")
        and "tel:" + label["value"] not in row["text"]
        for label in row["labels"]
    )


def main():
    rows = []
    for detector, (gen, count) in GENERATORS.items():
        rows.extend(sample(detector, gen()) for _ in range(count))
    rows.extend(bearer_sample() for _ in range(100))
    rows.extend(mixed_sample() for _ in range(150))
    rows.extend(negatives())
    rows.extend(phone_frames())
    rows.extend(street_frames())
    rows.extend(ssn_samples())
    rows.extend(ipv4_samples())
    rows.extend(phone_samples_more())
    rows.extend(street_samples_more())
    for row in rows:
        if ambiguous_bare_phone(row):
            continue
        sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
