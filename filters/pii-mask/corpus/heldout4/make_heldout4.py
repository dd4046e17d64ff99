#!/usr/bin/env python3
"""Fourth held-out corpus for the pii-mask detectors (written blind, see README.md).

Standard library only. Fixed seed: every run writes the same bytes.

    python3 make_heldout4.py            # writes heldout4.jsonl next to this file
    python3 make_heldout4.py --stdout   # prints it instead
"""

import base64
import hashlib
import json
import os
import random
import re
import sys

SEED = 40417
R = random.Random(SEED)

SAMPLES = []


def add(text, labels, lang, form, context):
    """labels: list of (detector, value, form)."""
    SAMPLES.append(
        {
            "text": text,
            "labels": [{"detector": d, "value": v, "form": f} for d, v, f in labels],
            "lang": lang,
            "form": form,
            "context": context,
        }
    )


def pick(seq):
    return seq[R.randrange(len(seq))]


def digits(n):
    return "".join(str(R.randrange(10)) for _ in range(n))


def nz_digits(n):
    return str(R.randrange(1, 10)) + digits(n - 1)


UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
LOWER = "abcdefghijklmnopqrstuvwxyz"
DIG = "0123456789"
ALNUM = UPPER + LOWER + DIG
B64URL = ALNUM + "-_"


def rand_str(alphabet, n):
    return "".join(R.choice(alphabet) for _ in range(n))


# ---------------------------------------------------------------- script evasions

def map_digits(s, zero):
    return "".join(chr(zero + ord(c) - 48) if "0" <= c <= "9" else c for c in s)


def fullwidth(s):
    return map_digits(s, 0xFF10)


def arabic_indic(s):
    return map_digits(s, 0x0660)


def devanagari(s):
    return map_digits(s, 0x0966)


def zwsp_inside(s, n=None, ch="\u200b"):
    """Insert zero-width characters at positions strictly inside s."""
    if n is None:
        n = R.randint(1, 3)
    pos = sorted(R.sample(range(1, len(s)), min(n, len(s) - 1)))
    out, last = [], 0
    for p in pos:
        out.append(s[last:p])
        out.append(ch)
        last = p
    out.append(s[last:])
    return "".join(out)


# ---------------------------------------------------------------- checksums

def luhn_ok(num):
    total = 0
    for i, c in enumerate(reversed(num)):
        d = int(c)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def luhn_complete(prefix, length):
    body = prefix + digits(length - len(prefix) - 1)
    for c in DIG:
        if luhn_ok(body + c):
            return body + c
    raise AssertionError


CARD_BRANDS = [
    # brand, prefixes, length, grouping
    ("visa", ["4"], 16, (4, 4, 4, 4)),
    ("visa13", ["4"], 13, (4, 4, 5)),
    ("mastercard", ["51", "52", "53", "54", "55"], 16, (4, 4, 4, 4)),
    ("mastercard2", ["2221", "2300", "2470", "2559", "2611", "2720"], 16, (4, 4, 4, 4)),
    ("amex", ["34", "37"], 15, (4, 6, 5)),
    ("discover", ["6011", "644", "645", "649", "65"], 16, (4, 4, 4, 4)),
    ("jcb", ["3528", "3540", "3566", "3589"], 16, (4, 4, 4, 4)),
    ("diners", ["36", "300", "305"], 14, (4, 6, 4)),
    ("unionpay", ["62"], 16, (4, 4, 4, 4)),
    ("unionpay19", ["62"], 19, (4, 4, 4, 4, 3)),
    ("maestro", ["5018", "5020", "5038", "6304", "6759", "6761", "6763"], 16, (4, 4, 4, 4)),
]


def card_number(brand=None):
    if brand is None:
        brand = pick(CARD_BRANDS)
    name, prefixes, length, grouping = brand
    p = pick(prefixes)
    if name == "mastercard2":
        # anywhere in 2221..2720
        p = str(R.randint(2221, 2720))
    if name == "discover" and p == "65":
        p = "65" + str(R.randint(0, 9))
    return name, luhn_complete(p, length), grouping


def group(num, grouping, sep):
    out, i = [], 0
    for g in grouping:
        out.append(num[i:i + g])
        i += g
    return sep.join(out)


def iin_ok(num):
    n = len(num)
    if num[0] == "4" and n in (13, 16, 19):
        return True
    p2, p3, p4 = int(num[:2]), int(num[:3]), int(num[:4])
    if 51 <= p2 <= 55 and n == 16:
        return True
    if 2221 <= p4 <= 2720 and n == 16:
        return True
    if p2 in (34, 37) and n == 15:
        return True
    if (p4 == 6011 or 644 <= p3 <= 649 or p2 == 65) and n in (16, 19):
        return True
    if 3528 <= p4 <= 3589 and n in (16, 19):
        return True
    if (p2 == 36 or 300 <= p3 <= 305 or p2 in (38, 39)) and n in (14, 16):
        return True
    if p2 == 62 and 16 <= n <= 19:
        return True
    if p4 in (5018, 5020, 5038, 5893, 6304, 6759, 6761, 6762, 6763) and 12 <= n <= 19:
        return True
    return False


IBAN_SPECS = {
    # country: bban template (n digit, a upper letter), fixed bank codes for 'a' blocks
    "DE": "n" * 18,
    "FR": "n" * 23,
    "ES": "n" * 20,
    "IT": "a" + "n" * 22,
    "NL": "aaaa" + "n" * 10,
    "GB": "aaaa" + "n" * 14,
    "BE": "n" * 12,
    "AT": "n" * 16,
    "CH": "n" * 17,
    "PL": "n" * 24,
    "PT": "n" * 21,
    "SE": "n" * 20,
    "TR": "nnnnn0" + "n" * 16,
    "IE": "aaaa" + "n" * 14,
    "DK": "n" * 14,
    "NO": "n" * 11,
    "FI": "n" * 14,
    "SA": "n" * 20,
    "AE": "n" * 19,
    "LU": "n" * 16,
}
IBAN_LEN = {"DE": 22, "FR": 27, "ES": 24, "IT": 27, "NL": 18, "GB": 22, "BE": 16, "AT": 20,
            "CH": 21, "PL": 28, "PT": 25, "SE": 24, "TR": 26, "IE": 22, "DK": 18, "NO": 15,
            "FI": 18, "SA": 24, "AE": 23, "LU": 20}
BANK4 = {"NL": ["ABNA", "INGB", "RABO", "TRIO", "SNSB"], "GB": ["NWBK", "BARC", "HBUK", "LOYD", "MIDL"],
         "IE": ["AIBK", "BOFI", "IPBS"]}


def iban_mod97(s):
    r = s[4:] + s[:4]
    n = "".join(str(ord(c) - 55) if c.isalpha() else c for c in r)
    return int(n) % 97


def iban_valid(s):
    cc = s[:2]
    if cc not in IBAN_LEN or len(s) != IBAN_LEN[cc]:
        return False
    return iban_mod97(s) == 1


def iban(cc):
    tpl = IBAN_SPECS[cc]
    bban = []
    i = 0
    while i < len(tpl):
        if tpl[i:i + 4] == "aaaa":
            bban.append(pick(BANK4[cc]))
            i += 4
        elif tpl[i] == "a":
            bban.append(R.choice(UPPER))
            i += 1
        elif tpl[i] == "0":
            bban.append("0")
            i += 1
        else:
            bban.append(R.choice(DIG))
            i += 1
    bban = "".join(bban)
    check = 98 - iban_mod97(cc + "00" + bban)
    s = "%s%02d%s" % (cc, check, bban)
    assert iban_valid(s) and len(s) == IBAN_LEN[cc], s
    return s


def iban_bad(cc):
    good = iban(cc)
    for delta in (1, 2, 3, 5, 7):
        c = (int(good[2:4]) + delta) % 100
        bad = "%s%02d%s" % (cc, c, good[4:])
        if not iban_valid(bad):
            return bad
    raise AssertionError


def iban_print(s, sep=" "):
    return sep.join(s[i:i + 4] for i in range(0, len(s), 4))


