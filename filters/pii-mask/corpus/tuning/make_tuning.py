#!/usr/bin/env python3
"""Writes tuning.jsonl: Maestro card numbers, phone numbers, obfuscated email addresses and
values in the digits of other scripts, built from the published structures, not from any
corpus (see README.md). Deterministic: `python3 make_tuning.py`."""
import json
import os

out = []


def sample(text, labels):
    out.append({"text": text, "labels": [{"detector": d, "value": v} for d, v in labels]})


def luhn_complete(body):
    """`body` + the ISO/IEC 7812-1 (Annex B) check digit."""
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:  # doubled: every second digit from the right of the full number
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return body + str((10 - total % 10) % 10)


def luhn_ok(number):
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


# How cards of each length are printed: groups of four, the rest in one last group (or a
# middle group of six, as 14- and 15-digit cards are).
GROUPS = {12: [4, 4, 4], 13: [4, 4, 5], 14: [4, 6, 4], 15: [4, 6, 5], 16: [4, 4, 4, 4],
          17: [4, 4, 4, 5], 18: [4, 4, 4, 6], 19: [4, 4, 4, 4, 3]}


def grouped(number, sep, sizes=None):
    if sizes is None:
        sizes = GROUPS[len(number)]
    parts, at = [], 0
    for n in sizes:
        parts.append(number[at:at + n])
        at += n
    return sep.join(parts)


# Maestro: Mastercard's debit brand. IIN ranges 50 (5018, 5020, 5038, 5893...), 56-69 and
# Maestro UK 6759, 676770, 676774; PAN lengths 12 to 19 (ISO/IEC 7812-1 allows 8-19).
FILL = "739104826550318274"
prefixes = ["5018", "5020", "5038", "5893", "56", "57", "58", "6304", "6390", "6759", "676770",
            "676774", "6761", "6762", "6763", "60", "63", "66", "67", "68", "69", "50"]
frames = [
    "Maestro card {} please",
    "Meine Maestro-Karte: {}.",
    "Paga con la tarjeta {} hoy",
    "carte de débit {} merci",
    "Debit card number {}",
    "{}",
]
k = 0
for length in range(12, 20):
    for p in prefixes:
        if length - 1 <= len(p):
            continue
        body = (p + FILL)[: length - 1]
        number = luhn_complete(body)
        assert luhn_ok(number) and len(number) == length
        k += 1
        forms = [number, grouped(number, " "), grouped(number, "-")]
        if length == 16:
            forms.append(grouped(number, "."))
        form = forms[k % len(forms)]
        sample(frames[k % len(frames)].format(form), [("credit_card", form)])

# Maestro look-alikes: a wrong check digit, or a 12-digit number with a prefix no card has.
for length in (12, 13, 15, 18):
    body = ("6759" + FILL)[: length - 1]
    good = luhn_complete(body)
    bad = good[:-1] + str((int(good[-1]) + 3) % 10)
    assert not luhn_ok(bad)
    sample(f"Reference {bad} on the statement", [])
    sample(f"Tracking {grouped(bad, ' ')} shipped", [])
sample("Order 1234 5678 9012 was shipped", [])
sample("Invoice 100000000008 is due", [])