def b64u(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def rbytes(n):
    return bytes(R.randrange(256) for _ in range(n))


def ssn_valid(a, g, s):
    return a not in (0, 666) and a < 900 and g != 0 and s != 0


def ssn():
    while True:
        a = R.randint(1, 899)
        g = R.randint(1, 99)
        s = R.randint(1, 9999)
        if ssn_valid(a, g, s) and not (a == 78 and g == 5 and s == 1120) and not (a == 219 and g == 9):
            return "%03d" % a, "%02d" % g, "%04d" % s


# ---------------------------------------------------------------- value makers

def ipv4_public():
    while True:
        a = R.randint(1, 223)
        if a in (10, 127, 0, 100, 169, 172, 192, 198, 203):
            continue
        return "%d.%d.%d.%d" % (a, R.randint(0, 255), R.randint(0, 255), R.randint(1, 254))


def ipv4_private():
    k = R.randrange(3)
    if k == 0:
        return "10.%d.%d.%d" % (R.randint(0, 255), R.randint(0, 255), R.randint(1, 254))
    if k == 1:
        return "172.%d.%d.%d" % (R.randint(16, 31), R.randint(0, 255), R.randint(1, 254))
    return "192.168.%d.%d" % (R.randint(0, 255), R.randint(1, 254))


def h16():
    return "%x" % R.randint(0, 0xFFFF)


def ipv6(kind):
    if kind == "full":
        return ":".join("%04x" % R.randint(0, 0xFFFF) for _ in range(8))
    if kind == "full_short":
        return "2a02:" + ":".join("%x" % R.randint(1, 0xFFFF) for _ in range(7))
    if kind == "compressed":
        pre = pick(["2001:db8", "2a01:4f8", "2600:1f18", "2406:da00", "2a00:1450"])
        return pre + ":" + h16() + "::" + h16()
    if kind == "compressed_tail":
        pre = pick(["2001:db8:85a3", "2a03:2880:f12f", "2604:a880:400"])
        return pre + "::" + ":".join(h16() for _ in range(R.randint(1, 3)))
    if kind == "link_local":
        return "fe80::%x:%x:%x:%x" % tuple(R.randint(1, 0xFFFF) for _ in range(4))
    if kind == "upper":
        return ("2001:DB8:%X:%X::%X" % (R.randint(1, 0xFFFF), R.randint(1, 0xFFFF), R.randint(1, 0xFFFF)))
    raise ValueError(kind)


def openai_key(kind):
    if kind == "legacy":
        return "sk-" + rand_str(ALNUM, 20) + "T3BlbkFJ" + rand_str(ALNUM, 20)
    if kind == "project":
        return "sk-proj-" + rand_str(B64URL, 64) + "T3BlbkFJ" + rand_str(B64URL, 64)
    if kind == "svcacct":
        return "sk-svcacct-" + rand_str(B64URL, 64) + "T3BlbkFJ" + rand_str(B64URL, 64)
    if kind == "plain48":
        return "sk-" + rand_str(ALNUM, 48)
    raise ValueError(kind)


def anthropic_key():
    return "sk-ant-api03-" + rand_str(B64URL, 93) + "AA"


def aws_key(prefix):
    return prefix + rand_str(UPPER + DIG, 16)


def github_token(kind):
    if kind == "pat":
        return "github_pat_11" + rand_str(UPPER + DIG, 20) + "_" + rand_str(ALNUM, 59)
    return kind + "_" + rand_str(ALNUM, 36)


def jwt(kind):
    algs = {"HS256": 32, "HS384": 48, "RS256": 256, "ES256": 64, "PS256": 256, "EdDSA": 64}
    alg = pick(list(algs))
    headers = [
        {"alg": alg, "typ": "JWT"},
        {"typ": "JWT", "alg": alg},
        {"alg": alg, "kid": rand_str(ALNUM + "-", 22)},
        {"alg": alg, "typ": "JWT", "kid": "%d" % R.randint(1, 99)},
    ]
    hdr = pick(headers)
    now = 1760000000 + R.randint(0, 30000000)
    payloads = [
        {"sub": "%d" % R.randint(10000, 9999999), "iat": now, "exp": now + 3600},
        {"iss": "https://auth.example.com/", "aud": "api", "sub": "usr_" + rand_str(ALNUM, 12),
         "scope": "read write", "exp": now + 900},
        {"uid": R.randint(1, 999999), "role": pick(["admin", "viewer", "editor"]), "iat": now},
        {"jti": rand_str(ALNUM, 16), "tenant": "t-%d" % R.randint(100, 999), "exp": now + 86400},
    ]
    h = b64u(json.dumps(hdr, separators=(",", ":")).encode())
    if kind == "nonjson_payload":
        p = b64u(pick([b"hello world", rbytes(R.randint(20, 60)), b"order=1842&status=paid"]))
    else:
        p = b64u(json.dumps(pick(payloads), separators=(",", ":")).encode())
    if kind == "spaced_header":
        h = b64u(json.dumps(hdr).encode())
    sig = b64u(rbytes(algs[alg]))
    return h + "." + p + "." + sig


def opaque_token(kind):
    if kind == "hex":
        return "".join(R.choice("0123456789abcdef") for _ in range(R.choice([32, 40, 64])))
    if kind == "google":
        return "ya29.a0" + rand_str(B64URL, R.randint(90, 140))
    if kind == "b64url":
        while True:
            t = rand_str(B64URL, R.randint(28, 60))
            if t[0].isalnum() and t[-1].isalnum() and not t.lower().startswith(("ey", "sk", "gh", "akia", "asia")):
                return t
    if kind == "dotted":
        return rand_str(ALNUM, 24) + "." + rand_str(ALNUM, 32)
    if kind == "tilde":
        return rand_str(ALNUM, 20) + "~" + rand_str(ALNUM, 20)
    raise ValueError(kind)


def pem(kind):
    if kind == "RSA PRIVATE KEY":
        body = bytes.fromhex("308204a40201000282010100") + rbytes(1180)
    elif kind == "PRIVATE KEY":
        body = bytes.fromhex("308204bd020100300d06092a864886f70d0101010500048204a7") + rbytes(1190)
    elif kind == "EC PRIVATE KEY":
        body = (bytes.fromhex("30770201010420") + rbytes(32)
                + bytes.fromhex("a00a06082a8648ce3d030107a144034200") + b"\x04" + rbytes(64))
    elif kind == "OPENSSH PRIVATE KEY":
        body = b"openssh-key-v1\x00" + rbytes(R.choice([380, 400, 1800]))
    elif kind == "ENCRYPTED PRIVATE KEY":
        body = bytes.fromhex("308205") + rbytes(1290)
    else:
        raise ValueError(kind)
    b = base64.b64encode(body).decode()
    width = 70 if kind == "OPENSSH PRIVATE KEY" else 64
    lines = [b[i:i + width] for i in range(0, len(b), width)]
    return lines


def pem_block(kind, nl="\n", indent=""):
    lines = pem(kind)
    parts = ["-----BEGIN %s-----" % kind] + [indent + l for l in lines] + [indent + "-----END %s-----" % kind]
    return nl.join(parts)


# ---------------------------------------------------------------- language material

LANGS = ["en", "de", "fr", "es", "it", "nl", "pt", "pl", "sv", "tr", "ja", "zh", "ar", "hi"]

FRAMES = {
    "en": {
        "email": ["Can you draft a reply to {v} saying the refund was approved?",
                  "Please send the invoice to {v} instead of the old address.",
                  "My login is {v} but the reset link never arrives.",
                  "Forward this thread to {v} and keep it short.",
                  "Add {v} to the beta list, they asked twice."],
        "phone": ["Call me back on {v} after 5pm.",
                  "The customer's number is {v}, please add it to the CRM.",
                  "Text {v} when the courier is close.",
                  "You can reach the front desk at {v} any time."],
        "card": ["Charge my card {v}, expiry 09/28.",
                 "The payment with {v} was declined twice, why?",
                 "Update my billing card to {v} please."],
        "iban": ["Please wire the deposit to {v} by Friday.",
                 "Our new bank account is {v}, update the supplier record."],
        "ip": ["Our API server at {v} keeps timing out.",
               "Why is {v} blocked by the firewall?",
               "Please update the allowlist with {v} before the release.",
               "Can you explain this traceroute hop: {v}?"],
        "secret": ["Is this key still valid? {v}",
                   "I accidentally pasted {v} into a public repo, how do I rotate it?",
                   "The call fails even though I set the key to {v} - what is wrong?",
                   "Rewrite this snippet in Go, keep the credential {v} as it is."],
        "name": ["Please write a thank-you note to {v} for the workshop.",
                 "Summarise the complaint from {v} in two sentences.",
                 "Schedule a call with {v} next Tuesday at 10am.",
                 "Draft a reference letter for {v}, who worked here for six years."],
        "address": ["Ship the replacement to {v} please.",
                    "The office moved to {v}, update the footer.",
                    "Is {v} inside the delivery zone?"],
        "ssn": ["My SSN is {v}, can you fill in the W-9 for me?",
                "Employee record: SSN {v}, start date 2024-02-01.",
                "Check whether the social security number {v} is formatted correctly."],
    },
    "de": {
        "email": ["Bitte schick die Rechnung an {v}, nicht an die alte Adresse.",
                  "Meine Login-Adresse ist {v}, aber der Link kommt nie an.",
                  "Kannst du eine Antwort an {v} formulieren? Die Erstattung ist genehmigt."],
        "phone": ["Ruf mich bitte unter {v} zurück, ab 17 Uhr.",
                  "Die Telefonnummer des Kunden lautet {v}.",
                  "Erreichbar bin ich tagsüber unter {v}."],
        "card": ["Meine Kreditkarte {v} wurde zweimal abgelehnt, warum?",
                 "Bitte belaste die Karte {v}, gültig bis 11/27."],
        "iban": ["Bitte überweise die Kaution auf {v} bis Freitag.",
                 "Unsere neue Bankverbindung: IBAN {v}."],
        "ip": ["Der Server unter {v} antwortet seit heute Morgen nicht mehr.",
               "Warum blockiert die Firewall die Adresse {v}?"],
        "secret": ["Ist dieser Schlüssel noch gültig? {v}",
                   "Ich habe aus Versehen {v} ins Repo gepusht, wie widerrufe ich das?"],
        "name": ["Schreib bitte eine kurze Dankesmail an {v} für die Präsentation.",
                 "Fasse die Beschwerde von {v} in zwei Sätzen zusammen.",
                 "Trag einen Termin mit {v} am Donnerstag um 10 Uhr ein."],
        "address": ["Bitte liefere das Paket an {v}.",
                    "Unser Büro ist umgezogen, neue Anschrift: {v}."],
    },
    "fr": {
        "email": ["Peux-tu répondre à {v} que le remboursement est accepté ?",
                  "Merci d'envoyer la facture à {v} et non à l'ancienne adresse.",
                  "Mon identifiant est {v} mais je ne reçois jamais le lien."],
        "phone": ["Rappelez-moi au {v} après 18 h.",
                  "Le numéro du client est le {v}, ajoute-le au dossier.",
                  "Vous pouvez joindre l'accueil au {v}."],
        "card": ["Ma carte {v} a été refusée deux fois, pourquoi ?",
                 "Débitez la carte {v}, expiration 03/29."],
        "iban": ["Merci de virer l'acompte sur {v} avant vendredi.",
                 "Nos nouvelles coordonnées bancaires : IBAN {v}."],
        "ip": ["Le serveur {v} ne répond plus depuis ce matin.",
               "Pourquoi le pare-feu bloque-t-il {v} ?"],
        "secret": ["Cette clé est-elle encore valide ? {v}",
                   "J'ai publié {v} par erreur sur GitHub, comment la révoquer ?"],
        "name": ["Rédige un mot de remerciement pour {v} après l'atelier.",
                 "Résume la réclamation de {v} en deux phrases.",
                 "Planifie un appel avec {v} mardi prochain."],
        "address": ["Envoyez le colis au {v}.",
                    "Notre agence a déménagé : {v}."],
    },
    "es": {
        "email": ["¿Puedes responder a {v} que el reembolso está aprobado?",
                  "Envía la factura a {v}, no a la dirección antigua.",
                  "Mi usuario es {v} pero nunca llega el enlace."],
        "phone": ["Llámame al {v} a partir de las seis.",
                  "El teléfono del cliente es {v}, añádelo a la ficha.",
                  "Puede contactar con recepción en el {v}."],
        "card": ["Mi tarjeta {v} fue rechazada dos veces, ¿por qué?",
                 "Cárgalo a la tarjeta {v}, caduca en 05/28."],
        "iban": ["Por favor, transfiere la fianza a {v} antes del viernes.",
                 "Nuestra nueva cuenta bancaria es {v}."],
        "ip": ["El servidor {v} no responde desde esta mañana.",
               "¿Por qué el cortafuegos bloquea {v}?"],
        "secret": ["¿Esta clave sigue siendo válida? {v}",
                   "Subí {v} por error a un repositorio público, ¿cómo la revoco?"],
        "name": ["Escribe una nota de agradecimiento para {v} por el taller.",
                 "Resume la queja de {v} en dos frases.",
                 "Agenda una llamada con {v} el próximo martes."],
        "address": ["Envía el paquete a {v}, por favor.",
                    "La oficina se ha trasladado a {v}."],
        "ssn": ["Mi número de seguro social es {v}, ¿me ayudas con el formulario?",
                "SSN del empleado: {v}."],
    },
    "it": {
        "email": ["Puoi rispondere a {v} che il rimborso è approvato?",
                  "Manda la fattura a {v}, non al vecchio indirizzo."],
        "phone": ["Richiamami al {v} dopo le 18.",
                  "Il numero del cliente è {v}, aggiungilo alla scheda."],
        "card": ["La mia carta {v} è stata rifiutata due volte, perché?",
                 "Addebita sulla carta {v}, scadenza 07/27."],
        "iban": ["Per favore fai il bonifico della caparra su {v} entro venerdì.",
                 "Il nostro nuovo conto è {v}."],
        "ip": ["Il server {v} non risponde da stamattina.",
               "Perché il firewall blocca {v}?"],
        "secret": ["Questa chiave è ancora valida? {v}",
                   "Ho pubblicato per sbaglio {v} su un repository, come la revoco?"],
        "name": ["Scrivi un biglietto di ringraziamento per {v} dopo il corso.",
                 "Riassumi il reclamo di {v} in due frasi."],
        "address": ["Spedisci il pacco in {v}, per favore.",
                    "L'ufficio si è trasferito in {v}."],
    },
    "nl": {
        "email": ["Kun je {v} laten weten dat de terugbetaling is goedgekeurd?",
                  "Stuur de factuur naar {v} in plaats van het oude adres."],
        "phone": ["Bel me terug op {v} na vijf uur.",
                  "Het telefoonnummer van de klant is {v}."],
        "card": ["Mijn creditcard {v} is twee keer geweigerd, waarom?",
                 "Schrijf het bedrag af van kaart {v}."],
        "iban": ["Maak de borg over naar {v} voor vrijdag.",
                 "Ons nieuwe rekeningnummer is {v}."],
        "ip": ["De server op {v} reageert sinds vanochtend niet meer.",
               "Waarom blokkeert de firewall {v}?"],
        "secret": ["Is deze sleutel nog geldig? {v}",
                   "Ik heb {v} per ongeluk gepusht, hoe trek ik hem in?"],
        "name": ["Schrijf een bedankje voor {v} na de workshop.",
                 "Vat de klacht van {v} samen in twee zinnen."],
        "address": ["Stuur het pakket naar {v}.",
                    "Ons kantoor is verhuisd naar {v}."],
    },
    "pt": {
        "email": ["Podes responder a {v} a dizer que o reembolso foi aprovado?",
                  "Envie a fatura para {v}, não para o endereço antigo."],
        "phone": ["Liga-me para o {v} depois das seis.",
                  "O telefone do cliente é {v}."],
        "card": ["O meu cartão {v} foi recusado duas vezes, porquê?",
                 "Cobre no cartão {v}, validade 10/28."],
        "iban": ["Transfira a caução para {v} até sexta-feira.",
                 "A nossa nova conta é {v}."],
        "ip": ["O servidor {v} não responde desde esta manhã.",
               "Porque é que a firewall bloqueia {v}?"],
        "secret": ["Esta chave ainda é válida? {v}",
                   "Publiquei {v} por engano num repositório, como a revogo?"],
        "name": ["Escreve uma nota de agradecimento para {v} pelo workshop.",
                 "Resume a reclamação de {v} em duas frases."],
        "address": ["Envie a encomenda para {v}.",
                    "O escritório mudou-se para {v}."],
    },
    "pl": {
        "email": ["Odpowiedz proszę na {v}, że zwrot został zatwierdzony.",
                  "Wyślij fakturę na {v}, nie na stary adres."],
        "phone": ["Oddzwoń do mnie pod numer {v} po 17.",
                  "Numer telefonu klienta to {v}."],
        "card": ["Moja karta {v} została dwukrotnie odrzucona, dlaczego?"],
        "iban": ["Przelej kaucję na konto {v} do piątku.",
                 "Nasz nowy numer rachunku to {v}."],
        "ip": ["Serwer {v} nie odpowiada od rana.",
               "Dlaczego zapora blokuje {v}?"],
        "secret": ["Czy ten klucz jest jeszcze ważny? {v}"],
        "name": ["Napisz podziękowanie za warsztaty, adresat: {v}.",
                 "Streść reklamację, którą zgłosił(a) {v}, w dwóch zdaniach."],
        "address": ["Wyślij paczkę na adres {v}."],
    },
    "sv": {
        "email": ["Kan du svara {v} att återbetalningen är godkänd?",
                  "Skicka fakturan till {v} i stället för den gamla adressen."],
        "phone": ["Ring mig på {v} efter fem.",
                  "Kundens telefonnummer är {v}."],
        "card": ["Mitt kort {v} nekades två gånger, varför?"],
        "iban": ["För över depositionen till {v} före fredag.",
                 "Vårt nya kontonummer är {v}."],
        "ip": ["Servern på {v} svarar inte sedan i morse.",
               "Varför blockerar brandväggen {v}?"],
        "secret": ["Är den här nyckeln fortfarande giltig? {v}"],
        "name": ["Skriv ett tackbrev till {v} efter workshopen.",
                 "Sammanfatta klagomålet från {v} i två meningar."],
        "address": ["Skicka paketet till {v}.",
                    "Kontoret har flyttat till {v}."],
    },
    "tr": {
        "email": ["{v} adresine iadenin onaylandığını yazar mısın?",
                  "Faturayı eski adrese değil, {v} adresine gönder."],
        "phone": ["Saat beşten sonra beni {v} numarasından arayın.",
                  "Müşterinin telefon numarası {v}."],
        "card": ["{v} numaralı kartım iki kez reddedildi, neden?"],
        "iban": ["Depozitoyu cumaya kadar {v} hesabına yatırın.",
                 "Yeni hesap numaramız: {v}"],
        "ip": ["{v} adresindeki sunucu sabahtan beri yanıt vermiyor.",
               "Güvenlik duvarı neden {v} adresini engelliyor?"],
        "secret": ["Bu anahtar hâlâ geçerli mi? {v}"],
        "name": ["Atölye için {v} adlı katılımcıya bir teşekkür notu yaz.",
                 "Şikâyeti yapan kişi: {v}. İki cümleyle özetle."],
    },
    "ja": {
        "email": ["{v} 宛てに返金が承認されたと返信してください。",
                  "請求書は旧アドレスではなく {v} に送ってください。"],
        "phone": ["18時以降に {v} までお電話ください。",
                  "お客様の電話番号は {v} です。"],
        "card": ["カード番号 {v} が2回とも拒否されました。なぜですか？"],
        "iban": ["保証金を金曜日までに {v} に振り込んでください。"],
        "ip": ["{v} のサーバーが今朝から応答しません。",
               "ファイアウォールが {v} をブロックするのはなぜですか？"],
        "secret": ["このキーはまだ有効ですか？ {v}"],
        "name": ["ワークショップのお礼状を{v}さん宛てに書いてください。",
                 "{v}様からの苦情を二文で要約してください。"],
    },
    "zh": {
        "email": ["请回复 {v}，告诉对方退款已批准。",
                  "发票请发到 {v}，不要发到旧地址。"],
        "phone": ["请在六点以后拨打 {v} 联系我。",
                  "客户的电话号码是 {v}。"],
        "card": ["我的银行卡 {v} 被拒绝了两次，为什么？"],
        "iban": ["请在周五前把押金汇到 {v}。"],
        "ip": ["{v} 上的服务器从早上开始就没有响应。",
               "防火墙为什么会拦截 {v}？"],
        "secret": ["这个密钥还有效吗？{v}"],
        "name": ["请给{v}写一封感谢信，感谢他参加研讨会。",
                 "用两句话总结{v}的投诉。"],
    },
    "ar": {
        "email": ["يرجى الرد على {v} بأن الاسترداد تمت الموافقة عليه.",
                  "أرسل الفاتورة إلى {v} بدلاً من العنوان القديم."],
        "phone": ["اتصل بي على الرقم {v} بعد الساعة الخامسة.",
                  "رقم هاتف العميل هو {v}."],
        "card": ["تم رفض بطاقتي {v} مرتين، لماذا؟"],
        "iban": ["يرجى تحويل العربون إلى الحساب {v} قبل يوم الجمعة."],
        "ip": ["الخادم على العنوان {v} لا يستجيب منذ الصباح."],
        "secret": ["هل هذا المفتاح لا يزال صالحاً؟ {v}"],
        "name": ["اكتب رسالة شكر إلى {v} على ورشة العمل.",
                 "لخّص شكوى {v} في جملتين."],
    },
    "hi": {
        "email": ["कृपया {v} को जवाब दें कि रिफ़ंड स्वीकृत हो गया है।",
                  "बिल पुराने पते पर नहीं, {v} पर भेजें।"],
        "phone": ["शाम पाँच बजे के बाद मुझे {v} पर कॉल करें।",
                  "ग्राहक का फ़ोन नंबर {v} है।"],
        "card": ["मेरा कार्ड {v} दो बार अस्वीकार हुआ, क्यों?"],
        "iban": ["कृपया शुक्रवार तक जमा राशि {v} खाते में भेजें।"],
        "ip": ["{v} वाला सर्वर सुबह से जवाब नहीं दे रहा है।"],
        "secret": ["क्या यह कुंजी अभी भी मान्य है? {v}"],
        "name": ["कार्यशाला के लिए {v} को धन्यवाद पत्र लिखें।",
                 "{v} की शिकायत को दो वाक्यों में सारांशित करें।"],
    },
}

MAIL_WRAP = {
    "en": ("Subject: {s}\n\nHello,\n\n{b}\n\nKind regards,\nCustomer Support", "Question about my account"),
    "de": ("Betreff: {s}\n\nGuten Tag,\n\n{b}\n\nViele Grüße\nIhr Support-Team", "Frage zu meinem Konto"),
    "fr": ("Objet : {s}\n\nBonjour,\n\n{b}\n\nCordialement,\nLe service client", "Question sur mon compte"),
    "es": ("Asunto: {s}\n\nHola:\n\n{b}\n\nUn saludo,\nAtención al cliente", "Consulta sobre mi cuenta"),
    "it": ("Oggetto: {s}\n\nBuongiorno,\n\n{b}\n\nCordiali saluti,\nAssistenza clienti", "Domanda sul mio account"),
    "nl": ("Onderwerp: {s}\n\nGoedemiddag,\n\n{b}\n\nMet vriendelijke groet,\nKlantenservice", "Vraag over mijn account"),
    "pt": ("Assunto: {s}\n\nOlá,\n\n{b}\n\nCumprimentos,\nApoio ao cliente", "Dúvida sobre a minha conta"),
    "pl": ("Temat: {s}\n\nDzień dobry,\n\n{b}\n\nPozdrawiam serdecznie,\nDział obsługi klienta", "Pytanie o moje konto"),
    "sv": ("Ämne: {s}\n\nHej,\n\n{b}\n\nVänliga hälsningar,\nKundtjänst", "Fråga om mitt konto"),
    "tr": ("Konu: {s}\n\nMerhaba,\n\n{b}\n\nSaygılarımla,\nMüşteri hizmetleri", "Hesabım hakkında"),
    "ja": ("件名: {s}\n\nお世話になっております。\n\n{b}\n\nよろしくお願いいたします。\nサポート窓口", "アカウントについて"),
    "zh": ("主题：{s}\n\n您好，\n\n{b}\n\n此致\n客服中心", "关于我的账户"),
    "ar": ("الموضوع: {s}\n\nمرحباً،\n\n{b}\n\nمع خالص التحية،\nخدمة العملاء", "استفسار عن حسابي"),
    "hi": ("विषय: {s}\n\nनमस्ते,\n\n{b}\n\nधन्यवाद,\nग्राहक सेवा", "मेरे खाते के बारे में"),
}


def in_lang_frame(lang, cat, v):
    fr = FRAMES[lang].get(cat)
    if not fr:
        lang = "en"
        fr = FRAMES["en"][cat]
    return lang, pick(fr).replace("{v}", v)


def mail(lang, body):
    tpl, subj = MAIL_WRAP[lang]
    return tpl.replace("{s}", subj).replace("{b}", body)


def chat_or_mail(lang, cat, v):
    lang, s = in_lang_frame(lang, cat, v)
    if R.random() < 0.3:
        return lang, mail(lang, s), "email"
    return lang, s, "chat"


def structured(field, v, form_hint=None):
    """Language-neutral contexts. Returns (text, context)."""
    k = form_hint if form_hint else pick(["csv", "json", "log", "markdown", "yaml", "form", "sql", "html"])
    rid = R.randint(1000, 99999)
    day = "2025-%02d-%02d" % (R.randint(1, 12), R.randint(1, 28))
    if k == "csv":
        sep = pick([",", ";", "\t"])
        return sep.join(["id", field, "created", "status"]) + "\n" + sep.join(
            [str(rid), v, day, pick(["active", "pending", "closed"])]) + "\n", "csv"
    if k == "json":
        return json.dumps({"id": rid, "record": {field: v, "updated": day + "T10:%02d:00Z" % R.randint(0, 59)}},
                          ensure_ascii=False), "json"
    if k == "log":
        return "%sT%02d:%02d:%02dZ %s svc=%s req=%s %s=%s\n" % (
            day, R.randint(0, 23), R.randint(0, 59), R.randint(0, 59), pick(["INFO", "WARN", "DEBUG"]),
            pick(["billing", "auth", "gateway", "crm"]), rand_str("0123456789abcdef", 12), field, v), "log"
    if k == "markdown":
        return "| field | value |\n|---|---|\n| id | %d |\n| %s | %s |\n| status | open |\n" % (rid, field, v), "markdown"
    if k == "yaml":
        return "record:\n  id: %d\n  %s: \"%s\"\n  updated: %s\n" % (rid, field, v, day), "yaml"
    if k == "form":
        return "Ticket #%d\n%s: %s\nPriority: normal\n" % (rid, field.replace("_", " ").capitalize(), v), "form"
    if k == "sql":
        return "INSERT INTO contacts (id, %s, created_at) VALUES (%d, '%s', '%s');" % (field, rid, v, day), "sql"
    if k == "html":
        return '<label for="f%d">%s</label> <input id="f%d" name="%s" value="%s">' % (rid, field, rid, field, v), "html"
    raise ValueError(k)


# ---------------------------------------------------------------- email

EMAIL_LOCALS = ["jd2031", "k.m.84", "ops-team", "billing", "support.eu", "sunflower77", "tech.ops",
                "ab.cd", "info", "hr-payroll", "m.t.1990", "noc", "kundenservice", "contact",
                "admin2", "qa_lead", "xz.42", "travel.desk", "rk-finance", "dev+alerts", "sales.north",
                "team.lisbon", "it-helpdesk", "r2d2", "ppl.ops", "ml.research"]
EMAIL_DOMAINS = {
    "en": ["example.com", "northwind-traders.com", "fabrikam.co.uk", "contoso.com", "mail.example.net"],
    "de": ["muster-gmbh.de", "beispiel.de", "kanzlei-nord.de", "example.at"],
    "fr": ["exemple.fr", "societe-alpha.fr", "example.be"],
    "es": ["ejemplo.es", "empresa-sur.es", "example.com.mx"],
    "it": ["esempio.it", "ditta-nord.it"],
    "nl": ["voorbeeld.nl", "bedrijf.be"],
    "pt": ["exemplo.pt", "empresa.com.br"],
    "pl": ["przyklad.pl", "firma-test.pl"],
    "sv": ["exempel.se", "foretag.se"],
    "tr": ["ornek.com.tr", "sirket.com.tr"],
    "ja": ["example.co.jp", "rei-shoji.jp"],
    "zh": ["example.cn", "shili.com.cn"],
    "ar": ["example.ae", "sharika.sa"],
    "hi": ["example.in", "udyog.co.in"],
}


def email_value(lang):
    return pick(EMAIL_LOCALS) + "@" + pick(EMAIL_DOMAINS[lang])


def gen_email():
    lang = pick(LANGS)
    v = email_value(lang)
    r = R.random()
    if r < 0.30:
        lang, t, ctx = chat_or_mail(lang, "email", v)
        add(t, [("email", v, "plain")], lang, "plain", ctx)
    elif r < 0.45:
        t, ctx = structured(pick(["email", "contact_email", "e_mail", "user"]), v)
        add(t, [("email", v, "plain")], "en", "plain", ctx)
    elif r < 0.50:
        v2 = v.upper() if R.random() < 0.5 else v[0].upper() + v[1:]
        lang, t, ctx = chat_or_mail(lang, "email", v2)
        add(t, [("email", v2, "uppercase")], lang, "uppercase", ctx)
    elif r < 0.55:
        t = pick(["Reply-To: <{v}>", "From: Support Desk <{v}>", "cc: <{v}>; bcc: none",
                  "Contact: mailto:{v}", "[{v}](mailto:{v})"]).replace("{v}", v)
        if t.count(v) == 2:
            add(t, [("email", v, "angle_or_mailto"), ("email", v, "angle_or_mailto")], "en", "angle_or_mailto", "email")
        else:
            add(t, [("email", v, "angle_or_mailto")], "en", "angle_or_mailto", "email")
    elif r < 0.60:
        loc, dom = v.split("@")
        sub = pick(["alerts", "eu.ops", "x", "billing-2"])
        v2 = "%s+%s@%s" % (loc.split("+")[0], sub, dom)
        lang, t, ctx = chat_or_mail(lang, "email", v2)
        add(t, [("email", v2, "plus_subaddress")], lang, "plus_subaddress", ctx)
    elif r < 0.64:
        v2 = pick(["büro@müller-bau.de", "info@café-lumière.fr", "kontakt@straße-zehn.de", "soporte@añejo.es"])
        t = pick(["Write to {v} for the quote.", "Schreib an {v}.", "Contact {v} about the order."]).replace("{v}", v2)
        add(t, [("email", v2, "idn_unicode")], "de" if ".de" in v2 else "en", "idn_unicode", "chat")
    else:
        # evasions
        loc, dom = v.split("@")
        dparts = dom.split(".")
        k = R.randrange(7)
        if k == 0:
            v2 = loc + " [at] " + " [dot] ".join(dparts)
            form = "obf_brackets"
        elif k == 1:
            v2 = loc + "(at)" + "(dot)".join(dparts)
            form = "obf_parens"
        elif k == 2:
            v2 = loc + " at " + " dot ".join(dparts)
            form = "obf_words"
        elif k == 3:
            v2 = loc + "@" + "[.]".join(dparts)
            form = "obf_defanged_dot"
        elif k == 4:
            v2 = loc + "\uff20" + dom
            form = "fullwidth_at"
        elif k == 5:
            v2 = zwsp_inside(v, ch=pick(["\u200b", "\u200c", "\u200d", "\u2060"]))
            form = "zero_width"
        else:
            v2 = loc + " @ " + dom
            form = "spaced_at"
        frames = ["Just email me: {v} (no spam please)", "reach me at {v} for the files",
                  "Mail an {v} schicken bitte", "écris-moi à {v} stp", "escríbeme a {v}",
                  "my address is {v} - write it like that so bots don't get it"]
        t = pick(frames).replace("{v}", v2)
        add(t, [("email", v2, form)], "en", form, "chat")


# ---------------------------------------------------------------- phone

def pg(*sizes):
    return [digits(s) for s in sizes]


US_AREAS = ["212", "312", "415", "617", "206", "512", "303", "404", "718", "646", "213", "702"]


def us_parts():
    ex = str(R.randint(2, 9)) + digits(2)
    while ex == "555" or ex[1:] == "11":
        ex = str(R.randint(2, 9)) + digits(2)
    return pick(US_AREAS), ex, digits(4)


def phone_value(lang):
    """Return (value, form)."""
    if lang == "en":
        k = R.randrange(7)
        a, e, n = us_parts()
        if k == 0:
            return "+1 %s %s %s" % (a, e, n), "intl_spaces"
        if k == 1:
            return "+1-%s-%s-%s" % (a, e, n), "intl_dashes"
        if k == 2:
            return "(%s) %s-%s" % (a, e, n), "national_paren"
        if k == 3:
            return "%s-%s-%s" % (a, e, n), "national_dashes"
        if k == 4:
            return "+44 20 7%s %s" % (digits(3), digits(4)), "intl_spaces"
        if k == 5:
            return "07%s %s" % (digits(3), digits(6)), "national_spaces"
        return "+1 (%s) %s-%s" % (a, e, n), "intl_paren"
    if lang == "de":
        k = R.randrange(6)
        if k == 0:
            return "+49 30 %s" % nz_digits(8), "intl_spaces"
        if k == 1:
            return "+49 151 %s %s" % (nz_digits(4), digits(4)), "intl_spaces"
        if k == 2:
            return "030 %s" % nz_digits(8), "national_spaces"
        if k == 3:
            return "0%s/%s" % (pick(["89", "40", "221", "69"]), nz_digits(7)), "national_slash"
        if k == 4:
            return "+49 (0)%s %s" % (pick(["89", "40", "711"]), nz_digits(7)), "intl_trunk_paren"
        return "0171-%s" % nz_digits(7), "national_dashes"
    if lang == "fr":
        k = R.randrange(4)
        x = str(R.choice([1, 2, 3, 4, 5, 6, 7]))
        g = pg(2, 2, 2, 2)
        if k == 0:
            return "+33 %s %s" % (x, " ".join(g)), "intl_spaces"
        if k == 1:
            return "0%s %s" % (x, " ".join(g)), "national_spaces"
        if k == 2:
            return "0%s.%s" % (x, ".".join(g)), "national_dots_native"
        return "+33 (0)%s %s" % (x, " ".join(g)), "intl_trunk_paren"
    if lang == "es":
        k = R.randrange(3)
        if k == 0:
            return "+34 9%s %s %s" % (digits(2), digits(3), digits(3)), "intl_spaces"
        if k == 1:
            return "+34 6%s %s %s %s" % (digits(2), digits(2), digits(2), digits(2)), "intl_spaces"
        return "6%s %s %s" % (digits(2), digits(3), digits(3)), "national_spaces"
    if lang == "it":
        k = R.randrange(3)
        if k == 0:
            return "+39 06 %s %s" % (digits(4), digits(4)), "intl_spaces"
        if k == 1:
            return "+39 3%s %s %s" % (digits(2), digits(3), digits(4)), "intl_spaces"
        return "3%s %s %s" % (digits(2), digits(3), digits(4)), "national_spaces"
    if lang == "nl":
        k = R.randrange(3)
        if k == 0:
            return "+31 20 %s %s" % (digits(3), digits(4)), "intl_spaces"
        if k == 1:
            return "06-%s" % nz_digits(8), "national_dashes"
        return "+31 6 %s %s" % (nz_digits(4), digits(4)), "intl_spaces"
    if lang == "pt":
        k = R.randrange(3)
        if k == 0:
            return "+351 21 %s %s" % (digits(3), digits(4)), "intl_spaces"
        if k == 1:
            return "+351 9%s %s %s" % (R.choice("1236"), digits(3), digits(3)), "intl_spaces"
        return "+55 11 9%s-%s" % (digits(4), digits(4)), "intl_spaces"
    if lang == "pl":
        k = R.randrange(2)
        if k == 0:
            return "+48 22 %s %s %s" % (digits(3), digits(2), digits(2)), "intl_spaces"
        return "+48 5%s %s %s" % (digits(2), digits(3), digits(3)), "intl_spaces"
    if lang == "sv":
        k = R.randrange(3)
        if k == 0:
            return "+46 8 %s %s %s" % (digits(3), digits(3), digits(2)), "intl_spaces"
        if k == 1:
            return "070-%s %s %s" % (digits(3), digits(2), digits(2)), "national_mixed"
        return "+46 70 %s %s %s" % (digits(3), digits(2), digits(2)), "intl_spaces"
    if lang == "tr":
        k = R.randrange(3)
        if k == 0:
            return "+90 212 %s %s %s" % (digits(3), digits(2), digits(2)), "intl_spaces"
        if k == 1:
            return "+90 5%s %s %s %s" % (digits(2), digits(3), digits(2), digits(2)), "intl_spaces"
        return "05%s %s %s %s" % (digits(2), digits(3), digits(2), digits(2)), "national_spaces"
    if lang == "ja":
        k = R.randrange(3)
        if k == 0:
            return "+81 3-%s-%s" % (digits(4), digits(4)), "intl_dashes"
        if k == 1:
            return "090-%s-%s" % (digits(4), digits(4)), "national_dashes"
        return "03-%s-%s" % (digits(4), digits(4)), "national_dashes"
    if lang == "zh":
        k = R.randrange(3)
        if k == 0:
            return "+86 13%s %s %s" % (digits(1), digits(4), digits(4)), "intl_spaces"
        if k == 1:
            return "13%s-%s-%s" % (digits(1), digits(4), digits(4)), "national_dashes"
        return "010-%s-%s" % (digits(4), digits(4)), "national_dashes"
    if lang == "ar":
        k = R.randrange(3)
        if k == 0:
            return "+971 50 %s %s" % (digits(3), digits(4)), "intl_spaces"
        if k == 1:
            return "+966 5%s %s %s" % (digits(1), digits(3), digits(4)), "intl_spaces"
        return "+20 10 %s %s" % (digits(4), digits(4)), "intl_spaces"
    if lang == "hi":
        k = R.randrange(2)
        if k == 0:
            return "+91 9%s %s" % (digits(4), digits(5)), "intl_spaces"
        return "+91-9%s-%s" % (digits(4), digits(5)), "intl_dashes"
    raise ValueError(lang)


def gen_phone():
    lang = pick(LANGS)
    v, form = phone_value(lang)
    r = R.random()
    ev = None
    if r < 0.62:
        pass
    elif r < 0.67 and lang in ("ar",):
        ev = "arabic_indic"
    elif r < 0.72 and lang in ("hi",):
        ev = "devanagari"
    elif r < 0.75 and lang in ("ja", "zh"):
        ev = "fullwidth"
    else:
        ev = pick(["nbsp", "thin_space", "narrow_nbsp", "dots", "zero_width", "fullwidth", "arabic_indic",
                   "devanagari", "dots"])
    if ev == "arabic_indic":
        lang = "ar"
        v, form = phone_value("ar")
        v = arabic_indic(v)
    elif ev == "devanagari":
        lang = "hi"
        v, form = phone_value("hi")
        v = devanagari(v)
    elif ev == "fullwidth":
        v = fullwidth(v)
    elif ev in ("nbsp", "thin_space", "narrow_nbsp"):
        if " " not in v:
            v, form = "+49 30 %s %s" % (nz_digits(4), digits(4)), "intl_spaces"
            lang = "de"
        v = v.replace(" ", {"nbsp": "\u00a0", "thin_space": "\u2009", "narrow_nbsp": "\u202f"}[ev])
    elif ev == "dots":
        while "(" in v:
            v, form = phone_value(lang)
        v2 = re.sub(r"[ \-/]", ".", v).replace("(", "").replace(")", "")
        v = re.sub(r"\.+", ".", v2)
    elif ev == "zero_width":
        v = zwsp_inside(v)
    f = ev or form
    if R.random() < 0.25:
        t, ctx = structured(pick(["phone", "mobile", "tel", "contact_phone"]), v)
        add(t, [("phone", v, f)], lang, f, ctx)
    else:
        lang2, t, ctx = chat_or_mail(lang, "phone", v)
        add(t, [("phone", v, f)], lang2, f, ctx)


# ---------------------------------------------------------------- credit card

def gen_card():
    lang = pick(LANGS)
    brand, num, grouping = card_number()
    r = R.random()
    if r < 0.30:
        v, form = group(num, grouping, " "), "grouped_spaces"
    elif r < 0.45:
        v, form = group(num, grouping, "-"), "grouped_dashes"
    elif r < 0.58:
        v, form = num, "compact"
    elif r < 0.64:
        v, form = group(num, grouping, "."), "grouped_dots"
    elif r < 0.70:
        v, form = group(num, grouping, pick(["\u00a0", "\u202f"])), "grouped_nbsp"
    elif r < 0.74:
        v, form = group(num, grouping, "\u2009"), "grouped_thin_space"
    elif r < 0.80:
        v, form = fullwidth(group(num, grouping, pick([" ", ""]))), "fullwidth"
    elif r < 0.84:
        v, form = arabic_indic(group(num, grouping, " ")), "arabic_indic"
        lang = "ar"
    elif r < 0.87:
        v, form = devanagari(group(num, grouping, " ")), "devanagari"
        lang = "hi"
    elif r < 0.92:
        v, form = zwsp_inside(num, R.randint(1, 4)), "zero_width"
    else:
        v, form = num, "compact_in_brackets"
    if form == "compact_in_brackets":
        t = pick(["Card on file ({v}) expired, please use the new one.",
                  "Payment failed [{v}] at 14:02, retry?",
                  "Kartennummer: ({v})", "tarjeta ({v}) rechazada",
                  "pan=[{v}] rc=05"]).replace("{v}", v)
        add(t, [("credit_card", v, form)], "en", form, "chat")
        return
    if R.random() < 0.25:
        t, ctx = structured(pick(["card_number", "pan", "cc", "card"]), v)
        add(t, [("credit_card", v, form)], lang, form, ctx)
    else:
        lang2, t, ctx = chat_or_mail(lang, "card", v)
        add(t, [("credit_card", v, form)], lang2, form, ctx)


# ---------------------------------------------------------------- ssn

def gen_ssn():
    a, g, s = ssn()
    r = R.random()
    if r < 0.55:
        v, form = "%s-%s-%s" % (a, g, s), "dashed"
    elif r < 0.68:
        v, form = "%s %s %s" % (a, g, s), "spaced"
    elif r < 0.78:
        v, form = a + g + s, "compact_with_cue"
    elif r < 0.84:
        v, form = "%s.%s.%s" % (a, g, s), "dotted"
    elif r < 0.90:
        v, form = zwsp_inside("%s-%s-%s" % (a, g, s), R.randint(1, 2)), "zero_width"
    elif r < 0.95:
        v, form = fullwidth("%s-%s-%s" % (a, g, s)), "fullwidth"
    else:
        v, form = "%s\u2011%s\u2011%s" % (a, g, s), "nonbreaking_hyphen"
    if form == "compact_with_cue":
        t = pick(["SSN: {v}", "ssn={v}", "Social Security No. {v}", "My social is {v}, is that enough for the background check?"]).replace("{v}", v)
        add(t, [("ssn", v, form)], "en", form, pick(["form", "chat"]))
        return
    k = R.random()
    if k < 0.6:
        lang = "es" if R.random() < 0.2 else "en"
        lang, t, ctx = chat_or_mail(lang, "ssn", v)
        add(t, [("ssn", v, form)], lang, form, ctx)
    else:
        t, ctx = structured(pick(["ssn", "social_security_number", "tax_id"]), v)
        add(t, [("ssn", v, form)], "en", form, ctx)


# ---------------------------------------------------------------- iban

LANG_IBAN = {"en": ["GB", "IE"], "de": ["DE", "AT", "CH", "LU"], "fr": ["FR", "BE", "LU"], "es": ["ES"],
             "it": ["IT"], "nl": ["NL", "BE"], "pt": ["PT"], "pl": ["PL"], "sv": ["SE", "DK", "NO", "FI"],
             "tr": ["TR"], "ja": ["DE", "GB"], "zh": ["GB", "FR"], "ar": ["SA", "AE"], "hi": ["GB", "AE"]}


def gen_iban():
    lang = pick(LANGS)
    cc = pick(LANG_IBAN[lang])
    s = iban(cc)
    r = R.random()
    if r < 0.40:
        v, form = iban_print(s), "print_spaces"
    elif r < 0.70:
        v, form = s, "compact"
    elif r < 0.78:
        v, form = iban_print(s, pick(["\u00a0", "\u202f"])), "print_nbsp"
    elif r < 0.84:
        v, form = iban_print(s).lower(), "lowercase"
    elif r < 0.90:
        v, form = iban_print(s, "-"), "print_dashes"
    elif r < 0.95:
        v, form = zwsp_inside(s, R.randint(1, 3)), "zero_width"
    else:
        v, form = fullwidth(iban_print(s)), "fullwidth_digits"
    if R.random() < 0.3:
        t, ctx = structured(pick(["iban", "bank_account", "payout_iban"]), v)
        add(t, [("iban", v, form)], lang, form, ctx)
    else:
        lang2, t, ctx = chat_or_mail(lang, "iban", v)
        add(t, [("iban", v, form)], lang2, form, ctx)


# ---------------------------------------------------------------- ip

def gen_ipv4():
    lang = pick(LANGS)
    r = R.random()
    v = ipv4_public() if R.random() < 0.75 else ipv4_private()
    form = "plain"
    if r < 0.35:
        lang2, t, ctx = chat_or_mail(lang, "ip", v)
        add(t, [("ipv4", v, form)], lang2, form, ctx)
        return
    if r < 0.55:
        port = R.choice([22, 443, 8080, 5432, 6379, 3000])
        t = pick([
            "%sT08:%02d:11Z sshd[%d]: Failed password for invalid user admin from {v} port %d ssh2",
            "upstream connect error to {v}:%d after 3 retries (attempt %d)",
            "{v} - - [12/Mar/2025:10:%02d:55 +0000] \"GET /v1/models HTTP/1.1\" 200 %d",
        ])
        if t.startswith("%sT"):
            t = t % ("2025-03-%02d" % R.randint(1, 28), R.randint(0, 59), R.randint(1000, 40000), port)
        elif t.startswith("upstream"):
            t = t % (port, R.randint(2, 9))
        else:
            t = t % (R.randint(0, 59), R.randint(100, 9000))
        add(t.replace("{v}", v), [("ipv4", v, "log")], "en", "log", "log")
        return
    if r < 0.70:
        t, ctx = structured(pick(["client_ip", "remote_addr", "ip", "source"]), v)
        add(t, [("ipv4", v, "structured")], "en", "structured", ctx)
        return
    if r < 0.78:
        t = pick(["Please update the account: {v}.", "Update the DNS record to {v}.",
                  "after the update, the host moved to {v}", "Upgrade done; new address is {v}",
                  "Release notes aside, the box is now reachable at {v}."]).replace("{v}", v)
        add(t, [("ipv4", v, "after_version_word")], "en", "after_version_word", "chat")
        return
    if r < 0.84:
        t = pick(["server {v}:%d;" % R.randint(1024, 65000), "DB_HOST={v}\nDB_PORT=5432",
                  "listen_address = \"{v}\"", "nameserver {v}"]).replace("{v}", v)
        add(t, [("ipv4", v, "config")], "en", "config", "code")
        return
    if r < 0.86:
        t = pick(["({v})", "[{v}]", "<{v}>", "\"{v}\","]).replace("{v}", v)
        t = pick(["Blocked host ", "origin=", "peer ", "Source "]) + t + pick([" again", " at 03:12", "", " twice"])
        add(t, [("ipv4", v, "bracketed")], "en", "bracketed", "chat")
        return
    if r < 0.93:
        v2 = fullwidth(v).replace(".", pick([".", "\uff0e"]))
        t = pick(["サーバーのIPは {v} です。", "服务器地址是 {v}。", "my ip is {v}"]).replace("{v}", v2)
        add(t, [("ipv4", v2, "fullwidth")], "ja" if "サーバー" in t else ("zh" if "服务器" in t else "en"), "fullwidth", "chat")
        return
    v2 = zwsp_inside(v, 1)
    t = pick(["connect to {v} please", "whitelist {v} in the WAF"]).replace("{v}", v2)
    add(t, [("ipv4", v2, "zero_width")], "en", "zero_width", "chat")


def gen_ipv6():
    kind = pick(["full", "full_short", "compressed", "compressed_tail", "link_local", "upper"])
    v = ipv6(kind)
    r = R.random()
    if r < 0.35:
        lang = pick(LANGS)
        lang2, t, ctx = chat_or_mail(lang, "ip", v)
        add(t, [("ipv6", v, kind)], lang2, kind, ctx)
    elif r < 0.55:
        t = "%s kernel: IN=eth0 OUT= SRC=%s DST=2001:db8:ffff::%x PROTO=TCP SPT=%d DPT=443" % (
            "Mar %2d 04:%02d:19" % (R.randint(1, 28), R.randint(0, 59)), v, R.randint(1, 0xfff), R.randint(1024, 65000))
        dst = t.split("DST=")[1].split(" ")[0]
        add(t, [("ipv6", v, kind), ("ipv6", dst, "compressed_tail")], "en", "log", "log")
    elif r < 0.70:
        port = R.choice([443, 8443, 9000])
        t = pick(["curl -g 'http://[{v}]:%d/healthz'" % port, "proxy_pass http://[{v}]:%d;" % port,
                  "endpoint: \"[{v}]:%d\"" % port]).replace("{v}", v)
        add(t, [("ipv6", v, "bracketed_port")], "en", "bracketed_port", "code")
    elif r < 0.85:
        t, ctx = structured(pick(["ipv6", "client_addr", "peer"]), v)
        add(t, [("ipv6", v, kind)], "en", kind, ctx)
    else:
        v2 = v if kind != "link_local" else v
        t = pick(["ping6 {v}%eth0 fails", "ip -6 route add default via {v} dev eth0"]).replace("{v}", v2)
        add(t, [("ipv6", v2, "zone_or_route")], "en", "zone_or_route", "code")


# ---------------------------------------------------------------- secrets

def secret_context(det, v, form):
    r = R.random()
    envname = {"openai_key": "OPENAI_API_KEY", "anthropic_key": "ANTHROPIC_API_KEY",
               "aws_access_key": "AWS_ACCESS_KEY_ID", "github_token": "GITHUB_TOKEN", "jwt": "SESSION_TOKEN"}[det]
    if r < 0.25:
        lang = pick(LANGS)
        lang2, t, ctx = chat_or_mail(lang, "secret", v)
        add(t, [(det, v, form)], lang2, form, ctx)
    elif r < 0.37:
        t = "# .env\nNODE_ENV=production\n%s=%s\nLOG_LEVEL=info\n" % (envname, v)
        add(t, [(det, v, form)], "en", form, "code")
    elif r < 0.48:
        t = pick([
            "import os\n\nclient = make_client(api_key=\"{v}\", timeout=30)\n",
            "const cfg = { apiKey: '{v}', retries: 2 };\n",
            "export %s=\"{v}\"\n" % envname,
            "$env:%s = \"{v}\"\n" % envname,
        ]).replace("{v}", v)
        add(t, [(det, v, form)], "en", form, "code")
    elif r < 0.58:
        t = json.dumps({"provider": "default", "credentials": {"key": v}, "region": "eu-west-1"})
        add(t, [(det, v, form)], "en", form, "json")
    elif r < 0.67:
        t = "%s WARN config: loaded %s=%s from environment (source=%s)\n" % (
            "2025-10-%02dT11:%02d:40Z" % (R.randint(1, 28), R.randint(0, 59)), envname.lower(), v, pick(["env", "file"]))
        add(t, [(det, v, form)], "en", form, "log")
    elif r < 0.75:
        t = "settings:\n  provider: primary\n  token: %s\n  timeout_ms: 3000\n" % v
        add(t, [(det, v, form)], "en", form, "yaml")
    elif r < 0.82:
        t = "| name | value |\n|---|---|\n| %s | `%s` |\n| region | us-east-1 |\n" % (envname, v)
        add(t, [(det, v, form)], "en", form, "markdown")
    else:
        v2 = zwsp_inside(v, R.randint(1, 2))
        t = pick(["key is {v} (split so the scanner misses it)", "here: {v}", "{v} <- works for me"]).replace("{v}", v2)
        add(t, [(det, v2, "zero_width")], "en", "zero_width", "chat")


def gen_openai():
    kind = pick(["legacy", "project", "project", "svcacct", "plain48"])
    secret_context("openai_key", openai_key(kind), kind)


def gen_anthropic():
    v = anthropic_key()
    if R.random() < 0.2:
        t = "curl https://api.anthropic.com/v1/messages \\\n  -H \"x-api-key: %s\" \\\n  -H \"anthropic-version: 2023-06-01\"" % v
        add(t, [("anthropic_key", v, "curl_header")], "en", "curl_header", "code")
    else:
        secret_context("anthropic_key", v, "api03")


def gen_aws():
    pre = pick(["AKIA", "AKIA", "ASIA"])
    v = aws_key(pre)
    if R.random() < 0.35:
        t = "[default]\naws_access_key_id = %s\naws_secret_access_key = %s\nregion = eu-central-1\n" % (
            v, rand_str(ALNUM + "/+", 40))
        add(t, [("aws_access_key", v, pre.lower() + "_credentials_file")], "en", pre.lower() + "_credentials_file", "code")
    else:
        secret_context("aws_access_key", v, pre.lower())


def gen_github():
    kind = pick(["ghp", "ghp", "gho", "ghs", "ghu", "ghr", "pat", "pat"])
    v = github_token(kind)
    if R.random() < 0.2:
        t = "- name: checkout\n  uses: actions/checkout@v4\n  with:\n    token: %s\n" % v
        add(t, [("github_token", v, kind)], "en", kind, "yaml")
    else:
        secret_context("github_token", v, kind)


def gen_jwt():
    kind = pick(["json_payload", "json_payload", "json_payload", "nonjson_payload", "spaced_header"])
    v = jwt(kind)
    r = R.random()
    if r < 0.2:
        t = pick(["Set-Cookie: session=%s; Path=/; HttpOnly; Secure" % v,
                  "GET /callback?id_token=%s&state=af0ifjsldkj HTTP/1.1" % v,
                  "https://app.example.com/#access_token=%s&expires_in=3600" % v])
        add(t, [("jwt", v, kind)], "en", kind, pick(["log", "code"]))
    elif r < 0.35:
        t = json.dumps({"token_type": "id", "id_token": v, "expires_in": 3600})
        add(t, [("jwt", v, kind)], "en", kind, "json")
    elif r < 0.5:
        lang, t = pick([("en", "Decode this JWT and tell me when it expires: {v}"),
                        ("de", "Warum ist dieses Token ungültig? {v}"),
                        ("es", "¿Qué contiene este token? {v}"),
                        ("ja", "この JWT の中身を教えて: {v}"),
                        ("fr", "Ce jeton est-il signé correctement ? {v}")])
        add(t.replace("{v}", v), [("jwt", v, kind)], lang, kind, "chat")
    else:
        secret_context("jwt", v, kind)


def gen_bearer():
    kind = pick(["hex", "google", "b64url", "b64url", "dotted", "tilde"])
    v = opaque_token(kind)
    r = R.random()
    if r < 0.35:
        t = "curl -s https://api.internal.example/v2/orders \\\n  -H 'Authorization: Bearer %s' \\\n  -H 'Accept: application/json'" % v
        form = "curl_header"
    elif r < 0.55:
        t = "GET /v2/reports HTTP/1.1\nHost: api.example.net\nAuthorization: Bearer %s\nUser-Agent: cli/2.3\n" % v
        form = "http_header"
    elif r < 0.68:
        t = 'headers = {"Authorization": "Bearer %s", "Content-Type": "application/json"}' % v
        form = "code_dict"
    elif r < 0.78:
        t = "authorization: bearer %s" % v
        form = "lowercase"
    elif r < 0.88:
        t = pick(["Why does the API return 401 with Bearer %s ?", "Token expired? I'm sending Bearer %s in the header.",
                  "Mit Bearer %s bekomme ich immer 403."]) % v
        form = "prose"
    else:
        t = "%s DEBUG http: > Authorization: Bearer %s\n" % ("2025-09-%02dT07:%02d:00Z" % (R.randint(1, 28), R.randint(0, 59)), v)
        form = "log_line"
    add(t, [("bearer_token", v, form)], "en", form, "code" if form != "prose" else "chat")


def gen_pem():
    kind = pick(["RSA PRIVATE KEY", "PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY",
                 "ENCRYPTED PRIVATE KEY"])
    r = R.random()
    form = kind.lower().replace(" ", "_")
    if r < 0.35:
        v = pem_block(kind)
        t = pick(["Is this key in the right format for nginx?\n\n{v}\n\nThanks!",
                  "Convert this to PKCS#8 please:\n{v}",
                  "Kannst du prüfen, ob der Schlüssel passt?\n```\n{v}\n```"]).replace("{v}", v)
        add(t, [("private_key", v, form)], "en", form, "chat")
    elif r < 0.55:
        v = pem_block(kind, indent="    ")
        t = "tls:\n  cert_file: /etc/ssl/server.crt\n  key: |\n    %s\n  min_version: \"1.2\"\n" % v
        add(t, [("private_key", v, "yaml_indented")], "en", "yaml_indented", "yaml")
    elif r < 0.70:
        v = pem_block(kind, nl="\\n")
        t = '{"type": "service_account", "private_key_id": "%s", "private_key": "%s\\n", "token_uri": "https://oauth2.example.com/token"}' % (
            rand_str("0123456789abcdef", 40), v)
        add(t, [("private_key", v, "json_escaped_newlines")], "en", "json_escaped_newlines", "json")
    elif r < 0.85:
        v = pem_block(kind, nl="\r\n")
        t = "key file contents:\r\n" + v + "\r\n"
        add(t, [("private_key", v, "crlf")], "en", "crlf", "code")
    else:
        v = pem_block(kind)
        t = 'KEY = """%s"""\n' % v
        add(t, [("private_key", v, form)], "en", form, "code")


# ---------------------------------------------------------------- person names

NAMES = {
    "en": (["James", "Olivia", "Michael", "Emma", "David", "Sophia", "Daniel", "Charlotte", "Andrew", "Hannah",
            "Thomas", "Rebecca", "Samuel", "Laura"],
           ["Thompson", "Whitaker", "Fletcher", "Harrington", "Okafor", "Patel", "Nguyen", "Robinson", "Caldwell",
            "Brennan", "Gallagher", "Sutherland"]),
    "de": (["Jonas", "Lena", "Felix", "Katharina", "Matthias", "Sabine", "Lukas", "Annika", "Tobias", "Ingrid",
            "Jürgen", "Ursula"],
           ["Becker", "Hoffmann", "Schröder", "Wagner", "Neumann", "Krüger", "Zimmermann", "Hartmann", "Lehmann",
            "Vogel", "Schmitz", "Bauer"]),
    "fr": (["Camille", "Julien", "Élodie", "Mathieu", "Inès", "Baptiste", "Chloé", "Antoine", "Margaux", "Théo"],
           ["Lefèvre", "Moreau", "Girard", "Rousseau", "Fontaine", "Chevalier", "Mercier", "Dubois", "Lambert",
            "Garnier"]),
    "es": (["Lucía", "Javier", "Carmen", "Alejandro", "Marta", "Sergio", "Elena", "Pablo", "Nuria", "Diego"],
           ["García", "Fernández", "Martínez", "López", "Sánchez", "Romero", "Navarro", "Torres", "Ruiz", "Jiménez"]),
    "it": (["Giulia", "Matteo", "Francesca", "Lorenzo", "Chiara", "Alessandro", "Federica", "Davide", "Silvia",
            "Riccardo"],
           ["Rossi", "Bianchi", "Esposito", "Ferrari", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Conti"]),
    "nl": (["Daan", "Sanne", "Bram", "Lotte", "Thijs", "Femke", "Joost", "Anouk", "Ruben", "Eline"],
           ["de Vries", "Jansen", "van Dijk", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder",
            "van den Berg"]),
    "pt": (["João", "Beatriz", "Tiago", "Inês", "Rafael", "Mariana", "Gonçalo", "Carolina", "Rodrigo", "Leonor"],
           ["Silva", "Santos", "Ferreira", "Pereira", "Oliveira", "Costa", "Rodrigues", "Martins", "Sousa",
            "Almeida"]),
    "sv": (["Erik", "Astrid", "Johan", "Ingrid", "Oskar", "Maja", "Henrik", "Elsa", "Anders", "Linnea"],
           ["Lindqvist", "Johansson", "Bergström", "Nyström", "Holmberg", "Sandberg", "Lundgren", "Eriksson",
            "Åkesson", "Forsberg"]),
    "tr": (["Mehmet", "Ayşe", "Emre", "Zeynep", "Burak", "Elif", "Selin", "Murat", "Derya", "Kerem"],
           ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Öztürk", "Aydın", "Arslan", "Doğan", "Koç"]),
}
PL_FULL = ["Katarzyna Nowak", "Piotr Wiśniewski", "Agnieszka Wójcik", "Tomasz Kamiński", "Magdalena Lewandowska",
           "Krzysztof Zieliński", "Joanna Szymańska", "Paweł Woźniak", "Aleksandra Dąbrowska", "Marcin Kozłowski"]
NONLATIN = {
    "ja": ["佐藤健", "鈴木美咲", "高橋大輔", "田中陽子", "伊藤翔太", "渡辺真理子"],
    "zh": ["王伟", "李娜", "张敏", "刘洋", "陈静", "杨帆", "赵磊", "黄婷"],
    "ar": ["أحمد الخطيب", "ليلى حداد", "يوسف منصور", "سارة القاسم", "نور حمدان", "خالد العمري"],
    "hi": ["राहुल शर्मा", "प्रिया वर्मा", "अमित पटेल", "नेहा गुप्ता", "विकास सिंह", "अंजलि मेहता"],
}
ROMANIZED = ["Kenji Watanabe", "Yuki Tanaka", "Wei Zhang", "Li Na Chen", "Ahmed Al-Khatib", "Layla Haddad",
             "Rahul Sharma", "Priya Verma", "Oluwaseun Adeyemi", "Nguyen Thi Lan", "Siobhan O'Connor",
             "Jean-Luc Marchand", "Anna-Lena Schmidt-Weber", "María José de la Cruz", "Luca De Santis",
             "Mary-Kate O'Brien", "Giuseppe D'Amico", "Hans-Peter Müller"]
TITLES = {"en": ["Dr.", "Mr.", "Mrs.", "Ms.", "Prof."], "de": ["Herr", "Frau", "Dr.", "Frau Dr.", "Herr Prof."],
          "fr": ["M.", "Mme", "Dr", "Maître"], "es": ["Sr.", "Sra.", "Dra.", "D."], "it": ["Sig.", "Sig.ra", "Dott.", "Avv."],
          "nl": ["dhr.", "mevr.", "Dr."], "pt": ["Sr.", "Sra.", "Dr.", "Eng."], "sv": ["Dr."], "tr": ["Dr."]}
SIGNOFF = {"en": "Best regards,", "de": "Mit freundlichen Grüßen", "fr": "Bien cordialement,", "es": "Saludos cordiales,",
           "it": "Cordiali saluti,", "nl": "Met vriendelijke groet,", "pt": "Com os melhores cumprimentos,",
           "sv": "Med vänliga hälsningar,", "tr": "Saygılarımla,", "pl": "Z poważaniem,"}
SIGN_BODY = {"en": "Thanks for the quick answer, the new login works now.",
             "de": "Danke für die schnelle Antwort, der Zugang funktioniert jetzt.",
             "fr": "Merci pour la réponse rapide, l'accès fonctionne maintenant.",
             "es": "Gracias por la respuesta rápida, el acceso ya funciona.",
             "it": "Grazie per la risposta veloce, l'accesso ora funziona.",
             "nl": "Bedankt voor het snelle antwoord, de toegang werkt nu.",
             "pt": "Obrigado pela resposta rápida, o acesso já funciona.",
             "sv": "Tack för det snabba svaret, inloggningen fungerar nu.",
             "tr": "Hızlı yanıt için teşekkürler, giriş artık çalışıyor.",
             "pl": "Dziękuję za szybką odpowiedź, logowanie już działa."}


def full_name(lang):
    if lang == "pl":
        return pick(PL_FULL)
    g, s = NAMES[lang]
    sn = pick(s)
    if lang == "nl" and sn[0].islower() and R.random() < 0.5:
        pass
    return pick(g) + " " + sn


def gen_name():
    r = R.random()
    lang = pick(["en", "de", "fr", "es", "it", "nl", "pt", "pl", "sv", "tr"])
    if r < 0.30:
        v = full_name(lang)
        lang2, t, ctx = chat_or_mail(lang, "name", v)
        add(t, [("person_name", v, "full")], lang2, "full", ctx)
    elif r < 0.45 and lang in TITLES:
        title = pick(TITLES[lang])
        v = full_name(lang)
        lang2, t, ctx = chat_or_mail(lang, "name", title + " " + v)
        add(t, [("person_name", v, "title_full")], lang2, "title_full", ctx)
    elif r < 0.55 and lang in TITLES:
        title = pick(TITLES[lang])
        v = pick(NAMES[lang][1])
        greet = {"en": "Dear %s %s,", "de": "Sehr geehrte(r) %s %s,", "fr": "Bonjour %s %s,", "es": "Estimado/a %s %s:",
                 "it": "Gentile %s %s,", "nl": "Geachte %s %s,", "pt": "Caro(a) %s %s,", "sv": "Hej %s %s,",
                 "tr": "Sayın %s %s,"}[lang] % (title, v)
        t = greet + "\n\n" + SIGN_BODY.get(lang, SIGN_BODY["en"]).replace("Thanks for the quick answer", "Following up on your request") + "\n"
        add(t, [("person_name", v, "title_surname")], lang, "title_surname", "email")
    elif r < 0.67:
        v = full_name(lang)
        t = SIGN_BODY.get(lang, SIGN_BODY["en"]) + "\n\n" + SIGNOFF.get(lang, SIGNOFF["en"]) + "\n" + v + "\n"
        if R.random() < 0.5:
            t += pick(["Head of Operations", "Einkauf", "Responsable logistique", "Jefa de proyecto", "Ufficio acquisti"]) + "\n"
        add(t, [("person_name", v, "signature")], lang, "signature", "email")
    elif r < 0.79:
        v = full_name(lang)
        k = pick(["csv", "json", "form", "yaml", "sql"])
        t, ctx = structured(pick(["name", "full_name", "customer_name", "contact"]), v, k)
        add(t, [("person_name", v, "field")], lang, "field", ctx)
    elif r < 0.85:
        v = full_name(lang).lower()
        fr = {"de": ["ich bin {v}, meine bestellung fehlt", "hier ist {v}, gibt es was neues?"],
              "es": ["soy {v}, no me llega el pedido"], "fr": ["c'est {v}, toujours pas de remboursement"],
              "it": ["sono {v}, il pacco non è arrivato"]}.get(lang)
        if not fr:
            lang, fr = "en", ["hi, my name is {v} and i cant log in", "this is {v} again, any news on my refund?"]
        t = pick(fr).replace("{v}", v)
        add(t, [("person_name", v, "lowercase")], lang, "lowercase", "chat")
    elif r < 0.93:
        v = pick(ROMANIZED)
        lang2, t, ctx = chat_or_mail("en", "name", v)
        add(t, [("person_name", v, "compound_or_romanized")], "en", "compound_or_romanized", ctx)
    else:
        lang = pick(["ja", "zh", "ar", "hi"])
        v = pick(NONLATIN[lang])
        lang2, t, ctx = chat_or_mail(lang, "name", v)
        add(t, [("person_name", v, "non_latin_script")], lang, "non_latin_script", ctx)


# ---------------------------------------------------------------- street addresses

STREETS = {
    "en": ["Maple Avenue", "Oak Street", "Highfield Road", "Church Lane", "Elm Drive", "Station Road",
           "Park Avenue", "Mill Lane", "Riverside Drive", "Cedar Boulevard", "Harbour Street", "Oak St.",
           "Maple Ave", "Station Rd", "Willow Court", "Pine Street", "Chestnut Way", "Orchard Close"],
    "de": ["Lindenstraße", "Hauptstraße", "Bahnhofstraße", "Gartenweg", "Berliner Allee", "Marktplatz",
           "Kirchgasse", "Rosenweg", "Talstr.", "Hafenstraße", "Ringstraße", "Am Stadtpark", "Feldstr.",
           "Schulstraße", "Mühlenweg"],
    "fr": ["rue de la République", "rue du Moulin", "avenue des Tilleuls", "boulevard de la Liberté",
           "chemin des Vignes", "place du Marché", "rue des Lilas", "allée des Platanes",
           "rue de la Gare", "quai des Brumes", "avenue de la Marne"],
    "es": ["Calle Mayor", "Calle de Alcalá", "Avenida de la Constitución", "Paseo del Prado", "Calle del Olivo",
           "Avenida Diagonal", "Calle Real", "C/ Mayor", "Plaza de la Fuente", "Ronda de Toledo"],
    "it": ["Via Roma", "Via dei Mille", "Piazza del Duomo", "Via Nazionale", "Via del Corso", "Corso Italia",
           "Via della Repubblica", "Viale dei Pini", "Via Torino"],
    "nl": ["Kerkstraat", "Prinsengracht", "Dorpsweg", "Molenlaan", "Stationsplein", "Hoofdstraat", "Beukenlaan",
           "Zeeweg"],
    "pt": ["Rua Augusta", "Avenida da Liberdade", "Rua das Flores", "Travessa do Carmo", "Rua do Comércio",
           "Avenida Paulista", "Rua das Laranjeiras"],
    "sv": ["Storgatan", "Drottninggatan", "Kungsvägen", "Skolgatan", "Sveavägen", "Hamngatan"],
    "pl": ["ul. Długa", "ul. Marszałkowska", "ul. Piękna", "al. Jerozolimskie", "ul. Kwiatowa"],
}
# No street here is named after a person, so no person_name hides inside a street_address value.
CITIES = {
    "en": ["Leeds LS1 4AP", "Portland, OR 97205", "Manchester M1 2AB", "Austin, TX 78701", "Bristol BS1 5TR"],
    "de": ["10115 Berlin", "20095 Hamburg", "80331 München", "50667 Köln", "1010 Wien"],
    "fr": ["69002 Lyon", "13001 Marseille", "31000 Toulouse", "1000 Bruxelles"],
    "es": ["28013 Madrid", "41004 Sevilla", "46001 Valencia", "48001 Bilbao"],
    "it": ["20121 Milano", "10121 Torino", "50122 Firenze", "40121 Bologna"],
    "nl": ["1015 CS Amsterdam", "3011 AB Rotterdam", "3511 LX Utrecht"],
    "pt": ["1100-053 Lisboa", "4050-123 Porto", "01310-100 São Paulo"],
    "sv": ["111 52 Stockholm", "411 06 Göteborg", "211 22 Malmö"],
    "pl": ["00-950 Warszawa", "30-001 Kraków", "80-831 Gdańsk"],
}


def house_no(lang):
    n = str(R.choice([R.randint(1, 40), R.randint(1, 240)]))
    if R.random() < 0.15 and lang in ("de", "nl", "en", "sv", "pl"):
        n += R.choice("abc")
        return n, "unit_letter"
    return n, None


def street_value(lang):
    st = pick(STREETS[lang])
    n, unit = house_no(lang)
    if lang == "en":
        if R.random() < 0.12:
            n = n.rstrip("abc") + "B"
            unit = "unit_letter"
        return "%s %s" % (n, st), unit or "number_first"
    if lang == "fr":
        k = R.random()
        if k < 0.2:
            return "%s, %s" % (n, st), "fr_comma"
        if k < 0.3:
            return "%s bis %s" % (n, st), "fr_bis"
        return "%s %s" % (n, st), "number_first"
    if lang in ("es", "it", "pt") and R.random() < 0.35:
        return "%s, %s" % (st, n), "comma_number"
    return "%s %s" % (st, n), unit or "number_last"


ADDR_FRAMES_EXTRA = {
    "pl": ["Wyślij paczkę na adres {v}.", "Nowy adres biura: {v}."],
    "sv": ["Skicka paketet till {v}.", "Kontoret har flyttat till {v}."],
}


def gen_address():
    lang = pick(["en", "en", "de", "de", "fr", "fr", "es", "es", "it", "nl", "pt", "sv", "pl"])
    v, form = street_value(lang)
    city = pick(CITIES[lang])
    r = R.random()
    if r < 0.35:
        lang2, t, ctx = chat_or_mail(lang, "address", v)
        add(t, [("street_address", v, form)], lang2, form, ctx)
    elif r < 0.6:
        t = pick(["{v}, {c}", "{v}\n{c}"]).replace("{v}", v).replace("{c}", city)
        pre = pick(["Ship to:\n", "Lieferadresse:\n", "Adresse de livraison :\n", "Dirección de envío:\n", "Address:\n",
                    "Indirizzo:\n", "Adres:\n", "Endereço:\n", "Leveransadress:\n"])
        add(pre + t + "\n", [("street_address", v, form + "+city")], lang, form + "+city", "form")
    elif r < 0.8:
        k = pick(["csv", "json", "yaml", "markdown", "html"])
        t, ctx = structured(pick(["street", "address_line1", "street_address", "addr"]), v, k)
        add(t, [("street_address", v, form)], lang, form, ctx)
    else:
        t = "%s %s, %s" % (pick(["Treffpunkt:", "Meet at", "Rendez-vous au", "Nos vemos en", "Ci vediamo in",
                                 "Afspraak op"]), v, city)
        add(t, [("street_address", v, form + "+city")], lang, form + "+city", "chat")


# ---------------------------------------------------------------- mixed samples

def gen_mixed():
    lang = pick(["en", "de", "fr", "es", "it", "nl", "pt", "sv"])
    name = full_name(lang)
    em = email_value(lang)
    ph, phf = phone_value(lang)
    st, stf = street_value(lang)
    city = pick(CITIES[lang])
    r = R.random()
    if r < 0.4:
        t = ("{n}\n{st}\n{c}\nTel. {ph}\nE-Mail: {em}\n").format(n=name, st=st, c=city, ph=ph, em=em)
        labels = [("person_name", name, "block"), ("street_address", st, stf + "+city"), ("phone", ph, phf),
                  ("email", em, "plain")]
        add(t, labels, lang, "contact_block", "email")
    elif r < 0.7:
        hdr = "name,email,phone,street,city\n"
        t = hdr + "%s,%s,%s,\"%s\",\"%s\"\n" % (name, em, ph, st, city)
        labels = [("person_name", name, "field"), ("email", em, "plain"), ("phone", ph, phf),
                  ("street_address", st, stf)]
        add(t, labels, lang, "csv_row", "csv")
    else:
        brand, num, grouping = card_number()
        cv = group(num, grouping, " ")
        s = iban(pick(LANG_IBAN[lang]))
        t = json.dumps({"customer": {"name": name, "email": em}, "payment": {"card": cv, "refund_iban": s},
                        "amount": "%d.%02d" % (R.randint(5, 900), R.randint(0, 99)), "currency": "EUR"},
                       ensure_ascii=False)
        labels = [("person_name", name, "field"), ("email", em, "plain"), ("credit_card", cv, "grouped_spaces"),
                  ("iban", s, "compact")]
        add(t, labels, lang, "json_record", "json")


def gen_mixed_tech():
    ip = ipv4_public()
    tok = opaque_token("hex")
    ak = aws_key("AKIA")
    t = ("%s ERROR worker: request from %s failed; retrying with creds %s\n"
         "%s DEBUG worker: > Authorization: Bearer %s\n") % (
        "2025-11-%02dT03:%02d:12Z" % (R.randint(1, 28), R.randint(0, 59)), ip, ak,
        "2025-11-%02dT03:%02d:13Z" % (R.randint(1, 28), R.randint(0, 59)), tok)
    add(t, [("ipv4", ip, "log"), ("aws_access_key", ak, "akia"), ("bearer_token", tok, "log_line")], "en",
        "log_multi", "log")


# ---------------------------------------------------------------- hard negatives

def isbn13():
    while True:
        core = "978" + str(R.randint(0, 9)) + digits(8)
        s = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(core))
        chk = (10 - s % 10) % 10
        full = core + str(chk)
        return "%s-%s-%s-%s-%s" % (full[:3], full[3], full[4:6], full[6:12], full[12])


def ean13():
    while True:
        core = str(R.randint(80, 89)) + digits(10)
        s = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(core))
        return core + str((10 - s % 10) % 10)


def luhn_invalid_card():
    _, num, grouping = card_number(pick([b for b in CARD_BRANDS if b[0] in ("visa", "mastercard", "discover")]))
    bad = num[:-1] + str((int(num[-1]) + R.randint(1, 9)) % 10)
    assert not luhn_ok(bad)
    return bad, grouping


def uuid4():
    h = "".join(R.choice("0123456789abcdef") for _ in range(32))
    h = h[:12] + "4" + h[13:16] + R.choice("89ab") + h[17:]
    return "%s-%s-%s-%s-%s" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:])


def sha40():
    return "".join(R.choice("0123456789abcdef") for _ in range(40))


NEG_FRAMES = {
    "order": {
        "en": ["Order {v} shipped yesterday, can you check the status?", "Where is my order {v}?"],
        "de": ["Die Bestellung {v} wurde gestern versandt.", "Wo bleibt meine Bestellung {v}?"],
        "fr": ["La commande {v} est partie hier.", "Où en est ma commande {v} ?"],
        "es": ["El pedido {v} salió ayer.", "¿Dónde está mi pedido {v}?"],
        "it": ["L'ordine {v} è partito ieri."], "nl": ["Bestelling {v} is gisteren verzonden."],
        "pt": ["A encomenda {v} foi enviada ontem."], "pl": ["Zamówienie {v} zostało wysłane wczoraj."],
        "sv": ["Beställning {v} skickades i går."], "tr": ["{v} numaralı sipariş dün kargoya verildi."],
        "ja": ["注文番号 {v} は昨日発送されました。"], "zh": ["订单 {v} 昨天已发货。"],
        "ar": ["تم شحن الطلب {v} أمس."], "hi": ["ऑर्डर {v} कल भेज दिया गया।"],
    },
    "invoice": {
        "en": ["Invoice {v} is overdue by 14 days.", "Please attach invoice {v} to the expense report."],
        "de": ["Rechnung {v} ist seit 14 Tagen fällig."], "fr": ["La facture {v} est en retard de 14 jours."],
        "es": ["La factura {v} lleva 14 días vencida."], "it": ["La fattura {v} è scaduta da 14 giorni."],
        "nl": ["Factuur {v} staat al 14 dagen open."], "pt": ["A fatura {v} está em atraso há 14 dias."],
        "sv": ["Faktura {v} är 14 dagar försenad."], "pl": ["Faktura {v} jest przeterminowana o 14 dni."],
    },
}