# Phones. E.164: `+` country code (1-3 digits), at most 15 digits. National formats from each
# country's numbering plan, with the trunk prefix where the plan has one.
phones = [
    # NANP (US/CA): NXX NXX XXXX, area and exchange codes start 2-9.
    ("us", "(415) 555-2671"), ("us", "415-555-2671"), ("us", "415.555.2671"),
    ("us", "+1 415 555 2671"), ("us", "1-800-555-0199"), ("us", "+1 (212) 555-0147"),
    # UK: trunk 0, 10 digits after it; 02x areas 2+4+4, mobiles 07xxx xxxxxx.
    ("uk", "020 7946 0958"), ("uk", "07700 900123"), ("uk", "+44 7700 900123"),
    ("uk", "+44 (0)20 7946 0958"), ("uk", "0161 496 0123"),
    # Germany: trunk 0, area codes of 2-5 digits, subscriber numbers of varying length.
    ("de", "030 12345678"), ("de", "0151 23456789"), ("de", "+49 30 12345678"),
    ("de", "089/1234567"), ("de", "+49 (0)151 2345 6789"), ("de", "0221 9876543"),
    # France: 10 digits, trunk 0, written in pairs.
    ("fr", "01 23 45 67 89"), ("fr", "06.12.34.56.78"), ("fr", "+33 1 23 45 67 89"),
    ("fr", "+33 6 12 34 56 78"), ("fr", "0612345678"), ("fr", "07-98-76-54-32"),
    # Spain: 9 digits, no trunk prefix; mobiles 6/7, landlines 8/9.
    ("es", "612 345 678"), ("es", "+34 612 345 678"), ("es", "91 123 45 67"),
    ("es", "+34 932 123 456"), ("es", "612 34 56 78"),
    # Italy: landlines keep their leading 0 internationally, mobiles start 3 (no trunk).
    ("it", "02 1234 5678"), ("it", "+39 02 1234 5678"), ("it", "333 123 4567"),
    ("it", "+39 333 123 4567"), ("it", "06 69876543"), ("it", "+39 347 1234567"),
    # Netherlands: trunk 0, 9 digits after it; mobiles 06.
    ("nl", "020 123 4567"), ("nl", "06 12345678"), ("nl", "+31 6 12345678"),
    ("nl", "010-1234567"), ("nl", "+31 20 123 4567"),
    # Poland: 9 digits, no trunk prefix.
    ("pl", "512 345 678"), ("pl", "+48 512 345 678"), ("pl", "22 123 45 67"),
    ("pl", "+48 22 123 45 67"),
    # Sweden: trunk 0; Stockholm 08, mobiles 07x.
    ("se", "08-123 456 78"), ("se", "070-123 45 67"), ("se", "+46 8 123 456 78"),
    ("se", "+46 70 123 45 67"),
    # Turkey: trunk 0, 3-digit area/operator code, 7-digit subscriber number.
    ("tr", "0212 345 67 89"), ("tr", "0532 123 45 67"), ("tr", "+90 532 123 45 67"),
    ("tr", "+90 212 345 67 89"),
    # Brazil: 2-digit area code, 9-digit mobiles starting 9.
    ("br", "+55 11 91234-5678"), ("br", "(11) 91234-5678"), ("br", "+55 21 2345-6789"),
    # Japan: trunk 0; Tokyo 03-xxxx-xxxx, mobiles 090/080/070.
    ("jp", "03-1234-5678"), ("jp", "090-1234-5678"), ("jp", "+81 3 1234 5678"),
    ("jp", "+81 90 1234 5678"),
    # India: 10-digit mobiles starting 6-9, trunk 0.
    ("in", "+91 98765 43210"), ("in", "09876543210"), ("in", "+91-98765-43210"),
    # Australia: trunk 0, area 2/3/7/8, mobiles 04.
    ("au", "02 9876 5432"), ("au", "0412 345 678"), ("au", "+61 412 345 678"),
    ("au", "+61 2 9876 5432"),
    # Switzerland: trunk 0, 10 digits.
    ("ch", "044 123 45 67"), ("ch", "079 123 45 67"), ("ch", "+41 44 123 45 67"),
    # E.164 compact and with the international prefix 00.
    ("e164", "+442079460958"), ("e164", "+4915123456789"), ("e164", "0033 1 23 45 67 89"),
    ("e164", "+971 50 123 4567"), ("e164", "+27 21 123 4567"), ("e164", "+353 1 234 5678"),
]
frames = {
    "us": "Call me at {} tomorrow.", "uk": "Ring {} after five.", "de": "Ruf mich an: {}",
    "fr": "Appelez-moi au {} svp", "es": "Llámame al {} mañana", "it": "Chiamami al {} grazie",
    "nl": "Bel me op {} vandaag", "pl": "Zadzwoń pod {} jutro", "se": "Ring mig på {} i dag",
    "tr": "Beni {} numaradan arayın", "br": "Me liga no {} amanhã", "jp": "電話番号は{}です",
    "in": "Call {} for help", "au": "Phone {} anytime", "ch": "Telefon {} bitte",
    "e164": "tel: {}",
}
for country, phone in phones:
    digits = sum(c.isdigit() for c in phone)
    assert digits <= 15 or not phone.startswith("+"), phone
    sample(frames[country].format(phone), [("phone", phone)])