def neg_frame(kind, v):
    fr = NEG_FRAMES[kind]
    lang = pick(list(fr))
    return lang, pick(fr[lang]).replace("{v}", v)


def gen_negative():
    k = R.randrange(46)
    if k == 0:
        v = pick(["ORD-%d-%06d" % (R.randint(2019, 2026), R.randint(0, 999999)), "#%d" % R.randint(100000, 9999999),
                  "A%d-%d" % (R.randint(100, 999), R.randint(10000, 99999)), "%d-%d-%d" % (R.randint(100, 999), R.randint(1000000, 9999999), R.randint(1000000, 9999999))])
        lang, t = neg_frame("order", v)
        add(t, [], lang, "order_number", "chat")
    elif k == 1:
        v = pick(["INV-%d-%05d" % (R.randint(2020, 2026), R.randint(1, 99999)), "RE%d%06d" % (R.randint(20, 26), R.randint(0, 999999)),
                  "F-%d/%04d" % (R.randint(2020, 2026), R.randint(1, 9999))])
        lang, t = neg_frame("invoice", v)
        add(t, [], lang, "invoice_id", pick(["chat", "email"]))
    elif k == 2:
        v = "%d.%d.%d.%d" % (R.randint(1, 9), R.randint(0, 20), R.randint(0, 9), R.randint(0, 99))
        t = pick(["Upgraded the agent to version {v} last night.", "Requires firmware v{v} or later.",
                  "Version {v} fixes the memory leak.", "Die Version {v} behebt den Fehler.",
                  "La versión {v} corrige el fallo.", "Build {v} is on the release channel.",
                  "AssemblyVersion(\"{v}\")", "bump version to {v} in setup.cfg"]).replace("{v}", v)
        add(t, [], "en", "version_quad", pick(["chat", "code"]))
    elif k == 3:
        v = pick(["10.0.%d.%d" % (R.randint(17763, 26100), R.randint(1000, 5000)),
                  "%d.0.%d.%d" % (R.randint(110, 131), R.randint(5000, 6800), R.randint(10, 200)),
                  "%d.%d.%d" % (R.randint(1, 30), R.randint(0, 40), R.randint(0, 20)),
                  "v%d.%d.%d-rc.%d" % (R.randint(0, 5), R.randint(0, 30), R.randint(0, 9), R.randint(1, 4))])
        t = pick(["Windows build {v} shows the bug.", "Chrome {v} broke the upload button.", "pip install package=={v}",
                  "Bitte auf {v} aktualisieren.", "Running kernel {v} on all nodes."]).replace("{v}", v)
        add(t, [], "en", "version_string", pick(["chat", "code"]))
    elif k == 4:
        d = R.randint(1, 28)
        m = R.randint(1, 12)
        y = R.randint(2019, 2027)
        lang, frame, v = pick([
            ("en", "The contract starts on {v} and runs for 24 months.", "%d-%02d-%02d" % (y, m, d)),
            ("en", "due {v}", "%02d/%02d/%d" % (m, d, y)),
            ("de", "Termin am {v} um 14:30 Uhr.", "%02d.%02d.%d" % (d, m, y)),
            ("fr", "Livraison prévue le {v}.", "%02d/%02d/%d" % (d, m, y)),
            ("es", "La reunión es el {v}.", "%d/%d/%d" % (d, m, y)),
            ("nl", "De vergadering is op {v}.", "%02d-%02d-%d" % (d, m, y)),
            ("ja", "会議は {v} です。", "%d年%d月%d日" % (y, m, d)),
            ("zh", "会议定于{v}举行。", "%d年%d月%d日" % (y, m, d)),
        ])
        add(frame.replace("{v}", v), [], lang, "date", "chat")
    elif k == 5:
        v = pick(["%02d:%02d" % (R.randint(0, 23), R.randint(0, 59)), "%02d:%02d:%02d" % (R.randint(0, 23), R.randint(0, 59), R.randint(0, 59)),
                  "%02d:%02d–%02d:%02d" % (R.randint(6, 12), R.randint(0, 59), R.randint(13, 22), R.randint(0, 59)),
                  "%02d:%02d:%02d.%03d" % (R.randint(0, 23), R.randint(0, 59), R.randint(0, 59), R.randint(0, 999))])
        t = pick(["Opening hours {v}, Monday to Friday.", "The job finished at {v} UTC.", "Öffnungszeiten {v}.",
                  "elapsed {v}"]).replace("{v}", v)
        add(t, [], "en", "time", "chat")
    elif k == 6:
        v = isbn13()
        t = pick(["ISBN {v}", "Can you find a summary of the book with ISBN {v}?", "Buch bestellt, ISBN: {v}",
                  "ISBN-13: {v} (paperback)"]).replace("{v}", v)
        add(t, [], "en", "isbn", "chat")
    elif k == 7:
        v = pick(["1Z%s%s" % (rand_str(UPPER + DIG, 6), digits(10)), "94%s" % digits(20),
                  "JJD%s" % digits(18), "RR%sDE" % digits(9), "LX%sCN" % digits(9)])
        if v.startswith("94"):
            v = " ".join(v[i:i + 4] for i in range(0, len(v), 4))
        t = pick(["Tracking number {v} has not moved for a week.", "Sendungsnummer: {v}", "Numéro de suivi : {v}",
                  "追跡番号 {v} の配達状況は？"]).replace("{v}", v)
        add(t, [], "en", "tracking_number", "chat")
    elif k == 8:
        a, b = R.randint(100, 99999), R.randint(100, 9999)
        t = pick(["What is %d × %d?" % (a, b), "Compute %d * %d - %d" % (a, b, R.randint(1, 999)),
                  "Is %d divisible by %d?" % (a * b, b), "Solve 3x + %d = %d" % (a, a + 3 * b),
                  "%d + %d + %d = ?" % (a, b, R.randint(1, 999)), "Berechne %d,%02d / %d" % (a, R.randint(0, 99), R.randint(2, 12))])
        add(t, [], "en", "math", "chat")
    elif k == 9:
        v = uuid4()
        t = pick(["request_id={v} status=200 dur_ms=%d" % R.randint(3, 900), "Ticket {v} was merged.",
                  "{\"trace_id\": \"{v}\", \"level\": \"info\"}", "Die Session-ID {v} ist abgelaufen."]).replace("{v}", v)
        add(t, [], "en", "uuid", pick(["log", "json", "chat"]))
    elif k == 10:
        v = sha40()
        t = pick(["commit {v}\nDate:   Tue Mar 4 10:%02d:11 2025 +0100\n\n    fix flaky test\n" % R.randint(0, 59),
                  "Revert to {v} please.", "sha256 of the tarball starts with %s" % v[:16],
                  "git cherry-pick %s" % v[:12]]).replace("{v}", v)
        add(t, [], "en", "git_sha", pick(["code", "chat"]))
    elif k == 11:
        v = pick(["SKU-%s-%d" % (rand_str(UPPER, 3), R.randint(100, 9999)), ean13(), "P/N %s%d-%s" % (rand_str(UPPER, 2), R.randint(10, 999), rand_str(UPPER + DIG, 4)),
                  "Art.-Nr. %d.%03d.%02d" % (R.randint(100, 999), R.randint(0, 999), R.randint(0, 99))])
        t = pick(["Product code {v} is out of stock.", "Ersatzteil {v} nachbestellen.", "EAN/SKU: {v}",
                  "Référence produit {v} indisponible."]).replace("{v}", v)
        add(t, [], "en", "product_code", pick(["chat", "csv"]))
    elif k == 12:
        v = pick(["€1.299,00", "$4,250.00", "CHF 12'500.–", "1 299,99 €", "£89.95", "¥128,000", "R$ 3.450,90",
                  "%d.%03d,%02d EUR" % (R.randint(1, 99), R.randint(0, 999), R.randint(0, 99)), "₹1,24,999"])
        t = pick(["The quote came in at {v} including VAT.", "Preis: {v}", "Le devis s'élève à {v}.",
                  "Total {v} for 3 seats"]).replace("{v}", v)
        add(t, [], "en", "price", "chat")
    elif k == 13:
        t = pick(["Compare the ThinkPad X1 Carbon with the Surface Laptop 7 for travel.",
                  "Our team in Hamburg uses Microsoft Teams, the team in Lyon uses Slack.",
                  "Plan a weekend trip from Rotterdam to Antwerpen by train.",
                  "Which is better for photos, the Pixel 9 Pro or the Galaxy S24 Ultra?",
                  "Der Zug von München nach Zürich fällt heute aus.",
                  "Recommend three cafés in Sevilla near the cathedral.",
                  "Kindle Paperwhite oder Tolino Vision – welcher Reader ist besser?",
                  "Flights from Osaka to Shenzhen are cheaper on Tuesdays.",
                  "Write a haiku about Stockholm in winter.",
                  "Quarterly Business Review: Customer Success Team, Northern Europe.",
                  "Release Notes – Payments Platform, Sprint Forty-Two.",
                  "Please summarise the Annual General Meeting minutes.",
                  "The PlayStation 5 Slim and the Xbox Series X both support 4K.",
                  "La Sagrada Família est fermée le lundi matin ?",
                  "Gdańsk, Kraków i Wrocław – który ma najlepsze muzea?",
                  "İzmir'den Ankara'ya en hızlı nasıl gidilir?",
                  "东京和大阪哪个城市更适合冬天旅游？",
                  "ما هي أفضل المطاعم في دبي؟",
                  "मुंबई से पुणे जाने का सबसे अच्छा रास्ता क्या है?",
                  "Thanks for the quick reply. Looking forward to the next steps.",
                  "Bitte Den Bericht Bis Montag Fertigstellen.",
                  "Could you translate the Terms of Service into Dutch?"])
        add(t, [], "en", "places_products_titlecase", "chat")
    elif k == 14:
        bad, grouping = luhn_invalid_card()
        v = pick([group(bad, grouping, " "), bad, group(bad, grouping, "-")])
        t = pick(["Reference number {v} on the bank statement.", "Customer account {v}", "Kundennummer {v}",
                  "Loyalty card {v} (not a payment card)", "shipment batch {v}", "Card number {v}"]).replace("{v}", v)
        add(t, [], "en", "luhn_invalid_16", "chat")
    elif k == 15:
        cc = pick(list(IBAN_SPECS))
        bad = iban_bad(cc)
        v = pick([bad, iban_print(bad)])
        t = pick(["IBAN {v} was rejected by the bank.", "Is {v} a valid account number?", "Konto: {v}",
                  "iban: {v}"]).replace("{v}", v)
        add(t, [], "en", "iban_bad_check", "chat")
    elif k == 16:
        cc = pick(["DE", "FR", "NL", "ES"])
        good = iban(cc)
        bad = good + digits(R.randint(1, 2)) if R.random() < 0.5 else good[:-R.randint(1, 3)]
        t = pick(["Typo in the IBAN {v}? The portal says wrong length.", "IBAN (wrong length): {v}"]).replace("{v}", bad)
        add(t, [], "en", "iban_wrong_length", "chat")
    elif k == 17:
        payload = b64u(json.dumps({"theme": pick(["dark", "light"]), "lang": pick(["de", "en", "fr"]),
                                   "tz": "Europe/Berlin"}, separators=(",", ":")).encode())
        t = pick(["Cookie: prefs=%s; consent=1" % payload, "data:application/json;base64,%s" % payload,
                  "state param: %s" % payload])
        add(t, [], "en", "base64_json_single_segment", "code")
    elif k == 18:
        parts = [b64u(rbytes(R.randint(6, 20))) for _ in range(3)]
        t = "signature blob %s.%s.%s (opaque)" % tuple(parts)
        if any(p.startswith("ey") for p in parts):
            parts[0] = "Ab" + parts[0][2:]
            t = "signature blob %s.%s.%s (opaque)" % tuple(parts)
        add(t, [], "en", "dotted_base64_not_jwt", "code")
    elif k == 19:
        h = b64u(json.dumps({"typ": "JWT", "cty": "text"}, separators=(",", ":")).encode())
        p = b64u(json.dumps({"msg": "hello"}, separators=(",", ":")).encode())
        t = "fixture (no alg): %s.%s.%s" % (h, p, b64u(rbytes(8)))
        add(t, [], "en", "jwt_header_without_alg", "code")
    elif k == 20:
        t = pick(["Set OPENAI_API_KEY=sk-... in your shell before running the script.",
                  "api_key = \"sk-<your-key-here>\"", "Replace sk-XXXX with your own key.",
                  "export ANTHROPIC_API_KEY=\"sk-ant-...\"", "GITHUB_TOKEN=ghp_XXXXXXXX",
                  "aws_access_key_id = <YOUR_ACCESS_KEY_ID>", "export OPENAI_API_KEY=$OPENAI_API_KEY",
                  "token: ${{ secrets.GITHUB_TOKEN }}", "Authorization: Bearer <token>",
                  "curl -H \"Authorization: Bearer $API_TOKEN\" https://api.example.com/v1/items",
                  "headers: { Authorization: `Bearer ${accessToken}` }", "Authorization: Bearer {{access_token}}"])
        add(t, [], "en", "placeholder_credential", "code")
    elif k == 21:
        t = pick(["Attach the risk-assessment-template-v2 to the ticket.",
                  "The desk-booking-service is down again.", "Run task-runner-v3 --dry-run first.",
                  "Whisk-together the eggs and flour.", "See the kiosk-mode-settings page.",
                  "frisk-check and husk-removal are separate steps"])
        add(t, [], "en", "sk_inside_word", "chat")
    elif k == 22:
        mac = ":".join("%02x" % R.randint(0, 255) for _ in range(6))
        if R.random() < 0.5:
            mac = mac.upper()
        t = pick(["Device MAC {v} is not in the DHCP table.", "wlan0 ether {v} brd ff:ff:ff:ff:ff:ff",
                  "MAC-Adresse: {v}"]).replace("{v}", mac)
        add(t, [], "en", "mac_address", pick(["log", "chat"]))
    elif k == 23:
        v = pick(["1.3.6.1.4.1.%d.%d.%d" % (R.randint(300, 60000), R.randint(1, 9), R.randint(1, 20)),
                  "2.5.4.%d" % R.randint(3, 50) + ".1.2.%d" % R.randint(1, 9),
                  "1.2.840.113549.1.1.%d" % R.randint(1, 14)])
        t = pick(["snmpget -v2c -c public host %s" % v, "OID %s maps to the interface counter" % v,
                  "algorithm identifier %s" % v])
        add(t, [], "en", "oid", "code")
    elif k == 24:
        kind = pick(["PUBLIC KEY", "CERTIFICATE", "CERTIFICATE REQUEST"])
        body = base64.b64encode(rbytes(R.choice([294, 600, 900]))).decode()
        lines = [body[i:i + 64] for i in range(0, len(body), 64)]
        t = "-----BEGIN %s-----\n%s\n-----END %s-----\n" % (kind, "\n".join(lines), kind)
        add(t, [], "en", "pem_not_private", "code")
    elif k == 25:
        t = pick(["Bearer bonds were common before 1982.", "The bearer of this letter is authorised to collect the parcel.",
                  "Bearer authentication is defined in RFC 6750.", "Der Überbringer (bearer) dieses Schreibens ist berechtigt.",
                  "Use the bearer scheme, not basic auth.", "Authorization: Basic realm required"])
        add(t, [], "en", "bearer_word_prose", "chat")
    elif k == 26:
        t = pick(["Follow @acme_support for outage updates.", "@media (max-width: 600px) { .nav { display: none; } }",
                  "@Override\npublic String toString() { return label; }", "npm i @types/node@20.11.5",
                  "Use icon@2x.png and icon@3x.png for retina screens.", "Ping @devops-oncall in the channel.",
                  "Price: 3 @ 4.50 each", "docker pull registry.example.com/app@sha256:%s" % sha40()[:32]])
        add(t, [], "en", "at_sign_not_email", "code")
    elif k == 27:
        t = pick(["Meet me at %d.%06d, %d.%06d." % (R.randint(40, 59), R.randint(0, 999999), R.randint(1, 30), R.randint(0, 999999)),
                  "lat=%d.%05d lon=-%d.%05d" % (R.randint(30, 50), R.randint(0, 99999), R.randint(70, 120), R.randint(0, 99999)),
                  "GPS: %d°%d′%d″N %d°%d′%d″E" % (R.randint(30, 60), R.randint(0, 59), R.randint(0, 59), R.randint(0, 30), R.randint(0, 59), R.randint(0, 59))])
        add(t, [], "en", "coordinates", "chat")
    elif k == 28:
        a = R.choice([0, 666, R.randint(900, 999)])
        v = pick(["%03d-%02d-%04d" % (a, R.randint(1, 99), R.randint(1, 9999)),
                  "%03d-00-%04d" % (R.randint(1, 665), R.randint(1, 9999)),
                  "%03d-%02d-0000" % (R.randint(1, 665), R.randint(1, 99))])
        t = pick(["SSN {v} was rejected as invalid.", "Test SSN: {v}", "social security number {v} (invalid range)"]).replace("{v}", v)
        add(t, [], "en", "ssn_invalid_range", "form")
    elif k == 29:
        v = pick(["%d.%d.%d.%d" % (R.randint(256, 999), R.randint(0, 255), R.randint(0, 255), R.randint(0, 255)),
                  "%d.%d.%d.%d" % (R.randint(1, 255), R.randint(256, 999), R.randint(0, 255), R.randint(0, 255)),
                  "%d.%d.%d" % (R.randint(1, 255), R.randint(0, 255), R.randint(0, 255))])
        t = pick(["Section {v} of the spec covers retries.", "value out of range: {v}", "§ {v} Abs. 2"]).replace("{v}", v)
        add(t, [], "en", "ipv4_out_of_range", "chat")
    elif k == 30:
        t = pick(["AKIA%s is too short to be a key" % rand_str(UPPER + DIG, R.randint(8, 12)),
                  "prefix akia%s (lowercase, a test fixture)" % rand_str(LOWER + DIG, 16),
                  "ghp_%s was truncated in the log" % rand_str(ALNUM, R.randint(8, 14)),
                  "sk-%s" % rand_str(LOWER, 6) + " is a Slack channel nickname",
                  "AKIA" + "-" + rand_str(UPPER + DIG, 16)])
        add(t, [], "en", "credential_like_malformed", "log")
    elif k == 31:
        t = pick(["Call the extension 4417 if the room is busy.", "PIN 4821 for the locker.", "Room 4.12, building C",
                  "Gate B22, terminal 2", "Platform 9, car 12, seat 64", "Flight LH 2034 departs 07:15",
                  "Zimmer 214, 2. Stock", "Salle 3.07, bâtiment B", "Kapitel 12, Seite 143",
                  "Python 3.12 and Node 22 are required.", "Windows 11 Pro 23H2", "Level 3 support, step 2",
                  "Sprint 42 ends on Friday."])
        add(t, [], "en", "small_numbers_rooms", "chat")
    elif k == 32:
        t = pick(["%d-%02d-%02d %02d:%02d:%02d.%03d WARN pool exhausted (size=%d, waiting=%d)" % (
            R.randint(2024, 2026), R.randint(1, 12), R.randint(1, 28), R.randint(0, 23), R.randint(0, 59), R.randint(0, 59),
            R.randint(0, 999), R.randint(5, 50), R.randint(0, 300)),
            "GC pause %d ms, heap %d MiB -> %d MiB, pid %d" % (R.randint(2, 900), R.randint(200, 8000), R.randint(100, 4000), R.randint(100, 65000)),
            "latency p50=%dms p99=%dms rps=%d build=%s" % (R.randint(2, 90), R.randint(100, 999), R.randint(10, 9000), sha40()[:7])])
        add(t, [], "en", "log_numbers", "log")
    elif k == 33:
        t = pick(["Vertragsnummer %d, Tarif %d" % (R.randint(10 ** 6, 10 ** 7), R.randint(10 ** 3, 10 ** 4 - 1)),
                  "sort code reference %02d%02d%02d? no, that was the ticket id" % (R.randint(10, 99), R.randint(10, 99), R.randint(10, 99)),
                  "Mandatsreferenz M-%d-%d" % (R.randint(2020, 2026), R.randint(1000, 9999))])
        add(t, [], "en", "bank_like_ids", "chat")
    elif k == 34:
        v = "#%02X%02X%02X" % (R.randint(0, 255), R.randint(0, 255), R.randint(0, 255))
        t = pick([".btn {{ color: {v}; border: 1px solid #ddd; }}".replace("{{", "{").replace("}}", "}"),
                  "Primary colour {v}, secondary #1e1e1e"]).replace("{v}", v)
        add(t, [], "en", "hex_color", "code")
    elif k == 35:
        t = pick(["Tel. Vorwahl 030 für Berlin, 089 für München.",
                  "The area code 415 covers most of the Bay Area.",
                  "Dial 112 in Europe and 911 in the US.",
                  "Fax numbers are no longer listed.",
                  "L'indicatif +33 correspond à la France.",
                  "Country code +49, then the number without the leading zero."])
        add(t, [], "en", "phone_fragments", "chat")
    elif k == 36:
        t = pick(["The street was renamed in 1998.", "Turn left at the second street after the station.",
                  "Main street shops open at nine.", "Die Hauptstraße ist wegen Bauarbeiten gesperrt.",
                  "La calle está cortada hasta el lunes.", "De straat wordt volgende week opnieuw geasfalteerd.",
                  "The office is on the 4th floor, room 12.", "Chapter 7: The Road Ahead"])
        add(t, [], "en", "street_words_no_address", "chat")
    elif k == 37:
        t = pick(["Hey team, standup moved to 10:30 tomorrow.", "Could you review the pull request before lunch?",
                  "Please summarise this article in three bullet points.",
                  "Schreib mir eine Einkaufsliste für ein Abendessen für vier Personen.",
                  "Explique-moi la différence entre TCP et UDP.", "¿Cuál es la capital de Australia?",
                  "Traduci questa frase in inglese: il treno è in ritardo.", "Wat is het verschil tussen RAM en ROM?",
                  "Explique o que é uma API REST.", "Jak działa szyfrowanie asymetryczne?",
                  "Vad betyder HTTP 418?", "Bana kısa bir şiir yaz.", "量子コンピュータとは何ですか？",
                  "请解释一下什么是机器学习。", "ما الفرق بين الذكاء الاصطناعي والتعلم الآلي؟",
                  "कृत्रिम बुद्धिमत्ता क्या है, सरल शब्दों में बताइए।"])
        add(t, [], "en", "plain_prompt", "chat")
    elif k == 38:
        n = R.randint(10 ** 8, 10 ** 9 - 1)
        t = pick(["Order id %d ships in two days." % n, "Ticket %d was escalated." % n, "Batch %d" % n,
                  "Member no. %d" % n])
        add(t, [], "en", "nine_digit_id", "chat")
    elif k == 39:
        t = pick(["base64 of 'hello': aGVsbG8=", "Checksum (md5): %s" % sha40()[:32],
                  "nonce=%s" % b64u(rbytes(12)), "salt: %s" % base64.b64encode(rbytes(16)).decode()])
        add(t, [], "en", "hash_or_nonce", "code")
    elif k == 40:
        a = R.randint(1, 255)
        t = pick(["CIDR notation like /24 or /16 is explained in RFC 4632.",
                  "Scale the image by 1.5x, then 0.75x.",
                  "Ratio %d:%d:%d" % (a, R.randint(1, 9), R.randint(1, 9)),
                  "Score 3:1 after extra time.", "Bible verse John 3:16"])
        if "John" in t:
            t = "Verse 3:16 is often quoted."
        add(t, [], "en", "colon_numbers", "chat")
    elif k == 41:
        t = pick(["https://docs.example.com/v2/guide#section-4.2.1",
                  "See https://example.org/a/b?page=3&sort=desc for details.",
                  "ftp://mirror.example.net/pub/releases/7.4/"])
        add(t, [], "en", "url_no_credentials", "chat")
    elif k == 42:
        n = "%d %03d %03d" % (R.randint(1, 99), R.randint(0, 999), R.randint(0, 999))
        t = pick(["Population: %s inhabitants." % n, "Umsatz %s € im Jahr" % n, "Il y a %s habitants." % n])
        add(t, [], "en", "thousands_spaces", "chat")
    elif k == 43:
        y = R.randint(2020, 2026)
        t = "Q%d %d revenue grew %d.%d%%; EBITDA margin %d.%d%%; headcount %d." % (
            R.randint(1, 4), y, R.randint(1, 40), R.randint(0, 9), R.randint(1, 40), R.randint(0, 9), R.randint(50, 9000))
        add(t, [], "en", "financial_figures", "chat")
    elif k == 44:
        t = pick(["Postleitzahl 10115 gehört zu Berlin-Mitte.", "The postcode LS1 4AP is in Leeds city centre.",
                  "Le code postal 69002 correspond à Lyon 2e.", "El código postal 28013 es del centro de Madrid."])
        add(t, [], "en", "postcode_without_street", "chat")
    else:
        t = pick(["Season %d, episode %d" % (R.randint(1, 9), R.randint(1, 24)),
                  "Route planner: 12 km, 3 h 20 min", "Model 3 vs Model Y range comparison",
                  "Highway A7 between exits 23 and 24 is closed", "Bus 42 to the airport"])
        add(t, [], "en", "numbered_things", "chat")


NEG_LANG = {
    "en": ["Book a table for {qty} on {date} at {time}, budget {price}.",
           "Order {order} arrived damaged, the box was crushed.",
           "Remind me on {date} to renew the parking permit ({price} a month)."],
    "de": ["Reserviere einen Tisch für {qty} Personen am {date} um {time} Uhr.",
           "Die Lieferung zur Bestellung {order} kam beschädigt an.",
           "Erinnere mich am {date} an die Verlängerung, Kosten {price}."],
    "fr": ["Réserve une table pour {qty} le {date} à {time}.",
           "La commande {order} est arrivée abîmée.",
           "Rappelle-moi le {date} de payer la cotisation de {price}."],
    "es": ["Reserva una mesa para {qty} el {date} a las {time}.",
           "El pedido {order} llegó dañado.",
           "Recuérdame el {date} que pague la cuota de {price}."],
    "it": ["Prenota un tavolo per {qty} il {date} alle {time}.",
           "L'ordine {order} è arrivato danneggiato.",
           "Ricordami il {date} di pagare la quota di {price}."],
    "nl": ["Reserveer een tafel voor {qty} op {date} om {time}.",
           "Bestelling {order} kwam beschadigd aan.",
           "Herinner me op {date} aan de contributie van {price}."],
    "pt": ["Reserva uma mesa para {qty} no dia {date} às {time}.",
           "A encomenda {order} chegou danificada.",
           "Lembra-me no dia {date} de pagar a quota de {price}."],
    "pl": ["Zarezerwuj stolik dla {qty} osób na {date} o {time}.",
           "Zamówienie {order} dotarło uszkodzone.",
           "Przypomnij mi {date} o opłacie {price}."],
    "sv": ["Boka ett bord för {qty} den {date} klockan {time}.",
           "Beställning {order} kom fram skadad.",
           "Påminn mig den {date} om avgiften på {price}."],
    "tr": ["{date} günü saat {time} için {qty} kişilik masa ayırt.",
           "{order} numaralı sipariş hasarlı geldi.",
           "{date} tarihinde {price} tutarındaki aidatı hatırlat."],
    "ja": ["{date} {time}に{qty}名で予約してください。",
           "注文 {order} の商品が破損して届きました。",
           "{date}に会費 {price} の支払いを思い出させてください。"],
    "zh": ["请帮我预订{date} {time}的{qty}人桌位。",
           "订单 {order} 的商品到货时已损坏。",
           "请在{date}提醒我缴纳{price}的会费。"],
    "ar": ["احجز طاولة لـ {qty} أشخاص يوم {date} الساعة {time}.",
           "وصل الطلب {order} تالفاً.",
           "ذكّرني يوم {date} بدفع الاشتراك البالغ {price}."],
    "hi": ["{date} को {time} बजे {qty} लोगों के लिए टेबल बुक करें।",
           "ऑर्डर {order} क्षतिग्रस्त हालत में पहुँचा।",
           "{date} को {price} की फ़ीस भरने की याद दिलाएँ।"],
}
LANG_PRICE = {"en": "$%d.%02d", "de": "%d,%02d €", "fr": "%d,%02d €", "es": "%d,%02d €", "it": "€ %d,%02d",
              "nl": "€ %d,%02d", "pt": "%d,%02d €", "pl": "%d,%02d zł", "sv": "%d,%02d kr", "tr": "%d,%02d TL",
              "ja": "¥%d%02d", "zh": "¥%d.%02d", "ar": "%d.%02d درهم", "hi": "₹%d.%02d"}