# Phone look-alikes in the same shapes: dates, times, amounts, versions, ids.
for text in [
    "Meeting on 2024-03-15 at 14:30, room 12.",
    "Total: 1 234 567,89 EUR",
    "Upgrade from 10.4.1 to 10.5.2 today",
    "Order #4155552671 has shipped",
    "ISBN 978-3-16-148410-0",
    "Seiten 120-135 und 2020-2024",
    "Invoice no. 2024 0315 0042",
    "Postcode 75008 Paris, SIRET 732 829 320 00074",
]:
    sample(text, [])

# Obfuscated email addresses, the ways people write them to escape scrapers, and prose with
# the same words.
for text, value in [
    ("Write to ann [at] example [dot] com for access", "ann [at] example [dot] com"),
    ("Kontakt: max.mustermann(at)beispiel(dot)de", "max.mustermann(at)beispiel(dot)de"),
    ("correo: lucia {at} ejemplo {dot} es", "lucia {at} ejemplo {dot} es"),
    ("mail me: j.doe [at] mail.example.co.uk", "j.doe [at] mail.example.co.uk"),
    ("ann@example[.]com is my address", "ann@example[.]com"),
    ("reach bob <at> example <dot> org", "bob <at> example <dot> org"),
    ("Email: ann at example dot com", "ann at example dot com"),
    ("contact sales at example dot org today", "sales at example dot org"),
    ("send it to k.tanaka at example dot jp", "k.tanaka at example dot jp"),
    ("adresse : paul(at)exemple(dot)fr", "paul(at)exemple(dot)fr"),
    ("ann [at] example [.] com", "ann [at] example [.] com"),
    ("ann@example dot com", "ann@example dot com"),
]:
    sample(text, [("email", value)])
for text in [
    "Look at the dot com bubble of 2000.",
    "We met at noon dot com era style.",
    "I was staying at home dot com is a site?",
    "see [at] the end of the dotted line (.)",
    "The anecdote about dot matrix printers at work.",
    "Email me at gmail dot com.",
    "array[at].value and map(at).key",
]:
    sample(text, [])

# Digits of other scripts (Unicode Nd): the values as their readers write them.
AR = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FA = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
HI = str.maketrans("0123456789", "०१२३४५६७८९")
BN = str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯")
TH = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
for frame, value, kind, script in [
    ("اتصل على {} من فضلك", "+971 50 123 4567", "phone", AR),
    ("رقم الهاتف {}", "050 123 4567", "phone", AR),
    ("شماره من {} است", "0912 345 6789", "phone", FA),
    ("मेरा नंबर {} है", "+91 98765 43210", "phone", HI),
    ("কল করুন {}", "+880 1712 345678", "phone", BN),
    ("โทร {} ครับ", "+66 81 234 5678", "phone", TH),
    ("بطاقة {} شكرا", "4111 1111 1111 1111", "credit_card", AR),
    ("कार्ड {} है", "5500 0000 0000 0004", "credit_card", HI),
    ("الخادم {} متوقف", "192.168.1.20", "ipv4", AR),
    ("सर्वर {} बंद है", "10.0.0.7", "ipv4", HI),
    ("IBAN {}", "SA03 8000 0000 6080 1016 7519", "iban", AR),
    ("SSN {}", "536-22-1234", "ssn", TH),
]:
    written = value.translate(script)
    sample(frame.format(written), [(kind, written)])
for text in [
    "صفحة ١٢ من ٣٤ ، عام ٢٠٢٤",
    "पृष्ठ १२ से ३४ तक, वर्ष २०२४",
    "ราคา ๑,๒๐๐ บาท วันที่ ๑๕/๐๓/๒๕๖๗",
]:
    sample(text, [])

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "tuning.jsonl")
with open(path, "w", encoding="utf-8") as f:
    for s in out:
        f.write(json.dumps(s, ensure_ascii=False) + "\n")
print(len(out), "samples")