def lang_date(lang, y, m, d):
    if lang in ("ja", "zh"):
        return "%d年%d月%d日" % (y, m, d)
    if lang == "en":
        return pick(["%s %d" % (pick(["March", "May", "June", "October"]), d), "%d/%d/%d" % (m, d, y)])
    if lang in ("de", "pl", "tr"):
        return "%02d.%02d.%d" % (d, m, y)
    if lang == "sv":
        return "%d-%02d-%02d" % (y, m, d)
    if lang == "nl":
        return "%02d-%02d-%d" % (d, m, y)
    return "%02d/%02d/%d" % (d, m, y)


def gen_negative_lang():
    lang = pick(LANGS)
    r = R.random()
    if r < 0.6:
        t = pick(NEG_LANG[lang])
        t = t.replace("{qty}", str(R.randint(2, 12))).replace("{time}", "%d:%02d" % (R.randint(11, 21), R.choice([0, 15, 30, 45])))
        t = t.replace("{date}", lang_date(lang, R.randint(2025, 2027), R.randint(1, 12), R.randint(1, 28)))
        t = t.replace("{price}", LANG_PRICE[lang] % (R.randint(5, 400), R.randint(0, 99)))
        t = t.replace("{order}", pick(["%d-%07d" % (R.randint(100, 999), R.randint(0, 9999999)), "#%d" % R.randint(10000, 999999),
                                       "%s-%d" % (rand_str(UPPER, 2), R.randint(100000, 999999))]))
        add(t, [], lang, "everyday_numbers", "chat")
    elif r < 0.8:
        bad, grouping = luhn_invalid_card()
        v = pick([group(bad, grouping, " "), group(bad, grouping, "-")])
        lang2, t = in_lang_frame(lang, "card", v)
        add(t, [], lang2, "luhn_invalid_in_card_frame", "chat")
    else:
        bad = iban_bad(pick(LANG_IBAN[lang]))
        v = pick([bad, iban_print(bad)])
        lang2, t = in_lang_frame(lang, "iban", v)
        add(t, [], lang2, "iban_bad_check_in_frame", "chat")


# ---------------------------------------------------------------- reference re-check

EMAIL_RE = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
DIGRUN_RE = re.compile(r"\d(?:[ \-.]?\d){11,18}")
IPV4_RE = re.compile(r"(?<![\d.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?![\d]|\.\d)")
SSN_RE = re.compile(r"(?<!\d)(\d{3})-(\d{2})-(\d{4})(?!\d)")
IBAN_RE = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b")
KEY_RE = re.compile(r"sk-[A-Za-z0-9_\-]{20,}|AKIA[A-Z0-9]{16}|ASIA[A-Z0-9]{16}|gh[psoru]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{30,}|eyJ[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]*|PRIVATE KEY-----")
BEARER_RE = re.compile(r"[Bb]earer [A-Za-z0-9._~+/\-]{16,}")


def ref_hits(text):
    hits = []
    for m in EMAIL_RE.finditer(text):
        hits.append(("email", m.span()))
    for m in DIGRUN_RE.finditer(text):
        d = re.sub(r"\D", "", m.group())
        for L in range(12, 20):
            for i in range(0, len(d) - L + 1):
                w = d[i:i + L]
                if luhn_ok(w) and iin_ok(w) and (i == 0 and i + L == len(d)):
                    hits.append(("credit_card", m.span()))
    for m in IPV4_RE.finditer(text):
        if all(int(g) <= 255 for g in m.groups()):
            hits.append(("ipv4", m.span()))
    for m in SSN_RE.finditer(text):
        a, g, s = (int(x) for x in m.groups())
        if ssn_valid(a, g, s):
            hits.append(("ssn", m.span()))
    for m in IBAN_RE.finditer(text):
        if iban_valid(m.group().replace(" ", "")):
            hits.append(("iban", m.span()))
    for m in KEY_RE.finditer(text):
        hits.append(("key", m.span()))
    for m in BEARER_RE.finditer(text):
        hits.append(("bearer", m.span()))
    return hits


ALLOWED_NEG_HITS = {"version_quad": {"ipv4"}, "sk_inside_word": {"key"}, "jwt_header_without_alg": {"key"}, "at_sign_not_email": {"email"}}


def check(samples):
    for n, s in enumerate(samples):
        t = s["text"]
        spans = []
        for lab in s["labels"]:
            v = lab["value"]
            assert v and v in t, (n, lab)
            c = sum(1 for l in s["labels"] if l["value"] == v)
            assert t.count(v) == c, (n, v, t.count(v), c)
            i = t.index(v)
            spans.append((i, i + len(v)))
        for det, (a, b) in ref_hits(t):
            if any(a < y and x < b for x, y in spans):
                continue
            if not s["labels"] and det in ALLOWED_NEG_HITS.get(s["form"], ()):
                continue
            raise AssertionError("unlabelled %s at %d in sample %d: %r" % (det, a, n, t[a:b]))
        # values of structured detectors re-validated from their own digits/letters
        for lab in s["labels"]:
            v = lab["value"]
            norm = "".join(str(int(c)) if c.isdigit() else c for c in v)
            norm = re.sub(r"[\s\u200b\u200c\u200d\u2060\u2011\-.]", "", norm)
            if lab["detector"] == "credit_card":
                d = re.sub(r"\D", "", norm)
                assert luhn_ok(d) and iin_ok(d), (n, v)
            if lab["detector"] == "iban":
                assert iban_valid(norm.upper()), (n, v)
            if lab["detector"] == "ssn":
                d = re.sub(r"\D", "", norm)
                assert len(d) == 9 and ssn_valid(int(d[:3]), int(d[3:5]), int(d[5:])), (n, v)
            if lab["detector"] == "jwt":
                h = re.sub(r"[\u200b\u200c\u200d\u2060]", "", v).split(".")[0]
                hdr = json.loads(base64.urlsafe_b64decode(h + "=" * (-len(h) % 4)))
                assert "alg" in hdr and v.count(".") == 2, (n, v)


# ---------------------------------------------------------------- language tags

LANG_CUES = [
    ("ja", re.compile(r"[\u3040-\u30ff]")),
    ("zh", re.compile(r"[\u4e00-\u9fff]")),
    ("ar", re.compile(r"[\u0600-\u06ff]")),
    ("hi", re.compile(r"[\u0900-\u097f]")),
    ("tr", re.compile(r"İzmir|gidilir|şiir|numaralı|sipariş")),
    ("pl", re.compile(r"Gdańsk|Jak działa|Zamówienie|Faktura .* dni")),
    ("sv", re.compile(r"Vad betyder|Beställning|Faktura .* försenad")),
    ("nl", re.compile(r"Wat is het|Bestelling|straat wordt|Factuur")),
    ("pt", re.compile(r"Explique o que|encomenda|fatura")),
    ("it", re.compile(r"Traduci|L'ordine|fattura")),
    ("es", re.compile(r"¿|La versión|La reunión|calle|El código|tarjeta|escríbeme|El pedido|La factura")),
    ("fr", re.compile(r"Explique-moi|Livraison|Numéro de suivi|Référence produit|Le devis|Il y a|Salle|Le code postal"
                      r"|écris-moi|La Sagrada|La commande|La facture|Où en est|L'indicatif")),
    ("de", re.compile(r"Die |Bitte|Termin am|Öffnungszeiten|Sendungsnummer|Ersatzteil|Buch bestellt|Berechne|Umsatz"
                      r"|Vorwahl|Postleitzahl|Überbringer|Vertragsnummer|Mandatsreferenz|Schreib|Kartennummer"
                      r"|MAC-Adresse|Kundennummer|Konto:|aktualisieren|Mit Bearer|Zimmer|Kapitel|Preis:|Der Zug"
                      r"|Mail an|Warum|oder Tolino|Schlüssel|Wo bleibt")),
]


def retag_lang(samples):
    """Samples written from language-mixed lists were tagged 'en'; tag them by their text."""
    for s in samples:
        if s["lang"] != "en":
            continue
        for lang, rx in LANG_CUES:
            if rx.search(s["text"]):
                s["lang"] = lang
                break


# ---------------------------------------------------------------- main

PLAN = [
    (gen_email, 180), (gen_phone, 200), (gen_card, 170), (gen_ssn, 70), (gen_iban, 110), (gen_ipv4, 120),
    (gen_ipv6, 60), (gen_openai, 55), (gen_anthropic, 35), (gen_aws, 45), (gen_github, 50), (gen_jwt, 60),
    (gen_bearer, 50), (gen_pem, 35), (gen_name, 150), (gen_address, 120), (gen_mixed, 60), (gen_mixed_tech, 15),
    (gen_negative, 620), (gen_negative_lang, 280),
]


def main():
    retries = 0
    for fn, n in PLAN:
        for _ in range(n):
            while True:
                before = len(SAMPLES)
                fn()
                try:
                    check(SAMPLES[before:])
                    break
                except AssertionError:
                    # a random value happened to form another detector's value (e.g. a bad-check
                    # IBAN whose digits are a Luhn-valid card): draw this sample again
                    del SAMPLES[before:]
                    retries += 1
    order = list(range(len(SAMPLES)))
    R.shuffle(order)
    out = [SAMPLES[i] for i in order]
    retag_lang(out)
    check(out)
    data = "".join(json.dumps(s, ensure_ascii=False) + "\n" for s in out).encode("utf-8")
    if "--stdout" in sys.argv:
        sys.stdout.buffer.write(data)
        return
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "heldout4.jsonl")
    with open(path, "wb") as f:
        f.write(data)
    neg = sum(1 for s in out if not s["labels"])
    print("%d samples, %d hard negatives (%.1f%%), %d redrawn, sha256 %s" % (
        len(out), neg, 100.0 * neg / len(out), retries, hashlib.sha256(data).hexdigest()), file=sys.stderr)


if __name__ == "__main__":
    main()
