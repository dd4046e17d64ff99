#!/usr/bin/env python3
"""Generate the blind held-out PII corpus `heldout8`.

Standard library only, no input files, fixed seed, deterministic output.
Written blind from the brief only: every name, street, domain, frame and
negative below was invented for this folder.
"""
import base64
import hashlib
import ipaddress
import json
import os
import random
import re
import string
import sys
import unicodedata

SEED = 80808
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "heldout8.jsonl")
README = os.path.join(HERE, "README.md")

NBSP = "\u00a0"
THIN = "\u2009"
ZWSP = "\u200b"
FW_DIGITS = str.maketrans("0123456789+", "０１２３４５６７８９＋")
FW_BACK = str.maketrans("０１２３４５６７８９＋＠", "0123456789+@")

B64URL = string.ascii_letters + string.digits + "-_"
ALNUM = string.ascii_letters + string.digits
B32 = string.ascii_uppercase + "234567"


def rstr(rng, alphabet, n):
    return "".join(rng.choice(alphabet) for _ in range(n))


def b64u(data):
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


# ---------------------------------------------------------------------------
# checksums
# ---------------------------------------------------------------------------

def luhn_ok(digits):
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def luhn_complete(prefix_digits):
    for c in "0123456789":
        if luhn_ok(prefix_digits + c):
            return prefix_digits + c
    raise AssertionError


def iban_mod97(s):
    s = s[4:] + s[:4]
    num = "".join(str(int(ch, 36)) for ch in s)
    return int(num) % 97


def iban_check_digits(cc, bban):
    s = bban + cc + "00"
    num = "".join(str(int(ch, 36)) for ch in s)
    return "%02d" % (98 - int(num) % 97)


# ---------------------------------------------------------------------------
# forbidden / well-known values
# ---------------------------------------------------------------------------

KNOWN_CARDS = {
    "4111111111111111", "4242424242424242", "5555555555554444", "5105105105105100",
    "378282246310005", "371449635398431", "6011111111111117", "6011000990139424",
    "30569309025904", "38520000023237", "3530111333300000", "3566002020360505",
    "4012888888881881", "4222222222222", "5200828282828210", "6200000000000005",
    "4000056655665556", "2223003122003222", "4917610000000000", "6759649826438453",
}
KNOWN_IBANS = {
    "DE89370400440532013000", "GB82WEST12345698765432", "GB29NWBK60161331926819",
    "FR1420041010050500013M02606", "ES9121000418450200051332", "NL91ABNA0417164300",
    "BE68539007547034", "CH9300762011623852957", "AT611904300234573201",
    "IT60X0542811101000000123456", "PL61109010140000071219812874",
    "SE4550000000058398257466", "DK5000400440116243", "NO9386011117947",
    "FI2112345600000785", "PT50000201231234567890154", "IE29AIBK93115212345678",
}
KNOWN_SSNS = {"078051120", "219099999", "123456789", "111111111", "457555462"}
KNOWN_AWS = {"AKIAIOSFODNN7EXAMPLE"}


def ipv4_forbidden(parts):
    a, b, c, d = parts
    if a in (0, 127, 255) or a >= 224:
        return True
    if (a, b, c) in ((192, 0, 2), (198, 51, 100), (203, 0, 113)):
        return True
    if parts in ([255, 255, 255, 0],):
        return True
    return False


QUAD_RE = re.compile(r"(?<![\d.])(\d{1,3})(?:\.|\[\.\]|\(\.\)|\[dot\])(\d{1,3})(?:\.|\[\.\]|\(\.\)|\[dot\])"
                     r"(\d{1,3})(?:\.|\[\.\]|\(\.\)|\[dot\])(\d{1,3})(?![\d])")


def quads_in(text):
    out = []
    for m in QUAD_RE.finditer(text):
        parts = [int(g) for g in m.groups()]
        out.append((m, parts))
    return out


def forbidden_anywhere(text):
    """Check 3: well-known sample values and forbidden IPv4 anywhere in the text."""
    norm = text.translate(FW_BACK)
    for m, parts in quads_in(norm):
        if all(p <= 255 for p in parts) and ipv4_forbidden(parts):
            return "forbidden ipv4 " + m.group(0)
    if re.search(r"2001:0?db8", norm, re.I):
        return "2001:db8"
    digits_only = re.sub(r"[ \-\u00a0\u2009.]", "", norm)
    for k in sorted(KNOWN_CARDS) + sorted(KNOWN_SSNS):
        if k in digits_only:
            return "known number " + k
    compact = re.sub(r"[\s\-\u00a0]", "", norm).upper()
    for k in sorted(KNOWN_IBANS):
        if k in compact:
            return "known iban " + k
    for k in sorted(KNOWN_AWS):
        if k in norm:
            return "known aws"
    if "EXAMPLE" in norm and "AKIA" in norm:
        return "aws example"
    if "John Doe" in norm or "1234567890" in digits_only and "eyJ" in norm:
        return "jwt.io"
    return None


# ---------------------------------------------------------------------------
# names (pool of invented combinations of real given names and surnames)
# ---------------------------------------------------------------------------
# Each language: list of given names with gender, list of surnames (m, f) and
# a number of combinations to draw.  Combinations are drawn with a fixed RNG.

GIVEN = {
    "en": [("Harriet", "f"), ("Declan", "m"), ("Maeve", "f"), ("Rowan", "m"), ("Imogen", "f"),
           ("Callum", "m"), ("Lydia", "f"), ("Graham", "m"), ("Bethany", "f"), ("Wesley", "m"),
           ("Eleanor", "f"), ("Trevor", "m"), ("Nora", "f"), ("Gareth", "m"), ("Marcy", "f"),
           ("Desmond", "m"), ("Rosalind", "f"), ("Lachlan", "m")],
    "de": [("Anna-Lena", "f"), ("Jürgen", "m"), ("Sabine", "f"), ("Henrik", "m"), ("Katrin", "f"),
           ("Matthias", "m"), ("Ulrike", "f"), ("Torsten", "m"), ("Friederike", "f"), ("Dietmar", "m"),
           ("Svenja", "f"), ("Ralf", "m"), ("Hannelore", "f"), ("Karl-Heinz", "m"), ("Mareike", "f")],
    "fr": [("Élodie", "f"), ("Mathieu", "m"), ("Solène", "f"), ("Thibault", "m"), ("Margaux", "f"),
           ("Benoît", "m"), ("Aurélie", "f"), ("Jean-Baptiste", "m"), ("Marie-Claire", "f"),
           ("Yannick", "m"), ("Clémence", "f"), ("Loïc", "m"), ("Sandrine", "f")],
    "es": [("Lucía", "f"), ("Iñaki", "m"), ("María José", "f"), ("Sergio", "m"), ("Rocío", "f"),
           ("Álvaro", "m"), ("Begoña", "f"), ("Gonzalo", "m"), ("Nerea", "f"), ("Rubén", "m"),
           ("Inmaculada", "f"), ("José Manuel", "m")],
    "nl": [("Sanne", "f"), ("Joris", "m"), ("Femke", "f"), ("Bram", "m"), ("Lieke", "f"),
           ("Maarten", "m"), ("Annelies", "f"), ("Sjoerd", "m"), ("Noor", "f"), ("Thijs", "m")],
    "it": [("Giulia", "f"), ("Matteo", "m"), ("Chiara", "f"), ("Lorenzo", "m"), ("Ilaria", "f"),
           ("Davide", "m"), ("Elisa", "f"), ("Tommaso", "m"), ("Gianluca", "m"), ("Maria Grazia", "f")],
    "pt": [("Inês", "f"), ("Tiago", "m"), ("Beatriz", "f"), ("Duarte", "m"), ("Mariana", "f"),
           ("Gonçalo", "m"), ("Leonor", "f"), ("Vasco", "m"), ("Ana Rita", "f"), ("Rodrigo", "m")],
    "pl": [("Agnieszka", "f"), ("Krzysztof", "m"), ("Małgorzata", "f"), ("Tomasz", "m"),
           ("Katarzyna", "f"), ("Paweł", "m"), ("Magdalena", "f"), ("Grzegorz", "m"), ("Joanna", "f"),
           ("Marcin", "m")],
    "sv": [("Astrid", "f"), ("Oskar", "m"), ("Linnea", "f"), ("Viktor", "m"), ("Ebba", "f"),
           ("Gustav", "m"), ("Saga", "f"), ("Elias", "m"), ("Maja", "f"), ("Jesper", "m")],
    "no": [("Ingrid", "f"), ("Sindre", "m"), ("Solveig", "f"), ("Eirik", "m"), ("Marit", "f"),
           ("Håkon", "m"), ("Silje", "f"), ("Torbjørn", "m"), ("Kari", "f"), ("Vegard", "m")],
    "da": [("Mette", "f"), ("Rasmus", "m"), ("Signe", "f"), ("Frederik", "m"), ("Line", "f"),
           ("Mikkel", "m"), ("Camilla", "f"), ("Anders", "m"), ("Sofie", "f"), ("Bjarke", "m")],
    "tr": [("Ayşe", "f"), ("Mehmet", "m"), ("Zeynep", "f"), ("Emre", "m"), ("Elif", "f"),
           ("Burak", "m"), ("Merve", "f"), ("Oğuz", "m"), ("Derya", "f"), ("Serkan", "m")],
    "cs": [("Jana", "f"), ("Petr", "m"), ("Lucie", "f"), ("Ondřej", "m"), ("Tereza", "f"),
           ("Jakub", "m"), ("Markéta", "f"), ("Vojtěch", "m")],
    "sk": [("Zuzana", "f"), ("Juraj", "m"), ("Lenka", "f"), ("Marek", "m"), ("Katarína", "f"),
           ("Peter", "m")],
    "hu": [("Eszter", "f"), ("Bence", "m"), ("Réka", "f"), ("Gergely", "m"), ("Zsófia", "f"),
           ("Levente", "m"), ("Dóra", "f"), ("Ádám", "m")],
    "ro": [("Andreea", "f"), ("Mihai", "m"), ("Ioana", "f"), ("Bogdan", "m"), ("Raluca", "f"),
           ("Cătălin", "m")],
    "fi": [("Aino", "f"), ("Juhani", "m"), ("Kaisa", "f"), ("Mikko", "m"), ("Helmi", "f"),
           ("Antti", "m")],
    "id": [("Budi", "m"), ("Siti", "f"), ("Agus", "m"), ("Rina", "f"), ("Wahyu", "m"),
           ("Fitri", "f"), ("Yusuf", "m"), ("Intan", "f")],
}
FAMILY = {
    "en": ["Whitfield", "Ashworth", "Pemberton", "Hollis", "Cartwright", "Brennan", "Fairbanks",
           "Lockwood", "Stanhope", "Merriman", "Thornbury", "Kendrick", "Sutcliffe", "Dunmore",
           "Halloran", "Prescott", "Ashby-Grant", "Okonkwo"],
    "de": ["Brandstetter", "Kühnel", "Wiesner", "Hoffmeister", "Lindemann", "Pfeiffer", "Haberland",
           "Ostermann", "Böttcher", "Sauerwein", "Dahlke", "Kirchhoff", "Meyer-Rieckhoff",
           "Schulte-Bräuning", "von der Heydt"],
    "fr": ["Lefebvre", "Garnier", "Chevalier", "Marchand", "Leclerc", "Dupuis", "Giraud", "Perrin",
           "Barbier", "Lemaire", "de la Roche", "Vasseur", "Morel-Fabre", "Le Goff"],
    "es": ["Fernández Ortega", "Navarro", "Domínguez", "Etxeberria", "Castillo", "Molina",
           "Gallego", "de la Fuente", "Ibáñez", "Cabrera", "Herrero Prieto", "Vidal Soler"],
    "nl": ["van der Meulen", "de Vries", "Bakker", "van Dijk", "Smit", "Jansen", "Vermeulen",
           "de Graaf", "Mulder", "van den Broek", "Hoekstra", "Visser"],
    "it": ["Ferraro", "Colombo", "Esposito", "Marchetti", "Galli", "Conti", "De Luca", "Fontana",
           "Santoro", "Lombardi", "Della Valle Rinaldi"],
    "pt": ["Ferreira", "dos Santos", "Carvalho", "Pereira", "Almeida", "Sousa", "Ribeiro",
           "Teixeira", "Moreira", "Lopes", "da Silva Matos"],
    "sv": ["Lindqvist", "Bergström", "Nyberg", "Sjöberg", "Holmgren", "Åkesson", "Lundgren",
           "Eklund", "Forsberg", "Wallin"],
    "no": ["Haugen", "Bakken", "Kristiansen", "Strand", "Lie", "Moen", "Berntsen", "Aas",
           "Nygård", "Solheim"],
    "da": ["Kjærgaard", "Sørensen", "Mortensen", "Lauridsen", "Thomsen", "Damgaard", "Nørgaard",
           "Vestergaard", "Holm", "Bech"],
    "tr": ["Yılmaz", "Demir", "Kaya", "Çelik", "Şahin", "Aydın", "Öztürk", "Arslan", "Doğan",
           "Kılıç", "Erdem", "Karaca"],
    "hu": ["Nagy", "Kovács", "Szabó", "Tóth", "Varga", "Farkas", "Balogh", "Molnár"],
    "ro": ["Popescu", "Ionescu", "Dumitrescu", "Stoica", "Munteanu", "Marinescu"],
    "fi": ["Korhonen", "Virtanen", "Mäkinen", "Nieminen", "Heikkinen", "Laaksonen"],
    "id": ["Santoso", "Rahmawati", "Wibowo", "Kusumawati", "Nugroho", "Pratama", "Hidayat",
           "Saputra"],
}
# gendered surnames: (masculine, feminine)
FAMILY_G = {
    "pl": [("Kowalczyk", "Kowalczyk"), ("Wiśniewski", "Wiśniewska"), ("Zieliński", "Zielińska"),
           ("Wójcik", "Wójcik"), ("Kamiński", "Kamińska"), ("Szymański", "Szymańska"),
           ("Dąbrowski", "Dąbrowska"), ("Kozłowski", "Kozłowska"), ("Jankowski", "Jankowska"),
           ("Krawczyk", "Krawczyk"), ("Nowicki", "Nowicka-Sowa")],
    "cs": [("Novák", "Nováková"), ("Černý", "Černá"), ("Procházka", "Procházková"),
           ("Kučera", "Kučerová"), ("Veselý", "Veselá"), ("Horák", "Horáková"), ("Pokorný", "Pokorná")],
    "sk": [("Horváth", "Horváthová"), ("Kováč", "Kováčová"), ("Baláž", "Balážová"),
           ("Tóth", "Tóthová"), ("Varga", "Vargová")],
}
# native-script and fixed-order names: (lang, display, gender, order, romanised or None)
FIXED_NAMES = [
    # Greek: native and romanised
    ("el", "Γιώργος Παπαδάκης", "m", "native", None), ("el", "Ελένη Οικονόμου", "f", "native", None),
    ("el", "Νίκος Μαυρίδης", "m", "native", None), ("el", "Κατερίνα Σταματοπούλου", "f", "native", None),
    ("el", "Δημήτρης Αντωνίου", "m", "native", None), ("el", "Βασιλική Τσιρίγου", "f", "native", None),
    ("el", "Stavros Kalogeropoulos", "m", "gf", None), ("el", "Despina Marinaki", "f", "gf", None),
    # Ukrainian
    ("uk", "Олена Коваленко", "f", "native", None), ("uk", "Андрій Бондаренко", "m", "native", None),
    ("uk", "Ірина Ткаченко", "f", "native", None), ("uk", "Тарас Мельничук", "m", "native", None),
    ("uk", "Оксана Кравчук", "f", "native", None), ("uk", "Dmytro Savchuk", "m", "gf", None),
    # Japanese: native (family given) and romanised in register order
    ("ja", "佐藤 陽翔", "m", "native", None), ("ja", "高橋 結衣", "f", "native", None),
    ("ja", "渡辺蒼太", "m", "native", None), ("ja", "伊藤 美咲", "f", "native", None),
    ("ja", "山本 健太", "m", "native", None), ("ja", "中村彩花", "f", "native", None),
    ("ja", "TAKAHASHI Yui", "f", "fg", None), ("ja", "Watanabe Sota", "m", "fg", None),
    ("ja", "Kobayashi Daiki", "m", "fg", None), ("ja", "Mayu Katsuragi", "f", "gf", None),
    # Chinese
    ("zh", "王静怡", "f", "native", None), ("zh", "李浩然", "m", "native", None),
    ("zh", "张梓涵", "f", "native", None), ("zh", "刘家豪", "m", "native", None),
    ("zh", "陈思远", "m", "native", None), ("zh", "杨欣怡", "f", "native", None),
    # Korean: native and romanised family-given
    ("ko", "김민준", "m", "native", None), ("ko", "이서연", "f", "native", None),
    ("ko", "박지훈", "m", "native", None), ("ko", "최수아", "f", "native", None),
    ("ko", "정예린", "f", "native", None), ("ko", "Kang Do-yun", "m", "fg", None),
    ("ko", "Lee Seo-yeon", "f", "fg", None), ("ko", "Park Ji-hoon", "m", "fg", None),
    # Arabic
    ("ar", "أحمد الحسيني", "m", "native", None), ("ar", "فاطمة الزهراني", "f", "native", None),
    ("ar", "يوسف العمري", "m", "native", None), ("ar", "ليلى حداد", "f", "native", None),
    ("ar", "خالد المصري", "m", "native", None), ("ar", "Karim Haddad", "m", "gf", None),
    ("ar", "Rania Mansour", "f", "gf", None),
    # Hebrew
    ("he", "יעל כהן", "f", "native", None), ("he", "אורי לוי", "m", "native", None),
    ("he", "נועה מזרחי", "f", "native", None), ("he", "איתי פרץ", "m", "native", None),
    ("he", "מיכל אברהם", "f", "native", None), ("he", "Noa Mizrahi", "f", "gf", None),
    # Hindi
    ("hi", "अनिल शर्मा", "m", "native", None), ("hi", "प्रिया वर्मा", "f", "native", None),
    ("hi", "राहुल मेहता", "m", "native", None), ("hi", "सुनीता अग्रवाल", "f", "native", None),
    ("hi", "Rohan Malhotra", "m", "gf", None), ("hi", "Kavita Iyer", "f", "gf", None),
    ("hi", "Sneha Kulkarni", "f", "gf", None),
    # Vietnamese: family first
    ("vi", "Nguyễn Thị Lan", "f", "fg", None), ("vi", "Trần Văn Minh", "m", "fg", None),
    ("vi", "Lê Thu Hà", "f", "fg", None), ("vi", "Phạm Quốc Bảo", "m", "fg", None),
    ("vi", "Hoàng Minh Tuấn", "m", "fg", None), ("vi", "Võ Thị Hồng", "f", "fg", None),
    ("vi", "Đặng Hữu Phúc", "m", "fg", None), ("vi", "Bùi Ngọc Anh", "f", "fg", None),
]
# combos per language drawn from GIVEN x FAMILY
N_COMBOS = {"en": 16, "de": 14, "fr": 12, "es": 12, "nl": 10, "it": 10, "pt": 10, "pl": 10,
            "sv": 9, "no": 9, "da": 9, "tr": 12, "cs": 6, "sk": 5, "hu": 7, "ro": 6, "fi": 6, "id": 6}
# combinations that would be well-known people: never use
FAMOUS = {"Thomas Müller", "Jürgen Klopp", "Paweł Kowalczyk", "Agnieszka Radwańska", "Lucía Navarro",
          "Mehmet Öztürk", "Emre Belözoğlu", "Burak Yılmaz", "Budi Santoso", "Anders Holm",
          "Jan Novák", "Petr Novák", "Karl-Heinz Böttcher", "Rubén Castillo", "Sergio Ramos",
          "Mikkel Damgaard", "Wesley Sutcliffe", "Marit Bakken", "Eirik Moen"}

PARTICLES = ("van ", "de ", "von ", "dos ", "da ", "del ", "della ", "le ", "de la ")


def build_name_pool():
    rng = random.Random(SEED + 1)
    pool = []
    seen = set()
    for lang in sorted(N_COMBOS):
        want = N_COMBOS[lang]
        givens = GIVEN[lang]
        got = 0
        tries = 0
        while got < want and tries < 5000:
            tries += 1
            g, sex = rng.choice(givens)
            if lang in FAMILY_G:
                m, f = rng.choice(FAMILY_G[lang])
                fam = f if sex == "f" else m
            else:
                fam = rng.choice(FAMILY[lang])
            full = g + " " + fam
            if full in seen or full in FAMOUS:
                continue
            seen.add(full)
            order = "fg" if lang == "hu" else "gf"
            pool.append({"lang": lang, "given": g, "family": fam, "sex": sex, "order": order})
            got += 1
    for lang, disp, sex, order, _ in FIXED_NAMES:
        if order == "native":
            pool.append({"lang": lang, "display": disp, "sex": sex, "order": "native"})
        else:
            parts = disp.split(" ")
            if order == "fg":
                pool.append({"lang": lang, "given": " ".join(parts[1:]), "family": parts[0],
                             "sex": sex, "order": "fg", "display": disp})
            else:
                pool.append({"lang": lang, "given": parts[0], "family": " ".join(parts[1:]),
                             "sex": sex, "order": "gf", "display": disp})
    return pool


NAME_POOL = build_name_pool()


def name_variants(entry):
    """All strings under which a pool name could appear (for the leak scan)."""
    if entry["order"] == "native":
        d = entry["display"]
        return [d, d.replace(" ", "")] if " " in d and entry["lang"] in ("ja",) else [d]
    g, f = entry["given"], entry["family"]
    out = [g + " " + f, f + " " + g, f + ", " + g, g + " " + f.upper(), f.upper() + " " + g]
    return out


def render_name(rng, entry, style):
    """Return (value, form)."""
    if entry["order"] == "native":
        return entry["display"], "native_script"
    g, f = entry["given"], entry["family"]
    if entry["order"] == "fg":
        if style == "caps_family" and entry["lang"] in ("ja", "ko"):
            return f.upper() + " " + g, "family_given"
        return f + " " + g, "family_given"
    if style == "middle_initial":
        return g + " " + rng.choice("ABCDEFGHJKLMNPRSTW") + ". " + f, "middle_initial"
    if style == "caps_family":
        return g + " " + f.upper(), "caps_family"
    if style == "family_comma":
        return f + ", " + g, "family_comma_given"
    low = f.lower()
    if any(low.startswith(p) for p in PARTICLES):
        return g + " " + f, "particle"
    if "-" in f or " " in f:
        return g + " " + f, "compound_surname"
    if "-" in g or " " in g:
        return g + " " + f, "double_given"
    return g + " " + f, "given_family"


NAME_LEAK = sorted({v for e in NAME_POOL for v in name_variants(e)}, key=lambda s: (-len(s), s))


# ---------------------------------------------------------------------------
# streets (invented, none named after a person)
# style: how street + house number is written
# ---------------------------------------------------------------------------
STREETS = {
    "en_us": ("num_before", ["Maple Hollow Road", "Birchwood Avenue", "Quarry Lane", "Cedar Ridge Drive",
                             "Old Mill Road", "Harbor View Terrace", "Willow Creek Court", "Foxglove Street",
                             "Ironwood Boulevard", "Sandpiper Loop"]),
    "en_uk": ("num_before", ["Larkspur Close", "Kingfisher Way", "Orchard Rise", "Ferry Lane", "Bramble Walk",
                             "Tanners Row", "Heathfield Crescent"]),
    "de": ("num_after", ["Lindenhofstraße", "Am Mühlbach", "Kastanienallee", "Birkenweg", "Ahornring",
                         "Brunnengasse", "Hopfengarten", "Im Wiesengrund", "Schleusenufer", "Feldlerchenweg",
                         "Zum Steinbruch"]),
    "fr": ("num_before", ["rue des Tilleuls", "avenue du Moulin", "rue de la Verrerie", "boulevard des Cerisiers",
                          "impasse des Glycines", "chemin des Vignes", "allée des Peupliers", "quai des Tanneurs"]),
    "es": ("comma_after", ["Calle del Olivar", "Avenida de los Pinos", "Calle de la Alfarería", "Paseo de las Acacias",
                           "Ronda del Molino", "Calle de los Tintoreros", "Travesía del Pozo"]),
    "it": ("comma_after", ["Via dei Ciliegi", "Viale delle Magnolie", "Via del Mulino", "Corso della Fontana",
                           "Vicolo dei Tessitori", "Via dei Gelsi", "Strada delle Vigne"]),
    "pt": ("comma_after", ["Rua das Laranjeiras", "Avenida dos Pescadores", "Travessa do Moinho",
                           "Rua do Sol Nascente", "Largo das Oliveiras", "Rua da Ribeira Alta"]),
    "nl": ("num_after", ["Kastanjelaan", "Molenstraat", "Kerkpad", "Zuiderhaven", "Bloemhof", "Vlasakker",
                         "Lindenweg", "Sluiskade"]),
    "pl": ("num_after", ["ul. Kwiatowa", "ul. Leśna", "ul. Ogrodowa", "ul. Polna", "al. Jaśminowa", "ul. Młyńska",
                         "ul. Rybacka"]),
    "sv": ("num_after", ["Björkvägen", "Storgatan", "Lingonstigen", "Sjövägen", "Kvarnbacken", "Ekallén",
                         "Tallstigen"]),
    "no": ("num_after", ["Granveien", "Kirkegata", "Bryggeveien", "Fjellstien", "Lyngveien", "Elvegata"]),
    "da": ("num_after", ["Egevej", "Skovbrynet", "Møllebakken", "Strandvejen", "Kirkestræde", "Rosenhaven"]),
    "cs": ("slash", ["Lipová", "Zahradní", "Nádražní", "Květinová", "Polní"]),
    "sk": ("slash", ["Hlavná", "Záhradná", "Lesná"]),
    "hu": ("num_after", ["Virág utca", "Malom u.", "Hársfa utca", "Fenyő u.", "Szőlőhegy utca"]),
    "ro": ("nr", ["Strada Florilor", "Str. Teilor", "Bulevardul Castanilor", "Strada Morii"]),
    "tr": ("sokak", ["Çiçek Sokak", "Lale Sk.", "Bağlar Caddesi", "Çınar Sokak", "Defne Sk."]),
    "el": ("num_after", ["Οδός Ακακιών", "Λεωφόρος Πλατάνων", "Οδός Μυρτιάς"]),
    "hr": ("num_after", ["Cvjetna ulica", "Ulica lipa", "Vinogradska ulica"]),
    "id": ("jalan", ["Jalan Melati", "Jl. Kenanga", "Jalan Flamboyan", "Jalan Cempaka Putih"]),
    "ms": ("ms", ["Jalan Seroja", "Jalan Bunga Raya", "Lorong Mawar"]),
    "vi": ("vi", ["Đường Hoa Sữa", "Phố Cây Bàng", "Đường Hoa Phượng"]),
    "uk": ("comma_after", ["вул. Липова", "вул. Садова", "вул. Квіткова", "просп. Каштановий"]),
    "he": ("num_after", ["רחוב הזית", "רחוב הדקל", "שדרות האלונים"]),
    "ar": ("num_after", ["شارع الزيتون", "شارع الياسمين", "شارع النخيل"]),
    "ko": ("num_after", ["벚꽃로", "은행나무길", "매화로"]),
    "sw": ("num_after", ["Mtaa wa Mwembe", "Barabara ya Mnazi", "Mtaa wa Bustani"]),
    "tl": ("num_before", ["Kalye Sampaguita", "Daang Narra", "Kalye Ilang-Ilang"]),
}
STREET_NAMES = sorted({n for k in STREETS for n in STREETS[k][1]}, key=lambda s: (-len(s), s))
STREET_LEAK_RES = [re.compile(r"(?:" + re.escape(n) + r")\s*,?\s*(?:No\.?|No:|nr\.?|Nr\.?|Na\.)?\s*\d"
                              + r"|\d\w*\s*,?\s*(?:" + re.escape(n) + r")") for n in STREET_NAMES]


def house_number(rng, key):
    r = rng.random()
    n = rng.randint(1, 180)
    if key == "en_us":
        return str(rng.randint(12, 9870))
    if key == "fr" and r < 0.2:
        return "%d %s" % (n, rng.choice(["bis", "ter"]))
    if key in ("de", "nl", "pl", "en_uk", "da", "no", "sv", "hr") and r < 0.2:
        return "%d%s" % (n, rng.choice("abc" if key != "sv" else "AB"))
    if key in ("de", "nl", "en_uk") and r < 0.32:
        return "%d-%d" % (n, n + rng.choice([2, 4]))
    if key == "pl" and r < 0.4:
        return "%d/%d" % (n, rng.randint(1, 60))
    if key == "ko" and r < 0.4:
        return "%d-%d" % (rng.randint(10, 400), rng.randint(1, 30))
    return str(n)


def gen_street(rng, key=None):
    if key is None:
        key = rng.choice(sorted(STREETS))
    style, names = STREETS[key]
    name = rng.choice(names)
    hn = house_number(rng, key)
    if style == "num_before":
        v = hn + " " + name
    elif style == "num_after":
        v = name + " " + hn
    elif style == "comma_after":
        v = name + ", " + hn
    elif style == "slash":
        v = name + " %d/%d" % (rng.randint(100, 2999), rng.randint(1, 40)) if rng.random() < 0.75 else name + " " + hn
    elif style == "nr":
        v = name + " nr. " + hn
    elif style == "sokak":
        v = name + rng.choice([" No: ", " No:", " No. "]) + hn
    elif style == "jalan":
        v = name + " No. " + hn
    elif style == "ms":
        v = "No. " + hn + ", " + name
    elif style == "vi":
        v = rng.choice(["Số ", ""]) + hn + " " + name
    else:
        raise ValueError(style)
    if "bis" in hn or "ter" in hn:
        form = key + "/bis"
    elif "/" in v and style in ("slash",):
        form = key + "/slash"
    elif re.search(r"\d-\d", hn):
        form = key + "/range"
    elif re.search(r"\d[a-zA-Z]$", hn):
        form = key + "/letter"
    else:
        form = key + "/" + style
    return v, form, key


# ---------------------------------------------------------------------------
# emails
# ---------------------------------------------------------------------------
DOMAINS = ["fjordpost.no", "kestrelworks.io", "mailbox-nord.de", "lumen-atelier.fr", "brisa-mar.es",
           "vigna-alta.it", "ribeira.pt", "polderpost.nl", "zielonagora-net.pl", "granskog.se",
           "bakkehus.dk", "anadolu-ticaret.com.tr", "tilia-mail.cz", "dunakanyar.hu", "pinewake.co.uk",
           "harborline.us", "quillstone.com", "aurora-kontor.at", "bergsee.ch", "mistral-conseil.be",
           "kolibri-shop.com", "northgate-labs.org", "tidewater.net", "saffron-hub.in", "sakura-web.jp",
           "hanok-mail.kr", "cedarcloud.ca", "outback-post.com.au", "kiwi-ferry.co.nz", "lotus-mail.vn",
           "ombak.co.id", "ravintola-posti.fi", "carpati-net.ro", "ostria.gr", "meadowmail.ie",
           "oakfield-clinic.org", "helix-biotech.eu", "parcelwise.com", "nimbus-ops.dev", "ledgerly.app"]
LOCAL_WORDS = ["billing", "support", "ops", "kontakt", "info", "facturation", "admin", "hr", "team.rocket",
               "noreply", "accounts", "helpdesk", "sales", "verwaltung", "reservas", "ufficio", "compras",
               "planning", "kundeservice", "it-security"]
EMAIL_FORMS = ["plain", "upper", "plus_tag", "bracket_at", "paren_at", "word_at_dot", "spaced_at",
               "defanged_dot", "fullwidth_at", "zwsp_at", "plain_name", "subdomain"]


def ascii_fold(s):
    s = s.lower().replace("ß", "ss").replace("ł", "l").replace("ø", "o").replace("æ", "ae")
    s = s.replace("ı", "i").replace("đ", "d").replace("œ", "oe")
    s = unicodedata.normalize("NFKD", s)
    return "".join(ch for ch in s if not unicodedata.combining(ch))


def email_local(rng):
    r = rng.random()
    if r < 0.35:
        e = rng.choice([x for x in NAME_POOL if x["order"] != "native" and x["lang"] not in ("vi",)])
        g = ascii_fold(e["given"].split(" ")[0].split("-")[0])
        f = ascii_fold(e["family"].split(" ")[-1].split("-")[0])
        if not re.fullmatch(r"[a-z]+", g + f):
            return rng.choice(LOCAL_WORDS)
        return rng.choice([g + "." + f, g[0] + f, g + "_" + f[:3], f + "." + g[0], g + str(rng.randint(7, 99))])
    if r < 0.7:
        return rng.choice(LOCAL_WORDS)
    return rstr(rng, string.ascii_lowercase, rng.randint(2, 4)) + str(rng.randint(10, 9999))


def gen_email(rng, form=None):
    form = form or rng.choice(EMAIL_FORMS)
    local = email_local(rng)
    dom = rng.choice(DOMAINS)
    if form == "subdomain":
        dom = rng.choice(["mail.", "eu.", "corp.", "in."]) + dom
    host, tld = dom.split(".", 1)
    if form in ("plain", "plain_name", "subdomain"):
        v = local + "@" + dom
    elif form == "upper":
        v = (local + "@" + dom).upper()
    elif form == "plus_tag":
        v = local + "+" + rng.choice(["news", "invoices", "2025", "shop", "test7"]) + "@" + dom
    elif form == "bracket_at":
        v = local + rng.choice([" [at] ", "[at]", " [AT] "]) + dom
    elif form == "paren_at":
        v = local + rng.choice(["(at)", " (at) "]) + dom
    elif form == "word_at_dot":
        v = local + " at " + host + " dot " + tld.replace(".", " dot ")
    elif form == "spaced_at":
        v = local + " @ " + dom
    elif form == "defanged_dot":
        v = local + "@" + host + "[.]" + tld.replace(".", "[.]")
    elif form == "fullwidth_at":
        v = local + "＠" + dom
    elif form == "zwsp_at":
        v = local + rng.choice([ZWSP + "@" + ZWSP, ZWSP + "@", "@" + ZWSP]) + dom
    else:
        raise ValueError(form)
    return v, form


def email_ok(v):
    n = v.translate(FW_BACK).replace(ZWSP, "")
    n = re.sub(r"\s*(\[at\]|\(at\)| at )\s*", "@", n, flags=re.I)
    n = n.replace(" dot ", ".").replace("[.]", ".").replace(" @ ", "@")
    return re.fullmatch(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}", n) is not None


# ---------------------------------------------------------------------------
# phones: national layouts as numbering plans write them. X = digit, N = 1-9
# (country, kind, international pattern, national pattern or None)
# ---------------------------------------------------------------------------
PHONE_PLANS = [
    ("DE", "land", "+49 30 NXXXXXXX", "030 NXXXXXXX"), ("DE", "mobile", "+49 151 NXXXXXXX", "0151 NXXXXXXX"),
    ("DE", "land2", "+49 (0)89 NXXX XXXX", "(089) NXXX-XXXX"),
    ("AT", "land", "+43 1 NXXXXXX", "01 NXXXXXX"), ("AT", "mobile", "+43 664 NXXXXXX", "0664 NXXXXXX"),
    ("CH", "land", "+41 44 NXX XX XX", "044 NXX XX XX"), ("CH", "mobile", "+41 79 NXX XX XX", "079 NXX XX XX"),
    ("FR", "land", "+33 1 NX XX XX XX", "01 NX XX XX XX"), ("FR", "mobile", "+33 6 NX XX XX XX", "06 NX XX XX XX"),
    ("GB", "land", "+44 20 3XXX XXXX", "020 3XXX XXXX"), ("GB", "mobile", "+44 7NXX XXXXXX", "07NXX XXXXXX"),
    ("GB", "land2", "+44 161 NXX XXXX", "0161 NXX XXXX"),
    ("US", "land", "+1 415-NXX-XXXX", "(415) NXX-XXXX"), ("US", "mobile", "+1 646 NXX XXXX", "646-NXX-XXXX"),
    ("US", "land2", "+1 (312) NXX-XXXX", "312.NXX.XXXX"),
    ("CA", "land", "+1 604 NXX XXXX", "(604) NXX-XXXX"),
    ("ES", "land", "+34 91 NXX XX XX", "91 NXX XX XX"), ("ES", "mobile", "+34 6XX XX XX XX", "6XX XX XX XX"),
    ("IT", "land", "+39 06 NXXX XXXX", "06 NXXX XXXX"), ("IT", "mobile", "+39 34X NXX XXXX", "34X NXX XXXX"),
    ("PT", "land", "+351 21 NXX XXXX", "21 NXX XXXX"), ("PT", "mobile", "+351 91X XXX XXX", "91X XXX XXX"),
    ("NL", "land", "+31 20 NXX XXXX", "020 NXX XXXX"), ("NL", "mobile", "+31 6 NXXXXXXX", "06-NXXXXXXX"),
    ("BE", "land", "+32 2 NXX XX XX", "02 NXX XX XX"), ("BE", "mobile", "+32 47X XX XX XX", "047X XX XX XX"),
    ("PL", "land", "+48 22 NXX XX XX", "22 NXX XX XX"), ("PL", "mobile", "+48 5XX XXX XXX", "5XX XXX XXX"),
    ("SE", "land", "+46 8 NXX XXX XX", "08-NXX XXX XX"), ("SE", "mobile", "+46 70 NXX XX XX", "070-NXX XX XX"),
    ("NO", "land", "+47 22 XX XX XX", "22 XX XX XX"), ("NO", "mobile", "+47 4XX XX XXX", "4XX XX XXX"),
    ("DK", "land", "+45 3X XX XX XX", "3X XX XX XX"),
    ("FI", "land", "+358 9 NXXX XXXX", "09 NXXX XXXX"), ("FI", "mobile", "+358 40 NXX XXXX", "040 NXX XXXX"),
    ("CZ", "land", "+420 2NX XXX XXX", "2NX XXX XXX"), ("CZ", "mobile", "+420 60X XXX XXX", None),
    ("SK", "land", "+421 2 NXXX XXXX", "02/NXXX XXXX"), ("SK", "mobile", "+421 90X XXX XXX", "090X XXX XXX"),
    ("HU", "land", "+36 1 NXX XXXX", "06 1 NXX XXXX"), ("HU", "mobile", "+36 30 NXX XXXX", "06 30 NXX XXXX"),
    ("RO", "land", "+40 21 NXX XXXX", "021 NXX XXXX"), ("RO", "mobile", "+40 72X XXX XXX", "072X XXX XXX"),
    ("GR", "land", "+30 210 NXX XXXX", "210 NXX XXXX"), ("GR", "mobile", "+30 69X XXX XXXX", "69X XXX XXXX"),
    ("TR", "land", "+90 212 NXX XX XX", "0212 NXX XX XX"), ("TR", "mobile", "+90 53X NXX XX XX", "053X NXX XX XX"),
    ("IE", "land", "+353 1 NXX XXXX", "(01) NXX XXXX"), ("IE", "mobile", "+353 87 NXX XXXX", "087 NXX XXXX"),
    ("JP", "land", "+81 3-NXXX-XXXX", "03-NXXX-XXXX"), ("JP", "mobile", "+81 90-NXXX-XXXX", "090-NXXX-XXXX"),
    ("KR", "land", "+82 2-NXXX-XXXX", "02-NXXX-XXXX"), ("KR", "mobile", "+82 10-NXXX-XXXX", "010-NXXX-XXXX"),
    ("CN", "land", "+86 10 NXXX XXXX", "010-NXXX XXXX"), ("CN", "mobile", "+86 13X XXXX XXXX", "13X XXXX XXXX"),
    ("IN", "mobile", "+91 9XXXX XXXXX", "09XXXX XXXXX"), ("IN", "land", "+91 22 NXXX XXXX", "022-NXXX XXXX"),
    ("BR", "mobile", "+55 11 9NXXX-XXXX", "(11) 9NXXX-XXXX"), ("BR", "land", "+55 (21) NXXX-XXXX", "(21) NXXX-XXXX"),
    ("MX", "land", "+52 55 NXXX XXXX", "55 NXXX XXXX"),
    ("AR", "mobile", "+54 9 11 NXXX-XXXX", "011 15-NXXX-XXXX"),
    ("AU", "land", "+61 2 NXXX XXXX", "(02) NXXX XXXX"), ("AU", "mobile", "+61 4XX XXX XXX", "04XX XXX XXX"),
    ("NZ", "land", "+64 9 NXX XXXX", "(09) NXX XXXX"),
    ("ZA", "land", "+27 21 NXX XXXX", "021 NXX XXXX"),
    ("IL", "land", "+972 3-NXX-XXXX", "03-NXX-XXXX"), ("IL", "mobile", "+972 52-NXX-XXXX", "052-NXX-XXXX"),
    ("AE", "mobile", "+971 50 NXX XXXX", "050 NXX XXXX"),
    ("SA", "land", "+966 11 NXX XXXX", "011 NXX XXXX"),
    ("ID", "mobile", "+62 812-XXXX-XXXX", "0812-XXXX-XXXX"), ("ID", "land", "+62 21 NXXX XXXX", "(021) NXXX XXXX"),
    ("VN", "land", "+84 24 NXXX XXXX", "024 NXXX XXXX"), ("VN", "mobile", "+84 91 XXX XX XX", "091 XXX XX XX"),
    ("UA", "land", "+380 44 NXX XXXX", "044 NXX XXXX"), ("UA", "mobile", "+380 67 NXX XX XX", "067 NXX XX XX"),
    ("SG", "land", "+65 6XXX XXXX", None), ("HK", "land", "+852 2XXX XXXX", None),
    ("MY", "land", "+60 3-NXXX XXXX", "03-NXXX XXXX"), ("PH", "land", "+63 2 8XXX XXXX", "(02) 8XXX XXXX"),
    ("EG", "land", "+20 2 NXXX XXXX", "02 NXXX XXXX"), ("HR", "land", "+385 1 NXXX XXX", "01 NXXX XXX"),
    ("SI", "land", "+386 1 NXX XX XX", "01 NXX XX XX"), ("RS", "mobile", "+381 6X NXX XXXX", "06X NXX XXXX"),
]
PHONE_FORMS = ["intl_plus", "intl_00", "national", "nbsp", "thin_space", "fullwidth", "tel_link", "compact_plus"]
PLAN_BY_CC = {}
for _p in PHONE_PLANS:
    PLAN_BY_CC.setdefault(_p[0], []).append(_p)


def fill_pattern(rng, pat):
    out = []
    for ch in pat:
        if ch == "X":
            out.append(rng.choice("0123456789"))
        elif ch == "N":
            out.append(rng.choice("23456789"))
        else:
            out.append(ch)
    return "".join(out)


def gen_phone(rng, form=None, cc=None):
    form = form or rng.choice(PHONE_FORMS)
    plans = PLAN_BY_CC[cc] if cc else PHONE_PLANS
    if form == "national" and all(pl[3] is None for pl in plans):
        form = "intl_plus"
    if form == "intl_00" and all(pl[0] in ("US", "CA") for pl in plans):
        form = "intl_plus"
    while True:
        plan = rng.choice(plans)
        if form == "national" and plan[3] is None:
            continue
        if form == "intl_00" and plan[0] in ("US", "CA"):
            continue
        break
    intl = fill_pattern(rng, plan[2])
    if form == "national":
        # keep the same subscriber digits
        sub = re.sub(r"\D", "", intl)
        nat_pat = plan[3]
        v = fill_pattern(rng, nat_pat)
        _ = sub
    elif form == "intl_00":
        v = "00" + intl[1:]
    elif form == "nbsp":
        v = intl.replace(" ", NBSP)
    elif form == "thin_space":
        v = intl.replace(" ", THIN)
    elif form == "fullwidth":
        v = intl.translate(FW_DIGITS)
    elif form in ("tel_link", "compact_plus"):
        v = "+" + re.sub(r"\D", "", intl.replace("(0)", ""))
    else:
        v = intl
    return v, form, plan[0]


def phone_ok(v):
    n = v.translate(FW_BACK)
    if not re.fullmatch(r"[+0-9 ()\-./\u00a0\u2009]+", n):
        return False
    d = re.sub(r"\D", "", n)
    if not 7 <= len(d) <= 15 + 2:
        return False
    if not (n.startswith("+") or n.startswith("00") or re.search(r"\d[ \-./()\u00a0\u2009]+\d", n)):
        return False
    if len(d) >= 13 and luhn_ok(d):
        return False
    return True


# ---------------------------------------------------------------------------
# payment cards
# ---------------------------------------------------------------------------
def _iin(rng, brand):
    if brand == "visa":
        return "4"
    if brand == "mastercard":
        return str(rng.randint(51, 55)) if rng.random() < 0.6 else str(rng.randint(2221, 2720))
    if brand == "amex":
        return rng.choice(["34", "37"])
    if brand == "diners":
        return rng.choice(["36", "38", "30" + str(rng.randint(0, 5))])
    if brand == "discover":
        return rng.choice(["6011", "65", str(rng.randint(644, 649))])
    if brand == "jcb":
        return str(rng.randint(3528, 3589))
    if brand == "unionpay":
        return "62" + str(rng.randint(10, 99)) if rng.random() < 0.5 else "62" + str(rng.randint(2126, 2925))[1:]
    if brand == "maestro":
        return rng.choice(["5018", "5020", "5038", "6304", "6759", "6761", "6763"])
    raise ValueError(brand)


CARD_BRANDS = [("visa", 16), ("visa", 13), ("visa", 19), ("mastercard", 16), ("amex", 15), ("diners", 14),
               ("discover", 16), ("jcb", 16), ("unionpay", 16), ("unionpay", 19), ("maestro", 16),
               ("maestro", 19), ("mastercard", 16), ("visa", 16)]
CARD_SEPS = ["space", "dash", "nbsp", "thin", "fullwidth", "compact"]


def card_groups(brand, length):
    if brand == "amex":
        return [4, 6, 5]
    if brand == "diners":
        return [4, 6, 4]
    if length == 13:
        return [4, 3, 3, 3]
    if length == 19:
        return [4, 4, 4, 4, 3]
    return [4, 4, 4, 4]


def card_digits(rng, brand, length):
    while True:
        pre = _iin(rng, brand)
        body = pre + rstr(rng, string.digits, length - len(pre) - 1)
        num = luhn_complete(body)
        if num in KNOWN_CARDS or re.search(r"(\d)\1{4}", num):
            continue
        return num


def group_digits(num, groups, sep):
    out, i = [], 0
    for g in groups:
        out.append(num[i:i + g])
        i += g
    return sep.join(out)


def gen_card(rng, brand_len=None, sep=None):
    brand, length = brand_len or rng.choice(CARD_BRANDS)
    sep = sep or rng.choice(CARD_SEPS)
    num = card_digits(rng, brand, length)
    if sep == "compact":
        if length != 16:
            brand, length = rng.choice([("visa", 16), ("mastercard", 16), ("discover", 16), ("jcb", 16)])
            num = card_digits(rng, brand, length)
        v = num
    else:
        groups = card_groups(brand, length)
        ch = {"space": " ", "dash": "-", "nbsp": NBSP, "thin": THIN, "fullwidth": " "}[sep]
        v = group_digits(num, groups, ch)
        if sep == "fullwidth":
            v = v.translate(FW_DIGITS)
    return v, "%s%d/%s" % (brand, length, sep)


def brand_ok(d):
    L = len(d)
    if d[0] == "4":
        return L in (13, 16, 19)
    if 51 <= int(d[:2]) <= 55 or 2221 <= int(d[:4]) <= 2720:
        return L == 16 or (d[:4] in ("5018", "5020", "5038") and L in (16, 19))
    if d[:2] in ("34", "37"):
        return L == 15
    if d[:2] in ("36", "38") or 300 <= int(d[:3]) <= 305:
        return L == 14
    if d[:4] == "6011" or d[:2] == "65" or 644 <= int(d[:3]) <= 649:
        return L == 16
    if 3528 <= int(d[:4]) <= 3589:
        return L == 16
    if d[:2] == "62":
        return L in (16, 19)
    if d[:4] in ("5018", "5020", "5038", "6304", "6759", "6761", "6763"):
        return 12 <= L <= 19
    return False


def card_ok(v):
    n = v.translate(FW_BACK)
    if not re.fullmatch(r"[0-9 \-\u00a0\u2009]+", n):
        return False
    d = re.sub(r"\D", "", n)
    return luhn_ok(d) and brand_ok(d) and d not in KNOWN_CARDS


# ---------------------------------------------------------------------------
# SSN
# ---------------------------------------------------------------------------
SSN_FORMS = ["dashed", "dashed", "spaced", "dotted", "bare"]


def gen_ssn(rng, form=None):
    form = form or rng.choice(SSN_FORMS)
    while True:
        a = rng.randint(1, 899)
        if a == 666:
            continue
        g = rng.randint(1, 99)
        s = rng.randint(1, 9999)
        raw = "%03d%02d%04d" % (a, g, s)
        if raw in KNOWN_SSNS or len(set(raw)) < 4:
            continue
        break
    sep = {"dashed": "-", "spaced": " ", "dotted": ".", "bare": ""}[form]
    return "%03d%s%02d%s%04d" % (a, sep, g, sep, s), form


def ssn_valid_digits(d):
    a, g, s = int(d[:3]), int(d[3:5]), int(d[5:])
    return 1 <= a <= 899 and a != 666 and 1 <= g <= 99 and 1 <= s <= 9999


def ssn_ok(v):
    m = re.fullmatch(r"(\d{3})([- .]?)(\d{2})\2(\d{4})", v)
    return bool(m) and ssn_valid_digits(m.group(1) + m.group(3) + m.group(4)) and \
        (m.group(1) + m.group(3) + m.group(4)) not in KNOWN_SSNS


# ---------------------------------------------------------------------------
# IBAN: country -> (length, BBAN spec) ; spec tokens: n digits, a upper letters, c alnum
# ---------------------------------------------------------------------------
IBAN_SPECS = {
    "AD": (24, "4n4n12c"), "AE": (23, "3n16n"), "AL": (28, "8n16c"), "AT": (20, "16n"), "AZ": (28, "4a20c"),
    "BA": (20, "16n"), "BE": (16, "12n"), "BG": (22, "4a6n8c"), "BH": (22, "4a14c"), "BR": (29, "23n1a1c"),
    "CH": (21, "5n12c"), "CR": (22, "18n"), "CY": (28, "8n16c"), "CZ": (24, "20n"), "DE": (22, "18n"),
    "DK": (18, "14n"), "DO": (28, "4a20n"), "EE": (20, "16n"), "EG": (29, "25n"), "ES": (24, "20n"),
    "FI": (18, "14n"), "FO": (18, "14n"), "FR": (27, "10n11c2n"), "GB": (22, "4a14n"), "GE": (22, "2a16n"),
    "GI": (23, "4a15c"), "GL": (18, "14n"), "GR": (27, "7n16c"), "GT": (28, "4c20c"), "HR": (21, "17n"),
    "HU": (28, "24n"), "IE": (22, "4a14n"), "IL": (23, "19n"), "IS": (26, "22n"), "IT": (27, "1a10n12c"),
    "JO": (30, "4a4n18c"), "KW": (30, "4a22c"), "KZ": (20, "3n13c"), "LB": (28, "4n20c"), "LI": (21, "5n12c"),
    "LT": (20, "16n"), "LU": (20, "3n13c"), "LV": (21, "4a13c"), "MC": (27, "10n11c2n"), "MD": (24, "2c18c"),
    "ME": (22, "18n"), "MK": (19, "3n10c2n"), "MR": (27, "23n"), "MT": (31, "4a5n18c"), "MU": (30, "4a19n3a"),
    "NL": (18, "4a10n"), "NO": (15, "11n"), "PK": (24, "4a16c"), "PL": (28, "24n"), "PS": (29, "4a21c"),
    "PT": (25, "21n"), "QA": (29, "4a21c"), "RO": (24, "4a16c"), "RS": (22, "18n"), "SA": (24, "2n18c"),
    "SE": (24, "20n"), "SI": (19, "15n"), "SK": (24, "20n"), "SM": (27, "1a10n12c"), "TN": (24, "20n"),
    "TR": (26, "5n1n16c"), "UA": (29, "6n19c"), "XK": (20, "4n10n2n"), "LC": (32, "4a24c"),
}
IBAN_FORMS = ["compact", "space4", "space4", "nbsp4", "dash4", "lower_compact", "lower_space4"]


def spec_len(spec):
    return sum(int(n) for n, _ in re.findall(r"(\d+)([nac])", spec))


for _cc in IBAN_SPECS:
    assert IBAN_SPECS[_cc][0] == 4 + spec_len(IBAN_SPECS[_cc][1]), _cc


def gen_bban(rng, spec, mostly_digits=True):
    out = []
    for n, t in re.findall(r"(\d+)([nac])", spec):
        n = int(n)
        if t == "n":
            out.append(rstr(rng, string.digits, n))
        elif t == "a":
            out.append(rstr(rng, string.ascii_uppercase, n))
        else:
            out.append("".join(rng.choice(string.ascii_uppercase) if rng.random() < 0.15 else rng.choice(string.digits)
                               for _ in range(n)))
    return "".join(out)


def gen_iban_compact(rng, cc=None):
    cc = cc or rng.choice(sorted(IBAN_SPECS))
    L, spec = IBAN_SPECS[cc]
    while True:
        bban = gen_bban(rng, spec)
        if cc == "TR":
            bban = bban[:5] + "0" + bban[6:]
        iban = cc + iban_check_digits(cc, bban) + bban
        if iban not in KNOWN_IBANS:
            return iban


def group4(s, sep):
    return sep.join(s[i:i + 4] for i in range(0, len(s), 4))


def gen_iban(rng, form=None, cc=None):
    form = form or rng.choice(IBAN_FORMS)
    iban = gen_iban_compact(rng, cc)
    if form == "compact":
        v = iban
    elif form == "space4":
        v = group4(iban, " ")
    elif form == "nbsp4":
        v = group4(iban, NBSP)
    elif form == "dash4":
        v = group4(iban, "-")
    elif form == "lower_compact":
        v = iban.lower()
    elif form == "lower_space4":
        v = group4(iban.lower(), " ")
    return v, form, iban[:2]


def iban_valid_compact(c):
    c = c.upper()
    if len(c) < 5 or c[:2] not in IBAN_SPECS:
        return False
    L, spec = IBAN_SPECS[c[:2]]
    if len(c) != L or not c[2:4].isdigit():
        return False
    # shape
    pos = 4
    for n, t in re.findall(r"(\d+)([nac])", spec):
        seg = c[pos:pos + int(n)]
        pos += int(n)
        if t == "n" and not seg.isdigit():
            return False
        if t == "a" and not seg.isalpha():
            return False
        if t == "c" and not seg.isalnum():
            return False
    return iban_mod97(c) == 1


def iban_ok(v):
    c = re.sub(r"[ \-\u00a0]", "", v)
    return iban_valid_compact(c) and c.upper() not in KNOWN_IBANS


# ---------------------------------------------------------------------------
# IP addresses
# ---------------------------------------------------------------------------
IPV4_FORMS = ["private", "public", "public", "defanged"]


def gen_ipv4_parts(rng, kind):
    while True:
        if kind == "private":
            r = rng.random()
            if r < 0.4:
                p = [10, rng.randint(0, 255), rng.randint(0, 255), rng.randint(1, 254)]
            elif r < 0.7:
                p = [172, rng.randint(16, 31), rng.randint(0, 255), rng.randint(1, 254)]
            else:
                p = [192, 168, rng.randint(0, 255), rng.randint(1, 254)]
        else:
            p = [rng.choice([5, 23, 31, 37, 46, 62, 77, 81, 84, 89, 91, 94, 109, 134, 141, 145, 151, 176, 185,
                             188, 193, 212, 213, 217]), rng.randint(0, 255), rng.randint(0, 255), rng.randint(1, 254)]
        if not ipv4_forbidden(p):
            return p


def gen_ipv4(rng, form=None):
    form = form or rng.choice(IPV4_FORMS)
    p = gen_ipv4_parts(rng, "private" if form == "private" or (form == "defanged" and rng.random() < 0.3) else "public")
    s = ".".join(str(x) for x in p)
    if form == "defanged":
        s = "[.]".join(str(x) for x in p)
    return s, form


def ipv4_ok(v):
    n = v.replace("[.]", ".")
    m = re.fullmatch(r"(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})", n)
    if not m:
        return False
    p = [int(x) for x in m.groups()]
    if any(x > 255 for x in p) or any(len(g) > 1 and g[0] == "0" for g in m.groups()):
        return False
    return not ipv4_forbidden(p)


IPV6_FORMS = ["compressed", "compressed", "full", "upper", "ula", "leading_zeros"]
V6_PREFIXES = ["2a02:810d", "2a01:4f8", "2a00:1450", "2607:f8b0", "2604:a880", "2a03:2880", "2001:67c",
               "2a0a:e5c0", "2c0f:fb50", "2400:cb00", "2406:da18", "2a05:d014", "2001:4860", "2001:1620"]


def gen_ipv6(rng, form=None):
    form = form or rng.choice(IPV6_FORMS)
    if form == "ula":
        pre = ["fd%02x" % rng.randint(0, 255), "%x" % rng.randint(0x1000, 0xffff)]
    else:
        pre = rng.choice(V6_PREFIXES).split(":")
    groups = [int(x, 16) for x in pre]
    while len(groups) < 8:
        r = rng.random()
        groups.append(0 if r < 0.3 else rng.randint(1, 0xffff))
    if form == "compressed" or form == "ula":
        if groups[4:7] != [0, 0, 0]:
            groups[rng.randint(3, 5)] = 0
            groups[rng.randint(3, 5) + 1] = 0
    addr = ipaddress.IPv6Address(":".join("%x" % g for g in groups))
    if form in ("compressed", "ula"):
        v = addr.compressed
        if "::" not in v:
            v = addr.compressed
    elif form == "full":
        v = ":".join("%x" % g for g in groups)
    elif form == "upper":
        v = addr.compressed.upper()
    elif form == "leading_zeros":
        v = addr.exploded
    if v.endswith("::") or v.startswith("::"):
        return gen_ipv6(rng, form)
    return v, form


def ipv6_ok(v):
    try:
        a = ipaddress.IPv6Address(v)
    except ValueError:
        return False
    if a in ipaddress.IPv6Network("2001:db8::/32") or a.is_loopback or a.is_unspecified or a.ipv4_mapped:
        return False
    return True


# ---------------------------------------------------------------------------
# provider keys and tokens
# ---------------------------------------------------------------------------
OPENAI_FORMS = ["legacy", "proj", "svcacct"]


def gen_openai(rng, form=None):
    form = form or rng.choice(OPENAI_FORMS)
    if form == "legacy":
        v = "sk-" + rstr(rng, ALNUM, 20) + "T3BlbkFJ" + rstr(rng, ALNUM, 20)
    elif form == "proj":
        v = "sk-proj-" + rstr(rng, B64URL, 74) + "T3BlbkFJ" + rstr(rng, B64URL, 74)
    else:
        v = "sk-svcacct-" + rstr(rng, B64URL, 74) + "T3BlbkFJ" + rstr(rng, B64URL, 74)
    return v, form


def openai_ok(v):
    return (re.fullmatch(r"sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}", v) is not None and len(v) == 51) or \
        re.fullmatch(r"sk-(proj|svcacct)-[A-Za-z0-9_\-]{20,}T3BlbkFJ[A-Za-z0-9_\-]{20,}", v) is not None


def gen_anthropic(rng, form=None):
    while True:
        body = rstr(rng, B64URL, 93)
        if not body.endswith("-"):
            break
    return "sk-ant-api03-" + body + "AA", "api03"


def anthropic_ok(v):
    return len(v) == 108 and re.fullmatch(r"sk-ant-api03-[A-Za-z0-9_\-]{93}AA", v) is not None


def gen_aws(rng, form=None):
    form = form or rng.choice(["akia", "akia", "asia"])
    while True:
        v = form.upper() + rstr(rng, B32, 16)
        if "EXAMPLE" not in v:
            return v, form


def aws_ok(v):
    return re.fullmatch(r"(AKIA|ASIA)[A-Z2-7]{16}", v) is not None and v not in KNOWN_AWS


GITHUB_FORMS = ["ghp", "ghp", "gho", "ghu", "ghs", "ghr", "pat", "pat"]


def gen_github(rng, form=None):
    form = form or rng.choice(GITHUB_FORMS)
    if form == "pat":
        v = "github_pat_" + rstr(rng, ALNUM, 22) + "_" + rstr(rng, ALNUM, 59)
    else:
        v = form + "_" + rstr(rng, ALNUM, 36)
    return v, form


def github_ok(v):
    return re.fullmatch(r"gh[pousr]_[A-Za-z0-9]{36}", v) is not None or \
        re.fullmatch(r"github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}", v) is not None


JWT_ALGS = {"HS256": 32, "RS256": 256, "ES256": 64, "HS512": 64, "PS256": 256}
JWT_FORMS = ["HS256", "RS256", "ES256", "HS512", "PS256"]


def gen_jwt(rng, form=None):
    alg = form or rng.choice(JWT_FORMS)
    hdr = {"alg": alg, "typ": "JWT"}
    if rng.random() < 0.4:
        hdr["kid"] = rstr(rng, string.ascii_lowercase + string.digits, 8)
    now = 1735000000 + rng.randint(0, 20000000)
    payload = {"sub": rstr(rng, string.hexdigits.lower()[:16], 12), "iat": now, "exp": now + rng.choice([900, 3600, 86400])}
    if rng.random() < 0.5:
        payload["scope"] = rng.choice(["read:orders", "openid profile", "admin", "billing:write"])
    if rng.random() < 0.5:
        payload["iss"] = "https://auth." + rng.choice(DOMAINS)
    if rng.random() < 0.3:
        payload["role"] = rng.choice(["viewer", "editor", "service"])
    h = b64u(json.dumps(hdr, separators=(",", ":")).encode())
    p = b64u(json.dumps(payload, separators=(",", ":"), sort_keys=True).encode())
    sig = b64u(bytes(rng.randint(0, 255) for _ in range(JWT_ALGS[alg])))
    return h + "." + p + "." + sig, alg


def b64u_decode(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def jwt_ok(v):
    parts = v.split(".")
    if len(parts) != 3:
        return False
    try:
        hdr = json.loads(b64u_decode(parts[0]))
        json.loads(b64u_decode(parts[1]))
        sig = b64u_decode(parts[2])
    except Exception:
        return False
    return hdr.get("alg") in JWT_ALGS and len(sig) == JWT_ALGS[hdr["alg"]]


BEARER_FORMS = ["alnum", "hex", "urlsafe"]


def gen_bearer(rng, form=None):
    form = form or rng.choice(BEARER_FORMS)
    while True:
        if form == "alnum":
            v = rstr(rng, ALNUM, rng.randint(24, 48))
        elif form == "hex":
            v = rstr(rng, "0123456789abcdef", rng.choice([32, 40, 48, 64]))
        else:
            v = rstr(rng, ALNUM, rng.randint(8, 14)) + rng.choice(["-", "_", "."]) + rstr(rng, ALNUM + "-_", rng.randint(16, 30))
        if bearer_ok(v):
            return v, form


def bearer_ok(v):
    if len(v) < 16 or v.startswith(("eyJ", "sk-", "gh", "AKIA", "ASIA", "github_pat")):
        return False
    if not re.fullmatch(r"[A-Za-z0-9._~+/\-]+=*", v):
        return False
    if re.fullmatch(r"[0-9a-f]+", v) and re.search(r"\d", v) and re.search(r"[a-f]", v):
        return True
    return bool(re.search(r"\d", v) and re.search(r"[a-z]", v) and re.search(r"[A-Z]", v))


# ---------------------------------------------------------------------------
# private keys (DER / OpenSSH bodies with correct prefixes)
# ---------------------------------------------------------------------------
def der_len(n):
    if n < 128:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def der(tag, content):
    return bytes([tag]) + der_len(len(content)) + content


def der_int_bytes(b):
    b = b.lstrip(b"\x00") or b"\x00"
    if b[0] & 0x80:
        b = b"\x00" + b
    return der(0x02, b)


def der_int(n):
    return der_int_bytes(n.to_bytes(max(1, (n.bit_length() + 7) // 8), "big"))


def seq(*items):
    return der(0x30, b"".join(items))


def oid(hexstr):
    return der(0x06, bytes.fromhex(hexstr))


def rbytes(rng, n, top=True):
    b = bytearray(rng.randint(0, 255) for _ in range(n))
    if top:
        b[0] |= 0x80
    return bytes(b)


def rsa_pkcs1(rng, bits):
    nb = bits // 8
    hb = nb // 2
    return seq(der_int(0), der_int_bytes(rbytes(rng, nb)), der_int(65537), der_int_bytes(rbytes(rng, nb, False)),
               der_int_bytes(rbytes(rng, hb)), der_int_bytes(rbytes(rng, hb)), der_int_bytes(rbytes(rng, hb, False)),
               der_int_bytes(rbytes(rng, hb, False)), der_int_bytes(rbytes(rng, hb, False)))


OID_RSA = "2a864886f70d010101"
OID_EC = "2a8648ce3d0201"
OID_P256 = "2a8648ce3d030107"
OID_ED25519 = "2b6570"


def ec_sec1(rng):
    return seq(der_int(1), der(0x04, rbytes(rng, 32, False)), der(0xa0, oid(OID_P256)),
               der(0xa1, der(0x03, b"\x00\x04" + rbytes(rng, 64, False))))


def pkcs8(alg_seq, inner):
    return seq(der_int(0), alg_seq, der(0x04, inner))


def ssh_str(b):
    return len(b).to_bytes(4, "big") + b


def openssh_body(rng):
    pub = rbytes(rng, 32, False)
    priv = rbytes(rng, 32, False)
    pubblob = ssh_str(b"ssh-ed25519") + ssh_str(pub)
    check = rbytes(rng, 4, False)
    sec = check + check + ssh_str(b"ssh-ed25519") + ssh_str(pub) + ssh_str(priv + pub) + ssh_str(b"deploy-key")
    pad = 1
    while len(sec) % 8:
        sec += bytes([pad])
        pad += 1
    return (b"openssh-key-v1\x00" + ssh_str(b"none") + ssh_str(b"none") + ssh_str(b"") +
            (1).to_bytes(4, "big") + ssh_str(pubblob) + ssh_str(sec))


def encrypted_pkcs8(rng):
    pbkdf2 = seq(oid("2a864886f70d01050c"), seq(der(0x04, rbytes(rng, 8, False)), der_int(2048),
                                              seq(oid("2a864886f70d0209"), b"\x05\x00")))
    enc = seq(oid("608648016503040102a"[:-1] + "2a" if False else "60864801650304012a"), der(0x04, rbytes(rng, 16, False)))
    alg = seq(oid("2a864886f70d01050d"), seq(pbkdf2, enc))
    return seq(alg, der(0x04, rbytes(rng, rng.choice([640, 1232]), False)))


PK_KINDS = ["rsa_pkcs1", "pkcs8_rsa", "pkcs8_ec", "pkcs8_ed25519", "sec1_ec", "openssh", "encrypted"]
PK_LAYOUTS = ["lf", "crlf", "json_escaped", "yaml_block", "flattened", "env_quoted"]
PK_LABEL = {"rsa_pkcs1": "RSA PRIVATE KEY", "pkcs8_rsa": "PRIVATE KEY", "pkcs8_ec": "PRIVATE KEY",
            "pkcs8_ed25519": "PRIVATE KEY", "sec1_ec": "EC PRIVATE KEY", "openssh": "OPENSSH PRIVATE KEY",
            "encrypted": "ENCRYPTED PRIVATE KEY"}
PK_PREFIX = {"rsa_pkcs1": ("MIIC", "MIIE"), "pkcs8_rsa": ("MIIC", "MIIE"), "pkcs8_ec": ("MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEH",),
             "pkcs8_ed25519": ("MC4CAQAwBQYDK2VwBCIEI",), "sec1_ec": ("MHcCAQEEI",), "openssh": ("b3BlbnNzaC1rZXktdjEA",),
             "encrypted": ("MIIC", "MIIE", "MIIB", "MIIF")}


def pk_der(rng, kind):
    if kind == "rsa_pkcs1":
        return rsa_pkcs1(rng, rng.choice([1024, 2048]))
    if kind == "pkcs8_rsa":
        return pkcs8(seq(oid(OID_RSA), b"\x05\x00"), rsa_pkcs1(rng, rng.choice([1024, 2048])))
    if kind == "pkcs8_ec":
        inner = seq(der_int(1), der(0x04, rbytes(rng, 32, False)), der(0xa1, der(0x03, b"\x00\x04" + rbytes(rng, 64, False))))
        return pkcs8(seq(oid(OID_EC), oid(OID_P256)), inner)
    if kind == "pkcs8_ed25519":
        return pkcs8(seq(oid(OID_ED25519)), der(0x04, rbytes(rng, 32, False)))
    if kind == "sec1_ec":
        return ec_sec1(rng)
    if kind == "openssh":
        return openssh_body(rng)
    if kind == "encrypted":
        return encrypted_pkcs8(rng)
    raise ValueError(kind)


def pem_lines(rng, kind):
    body = base64.b64encode(pk_der(rng, kind)).decode()
    width = 70 if kind == "openssh" else 64
    lines = [body[i:i + width] for i in range(0, len(body), width)]
    lab = PK_LABEL[kind]
    return ["-----BEGIN %s-----" % lab] + lines + ["-----END %s-----" % lab]


def gen_private_key(rng, kind=None, layout=None, indent="    "):
    kind = kind or rng.choice(PK_KINDS)
    layout = layout or rng.choice(PK_LAYOUTS)
    lines = pem_lines(rng, kind)
    if layout == "lf":
        v = "\n".join(lines)
    elif layout == "crlf":
        v = "\r\n".join(lines)
    elif layout in ("json_escaped", "env_quoted"):
        v = "\\n".join(lines)
    elif layout == "yaml_block":
        v = ("\n" + indent).join(lines)
    elif layout == "flattened":
        v = " ".join(lines)
    return v, kind + "/" + layout


def pk_ok(v):
    m = re.fullmatch(r"-----BEGIN ((?:RSA |EC |OPENSSH |ENCRYPTED )?PRIVATE KEY)-----(.*?)-----END \1-----", v, re.S)
    if not m:
        return False
    body = re.sub(r"\\n|\s", "", m.group(2))
    kinds = [k for k in PK_LABEL if PK_LABEL[k] == m.group(1)]
    try:
        base64.b64decode(body, validate=True)
    except Exception:
        return False
    return any(body.startswith(p) for k in kinds for p in PK_PREFIX[k])


def name_ok(v):
    return any(v in (r, r.upper()) for e in NAME_POOL for r in [e.get("display", "")] + name_variants(e)) or \
        re.fullmatch(r"\S+ [A-Z]\. .+", v) is not None


def street_ok(v):
    return any(n in v for n in STREET_NAMES) and re.search(r"\d", v) is not None


VALIDATORS = {
    "email": email_ok, "phone": phone_ok, "credit_card": card_ok, "ssn": ssn_ok, "iban": iban_ok,
    "ipv4": ipv4_ok, "ipv6": ipv6_ok, "openai_key": openai_ok, "anthropic_key": anthropic_ok,
    "aws_access_key": aws_ok, "github_token": github_ok, "jwt": jwt_ok, "bearer_token": bearer_ok,
    "private_key": pk_ok, "person_name": name_ok, "street_address": street_ok,
}


# ---------------------------------------------------------------------------
# checks: exact occurrence counts, spans, validity, forbidden values, leak scan
# ---------------------------------------------------------------------------
def occurrences(text, v):
    out, i = [], text.find(v)
    while i != -1:
        out.append((i, i + len(v)))
        i = text.find(v, i + 1)
    return out


EMAIL_SCAN = re.compile(r"[A-Za-z0-9._%+\-]+\s*(?:@|\[at\]|\(at\)|\{at\}| at )\s*[A-Za-z0-9\-]+"
                        r"(?:\.|\[\.\]|\(\.\)| dot )[A-Za-z]{2,}", re.I)
EMAIL_AT_SCAN = re.compile(r"[A-Za-z0-9._%+\-]+\s*(?:@|\[at\]|\(at\))\s*[A-Za-z0-9\-]+(?:\.|\[\.\])[A-Za-z]{2,}", re.I)
DIGIT_RUN = re.compile(r"\d(?:[ \-\u00a0\u2009]?\d)*")
IBAN_SCAN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?:[ \-\u00a0]?[A-Za-z0-9]){10,32}")
V6_SCAN = re.compile(r"(?<![\w:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![\w:])")
KEY_SCAN = re.compile(r"sk-[A-Za-z0-9_\-]*T3BlbkFJ|sk-ant-api\d\d-[A-Za-z0-9_\-]{20,}|sk-(?:proj|svcacct)-[A-Za-z0-9_\-]{20,}"
                      r"|(?:AKIA|ASIA)[A-Z2-7]{16}|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,}"
                      r"|eyJ[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]{10,}"
                      r"|-----BEGIN [A-Z ]*PRIVATE KEY-----")
BEARER_SCAN = re.compile(r"Bearer\s+([^\s\"'<>,;)\]}]+)", re.I)
PHONE_SCAN = re.compile(r"(?<![\w+])(?:\+|00)\s?[1-9](?:[ \-.\u00a0\u2009()/]*\d){6,}")
SSN_SCAN = re.compile(r"(?<!\d)(\d{3})([- .]?)(\d{2})\2(\d{4})(?!\d)")


def scan_leaks(text):
    """Conservative scan: returns a reason string if anything looks like a value."""
    t = text.translate(FW_BACK).replace(ZWSP, "")
    m = EMAIL_SCAN.search(t)
    if m:
        return "email:" + m.group(0)
    for m in DIGIT_RUN.finditer(t):
        d = re.sub(r"\D", "", m.group(0))
        if 13 <= len(d) <= 19 and luhn_ok(d):
            return "luhn:" + m.group(0)
    for m in IBAN_SCAN.finditer(t):
        c = re.sub(r"[ \-\u00a0]", "", m.group(0)).upper()
        if c[:2] in IBAN_SPECS:
            L = IBAN_SPECS[c[:2]][0]
            if len(c) >= L and iban_mod97(c[:L]) == 1:
                return "iban:" + c[:L]
    for m, parts in quads_in(t):
        if all(x <= 255 for x in parts):
            return "ipv4:" + m.group(0)
    for m in V6_SCAN.finditer(t):
        cand = m.group(0)
        if sum(ch in string.hexdigits for ch in cand) >= 3:
            try:
                ipaddress.IPv6Address(cand)
                return "ipv6:" + cand
            except ValueError:
                pass
    m = KEY_SCAN.search(t)
    if m:
        return "key:" + m.group(0)[:30]
    for m in BEARER_SCAN.finditer(t):
        tok = m.group(1)
        if len(tok) >= 16 and (re.search(r"\d", tok) and re.search(r"[a-z]", tok) and re.search(r"[A-Z]", tok)
                               or re.fullmatch(r"[0-9a-fA-F]+", tok) and re.search(r"\d", tok)):
            return "bearer:" + tok
    m = PHONE_SCAN.search(t)
    if m:
        return "phone:" + m.group(0)
    if re.search(r"SSN|social security", t, re.I):
        for m in SSN_SCAN.finditer(t):
            if ssn_valid_digits(m.group(1) + m.group(3) + m.group(4)):
                return "ssn:" + m.group(0)
    for n in NAME_LEAK:
        if n in t:
            return "name:" + n
    for n, rx in zip(STREET_NAMES, STREET_LEAK_RES):
        if n in t and rx.search(t):
            return "street:" + n
    return None


def mask(text, spans):
    out, last = [], 0
    for a, b in sorted(spans):
        out.append(text[last:a])
        out.append("¤")
        last = b
    out.append(text[last:])
    return "".join(out)


REJECTS = {}
SEEN_TEXTS = set()  # membership only, never iterated


def reject(why):
    key = why.split(":")[0]
    REJECTS[key] = REJECTS.get(key, 0) + 1
    return None


def make_sample(text, labels, lang, form, context):
    """labels: list of (detector, value, form). Returns the sample dict or None."""
    spans = []
    counts = {}
    for det, v, f in labels:
        counts[v] = counts.get(v, 0) + 1
    for v in sorted(counts):
        occ = occurrences(text, v)
        if len(occ) != counts[v]:
            return reject("count:" + v[:20])
        spans.extend(occ)
    spans.sort()
    for (a1, b1), (a2, b2) in zip(spans, spans[1:]):
        if a2 < b1:
            return reject("overlap")
    for det, v, f in labels:
        if not VALIDATORS[det](v):
            return reject("invalid:" + det)
        if v != v.strip() or not v:
            return reject("ws:" + det)
    if text in SEEN_TEXTS:
        return reject("duplicate")
    why = forbidden_anywhere(text)
    if why:
        return reject("forbidden:" + why)
    why = scan_leaks(mask(text, spans))
    if why:
        return reject("leak-" + why)
    SEEN_TEXTS.add(text)
    return {"text": text, "labels": [{"detector": d, "value": v, "form": f} for d, v, f in labels],
            "lang": lang, "form": form, "context": context}


def fill(tpl, **kw):
    out = tpl
    for k in sorted(kw):
        out = out.replace("{" + k + "}", kw[k])
    return out


# ---------------------------------------------------------------------------
# generic frames per language: {L} = label word, {v} = value
# ---------------------------------------------------------------------------
LABELS = {
    "en": {"email": "email address", "phone": "phone number", "credit_card": "card number", "iban": "IBAN",
           "ipv4": "IP address", "ipv6": "IPv6 address", "key": "API key"},
    "de": {"email": "E-Mail-Adresse", "phone": "Telefonnummer", "credit_card": "Kartennummer", "iban": "IBAN",
           "ipv4": "IP-Adresse", "ipv6": "IPv6-Adresse", "key": "API-Schlüssel"},
    "fr": {"email": "adresse e-mail", "phone": "numéro de téléphone", "credit_card": "numéro de carte", "iban": "IBAN",
           "ipv4": "adresse IP", "ipv6": "adresse IPv6", "key": "clé d'API"},
    "es": {"email": "correo electrónico", "phone": "teléfono", "credit_card": "número de tarjeta", "iban": "IBAN",
           "ipv4": "dirección IP", "ipv6": "dirección IPv6", "key": "clave de API"},
    "it": {"email": "indirizzo e-mail", "phone": "numero di telefono", "credit_card": "numero della carta",
           "iban": "IBAN", "ipv4": "indirizzo IP", "ipv6": "indirizzo IPv6", "key": "chiave API"},
    "pt": {"email": "endereço de e-mail", "phone": "telefone", "credit_card": "número do cartão", "iban": "IBAN",
           "ipv4": "endereço IP", "ipv6": "endereço IPv6", "key": "chave de API"},
    "nl": {"email": "e-mailadres", "phone": "telefoonnummer", "credit_card": "kaartnummer", "iban": "IBAN",
           "ipv4": "IP-adres", "ipv6": "IPv6-adres", "key": "API-sleutel"},
    "pl": {"email": "adres e-mail", "phone": "numer telefonu", "credit_card": "numer karty", "iban": "IBAN",
           "ipv4": "adres IP", "ipv6": "adres IPv6", "key": "klucz API"},
    "sv": {"email": "e-postadress", "phone": "telefonnummer", "credit_card": "kortnummer", "iban": "IBAN",
           "ipv4": "IP-adress", "ipv6": "IPv6-adress", "key": "API-nyckel"},
    "no": {"email": "e-postadresse", "phone": "telefonnummer", "credit_card": "kortnummer", "iban": "IBAN",
           "ipv4": "IP-adresse", "ipv6": "IPv6-adresse", "key": "API-nøkkel"},
    "da": {"email": "e-mailadresse", "phone": "telefonnummer", "credit_card": "kortnummer", "iban": "IBAN",
           "ipv4": "IP-adresse", "ipv6": "IPv6-adresse", "key": "API-nøgle"},
    "tr": {"email": "e-posta adresi", "phone": "telefon numarası", "credit_card": "kart numarası", "iban": "IBAN",
           "ipv4": "IP adresi", "ipv6": "IPv6 adresi", "key": "API anahtarı"},
    "cs": {"email": "e-mailová adresa", "phone": "telefonní číslo", "credit_card": "číslo karty", "iban": "IBAN",
           "ipv4": "IP adresa", "ipv6": "IPv6 adresa", "key": "API klíč"},
    "hu": {"email": "e-mail-cím", "phone": "telefonszám", "credit_card": "kártyaszám", "iban": "IBAN",
           "ipv4": "IP-cím", "ipv6": "IPv6-cím", "key": "API-kulcs"},
    "fi": {"email": "sähköpostiosoite", "phone": "puhelinnumero", "credit_card": "kortin numero", "iban": "IBAN",
           "ipv4": "IP-osoite", "ipv6": "IPv6-osoite", "key": "API-avain"},
    "ro": {"email": "adresa de e-mail", "phone": "numărul de telefon", "credit_card": "numărul cardului",
           "iban": "IBAN", "ipv4": "adresa IP", "ipv6": "adresa IPv6", "key": "cheia API"},
    "ja": {"email": "メールアドレス", "phone": "電話番号", "credit_card": "カード番号", "iban": "IBAN",
           "ipv4": "IPアドレス", "ipv6": "IPv6アドレス", "key": "APIキー"},
    "zh": {"email": "邮箱", "phone": "电话", "credit_card": "卡号", "iban": "IBAN账号", "ipv4": "IP地址",
           "ipv6": "IPv6地址", "key": "API密钥"},
    "ko": {"email": "이메일", "phone": "전화번호", "credit_card": "카드 번호", "iban": "IBAN", "ipv4": "IP 주소",
           "ipv6": "IPv6 주소", "key": "API 키"},
    "el": {"email": "email", "phone": "τηλέφωνο", "credit_card": "αριθμός κάρτας", "iban": "IBAN",
           "ipv4": "διεύθυνση IP", "ipv6": "διεύθυνση IPv6", "key": "κλειδί API"},
    "th": {"email": "อีเมล", "phone": "เบอร์โทร", "credit_card": "เลขบัตร", "iban": "IBAN", "ipv4": "ที่อยู่ IP",
           "ipv6": "ที่อยู่ IPv6", "key": "คีย์ API"},
}
GENERIC = {
    "en": [("chat", "hey, the {L} is {v} if you need it"),
           ("email", "Dear customer,\n\nplease find the updated {L} below:\n{v}\n\nKind regards,\nAccounts team"),
           ("sms", "ur {L}: {v} pls confirm"),
           ("form", "{L}:\t{v}"),
           ("ticket", "Customer says the {L} on file ({v}) is outdated."),
           ("pdf-extract", "{L}   :   {v}   \n  Page 2 of 3"),
           ("chat", "{v} <- that's the {L} they gave me"),
           ("email", "Could you double-check the {L} \"{v}\" before Friday?"),
           ("ui", "Enter your {L} [ {v} ]  Save · Cancel")],
    "de": [("chat", "Kurze Info, {L}: {v}"),
           ("email", "Sehr geehrte Damen und Herren,\n\nbitte verwenden Sie ab sofort diese Angabe ({L}): {v}\n\nMit freundlichen Grüßen\nIhr Serviceteam"),
           ("sms", "{L} {v} – bitte speichern!"),
           ("form", "{L} (Pflichtfeld): {v}"),
           ("pdf-extract", "{L} :  {v}\n\n— Seite 1 / 2 —"),
           ("chat", "„{v}“ – passt das so? ({L})"),
           ("ticket", "Kunde meldet: {L} {v} wird nicht akzeptiert."),
           ("ui", "Bitte {L} eingeben: {v} [Speichern]")],
    "fr": [("chat", "Voilà — {L} : {v}"),
           ("email", "Madame, Monsieur,\n\nVeuillez noter la mise à jour suivante ({L}) : {v}\n\nCordialement,\nLe service client"),
           ("sms", "{L} => {v} merci de confirmer"),
           ("form", "{L} * : {v}"),
           ("pdf-extract", "{L}  ..........  {v}"),
           ("chat", "c'est bien « {v} » ? ({L})"),
           ("ticket", "Le client signale un refus ({L} {v})."),
           ("ui", "Saisissez votre {L} : {v} [Valider]")],
    "es": [("chat", "oye, {L}: {v}"),
           ("email", "Estimado cliente:\n\nle confirmamos el dato actualizado ({L}): {v}\n\nAtentamente,\nAtención al cliente"),
           ("sms", "{L} {v} - confirma x fa"),
           ("form", "{L} (obligatorio): {v}"),
           ("pdf-extract", "{L} :    {v}\nPágina 1 de 2"),
           ("chat", "¿es correcto «{v}»? ({L})"),
           ("ui", "Introduce tu {L}: {v} [Guardar]")],
    "it": [("chat", "ecco, {L}: {v}"),
           ("email", "Gentile cliente,\n\ndi seguito il dato richiesto ({L}): {v}\n\nCordiali saluti,\nUfficio amministrazione"),
           ("sms", "{L}: {v} ok?"),
           ("form", "{L} *\n{v}"),
           ("pdf-extract", "{L}    {v}\n- pag. 1 -"),
           ("chat", "confermi «{v}»? ({L})")],
    "pt": [("chat", "segue {L}: {v}"),
           ("email", "Prezado(a) cliente,\n\ninformamos o dado atualizado ({L}): {v}\n\nAtenciosamente,\nEquipa de apoio"),
           ("sms", "{L} {v} confirma pf"),
           ("form", "{L}: {v}"),
           ("ticket", "Cliente informa recusa ({L}: {v}).")],
    "nl": [("chat", "hier is het, {L}: {v}"),
           ("email", "Geachte heer/mevrouw,\n\nHierbij het gewijzigde gegeven ({L}): {v}\n\nMet vriendelijke groet,\nKlantenservice"),
           ("sms", "{L}: {v} graag bevestigen"),
           ("form", "{L} (verplicht): {v}"),
           ("pdf-extract", "{L} :  {v}\npagina 1 van 2")],
    "pl": [("chat", "podaję {L}: {v}"),
           ("email", "Szanowni Państwo,\n\nuprzejmie informujemy o zmianie danych ({L}): {v}\n\nZ poważaniem\nDział obsługi klienta"),
           ("sms", "{L} {v} prosze potwierdzic"),
           ("form", "{L}*: {v}")],
    "sv": [("chat", "här, {L}: {v}"),
           ("email", "Hej,\n\nHär kommer uppgiften ni bad om ({L}): {v}\n\nMed vänliga hälsningar\nKundtjänst"),
           ("sms", "{L}: {v} mvh"),
           ("form", "{L}: {v}")],
    "no": [("chat", "her er {L}: {v}"),
           ("email", "Hei,\n\nVi har registrert følgende ({L}): {v}\n\nVennlig hilsen\nKundeservice"),
           ("sms", "{L} {v} ok?")],
    "da": [("chat", "her, {L}: {v}"),
           ("email", "Kære kunde\n\nVi har opdateret oplysningen ({L}): {v}\n\nVenlig hilsen\nKundeservice"),
           ("form", "{L}: {v}")],
    "tr": [("chat", "{L}: {v} bu şekilde"),
           ("email", "Sayın müşterimiz,\n\ngüncellenen bilgi ({L}): {v}\n\nSaygılarımızla,\nMüşteri Hizmetleri"),
           ("sms", "{L} {v} onaylayin lutfen"),
           ("form", "{L} (zorunlu): {v}")],
    "cs": [("email", "Dobrý den,\n\nzasíláme aktualizovaný údaj ({L}): {v}\n\nS pozdravem\nZákaznická podpora"),
           ("chat", "{L}: {v}, díky")],
    "hu": [("email", "Tisztelt Ügyfelünk!\n\nA frissített adat ({L}): {v}\n\nÜdvözlettel:\nÜgyfélszolgálat"),
           ("chat", "{L}: {v} köszi")],
    "fi": [("email", "Hei,\n\nPäivitetty tieto ({L}): {v}\n\nYstävällisin terveisin\nAsiakaspalvelu"),
           ("chat", "{L} on {v}")],
    "ro": [("email", "Stimate client,\n\nvă transmitem datele actualizate ({L}): {v}\n\nCu stimă,\nEchipa de suport"),
           ("chat", "{L}: {v} mersi")],
    "ja": [("chat", "{L}は{v}です。"),
           ("email", "お世話になっております。\n{L}：{v}\nご確認のほどよろしくお願いいたします。"),
           ("form", "{L}「{v}」"),
           ("ui", "{L}を入力してください：{v}")],
    "zh": [("chat", "我的{L}是{v}，谢谢"),
           ("form", "{L}：{v}"),
           ("email", "您好，\n请核对{L}（{v}）。\n此致")],
    "ko": [("chat", "{L}: {v} 입니다"),
           ("form", "{L} 「{v}」 확인 부탁드립니다.")],
    "el": [("email", "Αγαπητέ πελάτη,\n\nτο ενημερωμένο στοιχείο ({L}): {v}\n\nΜε εκτίμηση,\nΕξυπηρέτηση πελατών")],
    "th": [("chat", "{L}ของฉันคือ{v}ค่ะ"),
           ("sms", "{L}:{v}ครับ")],
}
GENERIC_LANGS = sorted(GENERIC)
# weights: prose languages the corpus leans on
LANG_WEIGHT = {"en": 9, "de": 6, "fr": 5, "es": 5, "it": 4, "pt": 3, "nl": 3, "pl": 3, "sv": 2, "no": 2, "da": 2,
               "tr": 3, "cs": 1, "hu": 1, "fi": 1, "ro": 1, "ja": 2, "zh": 2, "ko": 1, "el": 1, "th": 1}


def pick_lang(rng):
    langs = GENERIC_LANGS
    return rng.choices(langs, weights=[LANG_WEIGHT[l] for l in langs])[0]


# ---------------------------------------------------------------------------
# detector-specific frames: (lang, context, template[, condition on form])
# ---------------------------------------------------------------------------
def plain_email(f):
    return f in ("plain", "plain_name", "subdomain", "upper", "plus_tag")


def obf_email(f):
    return not plain_email(f)


SPECIFIC = {
    "email": [
        ("en", "email", "From: Accounts Payable <{v}>\nTo: ops-desk\nSubject: overdue invoice", plain_email),
        ("en", "html", '<a class="contact" href="mailto:{v}?subject=Order%20query">write to us</a>', plain_email),
        ("en", "html", '<input type="email" name="contact" value="{v}" required>', plain_email),
        ("en", "json", '{"user": {"id": 48213, "contact_email": "{v}", "verified": true}}', plain_email),
        ("en", "yaml", "notifications:\n  on_failure:\n    - {v}\n  on_success: []", plain_email),
        ("en", "log", "2025-03-14T09:12:44Z WARN  mailer: bounce for recipient={v} code=550", plain_email),
        ("en", "csv", "ticket_id,contact,priority\nT-88213,{v},high", plain_email),
        ("en", "code", "DEFAULT_SENDER = \"{v}\"  # used by the nightly digest", plain_email),
        ("en", "markdown", "Questions? Reach the maintainers at `{v}`.", None),
        ("en", "chat", "{v} is the one to cc on that", None),
        ("en", "forum", "contact me: {v} (no spam please)", obf_email),
        ("en", "pdf-extract", "For  enquiries  write  to   {v}   or  visit  our  office.", None),
        ("de", "email", "Bei Rückfragen erreichen Sie uns unter {v}.", None),
        ("de", "forum", "Schreibt mir einfach: {v} (Spamschutz, bitte selbst umbauen)", obf_email),
        ("fr", "email", "Pour toute question : {v}", None),
        ("es", "forum", "escríbeme a {v} y lo vemos", None),
        ("ja", "chat", "連絡先：{v}（平日のみ）", None),
        ("zh", "chat", "请发邮件到{v}。", None),
        ("en", "sql", "UPDATE subscribers SET email = '{v}' WHERE id = 1182;", plain_email),
        ("en", "stacktrace", "Traceback (most recent call last):\n  File \"notify.py\", line 88, in send\n    smtp.sendmail(sender, [\"{v}\"], msg)\nSMTPRecipientsRefused: 550 mailbox unavailable", plain_email),
    ],
    "phone": [
        ("en", "html", '<a href="tel:{v}" class="btn">Call us</a>', lambda f: f in ("tel_link", "compact_plus")),
        ("en", "vcard", "BEGIN:VCARD\nVERSION:4.0\nTEL;TYPE=work:{v}\nEND:VCARD", None),
        ("en", "sms", "call me back on {v} asap", None),
        ("en", "log", "2025-06-02 18:44:10 INFO sms-gateway delivered to={v} status=OK", lambda f: f != "fullwidth"),
        ("en", "json", '{"phone": "{v}", "type": "mobile"}', None),
        ("en", "email", "You can reach the front desk at {v} (Mon–Fri, 9–17).", None),
        ("en", "chat-transcript", "[14:02] agent: best number to reach you?\n[14:03] customer: {v}", None),
        ("de", "email", "Telefonisch sind wir unter {v} erreichbar.", None),
        ("de", "sms", "Ruf mich an: {v}", None),
        ("fr", "sms", "rappelle-moi au {v} stp", None),
        ("fr", "email", "Notre standard : {v} (du lundi au vendredi)", None),
        ("es", "chat", "llámame al {v}", None),
        ("it", "sms", "chiamami al {v} grazie", None),
        ("nl", "chat", "bel me even op {v}", None),
        ("pl", "sms", "zadzwoń pod {v}", None),
        ("sv", "sms", "ring mig på {v}", None),
        ("tr", "sms", "beni {v} numarasından arayın", None),
        ("ja", "form", "お問い合わせ：{v}（受付時間 9:00〜18:00）", None),
        ("zh", "chat", "联系电话：{v}", None),
        ("ko", "sms", "연락처 {v} 로 전화 주세요", None),
        ("pt", "chat", "liga-me para o {v}", None),
        ("en", "markdown", "| Office | Phone |\n|---|---|\n| Front desk | {v} |", None),
    ],
    "credit_card": [
        ("en", "chat", "card number is {v}, exp next year", None),
        ("en", "form", "Card number\n[{v}]\nName on card: (as printed)", None),
        ("en", "log", "2025-01-09 11:20:31 DEBUG payments: charge attempt pan={v} result=declined", lambda f: "fullwidth" not in f),
        ("en", "json", '{"payment_method": {"type": "card", "number": "{v}", "exp": "09/28"}}', None),
        ("en", "email", "Please charge the deposit to my card {v}.", None),
        ("en", "ticket", "Customer read their card out over the phone: {v} — please delete this note after processing.", None),
        ("de", "chat", "Kreditkarte: {v}, gültig bis 11/27", None),
        ("fr", "email", "Voici ma carte bancaire : {v}", None),
        ("es", "chat", "la tarjeta es {v}", None),
        ("it", "chat", "la carta è {v}", None),
        ("ja", "form", "カード番号：{v}", None),
        ("zh", "chat", "卡号{v}，有效期到明年", None),
    ],
    "iban": [
        ("en", "email", "Please transfer the refund to IBAN {v}.", None),
        ("en", "csv", "payee,iban,amount\nBluefjord Systems AS,{v},1250.00", None),
        ("en", "json", '{"beneficiary": {"iban": "{v}", "bic": null}}', None),
        ("de", "email", "Bitte überweisen Sie den Betrag auf folgendes Konto: IBAN {v}", None),
        ("de", "pdf-extract", "Bankverbindung   IBAN  {v}   BIC  siehe Rückseite", None),
        ("fr", "email", "Merci d'effectuer le virement sur l'IBAN {v}.", None),
        ("es", "email", "Realice la transferencia a la cuenta {v}, indicando el número de pedido.", None),
        ("it", "pdf-extract", "Coordinate bancarie: IBAN {v}", None),
        ("nl", "chat", "maak het maar over naar {v}", None),
        ("pl", "email", "Prosimy o przelew na rachunek {v}.", None),
        ("pt", "email", "Transferência para o IBAN {v}, por favor.", None),
        ("tr", "chat", "IBAN: {v} adına Bluefjord", None),
    ],
    "ssn": [
        ("en", "form", "Social Security Number (SSN): {v}", None),
        ("en", "chat", "my SSN is {v}, do you need anything else?", None),
        ("en", "email", "For the background check we still need your social security number. You wrote {v} — is that correct?", None),
        ("en", "json", '{"applicant": {"ssn": "{v}", "consent": true}}', None),
        ("en", "log", "2025-02-11 08:01:17 WARN hr-sync: SSN mismatch for record 8812 (got {v})", None),
        ("en", "pdf-extract", "Employee  SSN   {v}     Filing status: single", None),
        ("en", "csv", "employee_id,ssn,state\nE-1043,{v},OR", None),
        ("es", "form", "Número de Seguro Social (SSN): {v}", None),
        ("de", "email", "Für die US-Steuererklärung brauche ich noch Ihre SSN: {v}?", None),
        ("fr", "email", "Votre numéro SSN (social security number) : {v}", None),
        ("en", "sms", "SSN {v} – shred this msg after", None),
        ("en", "ticket", "Caller verified identity with last SSN on file: {v}", None),
    ],
    "ipv4": [
        ("en", "log", "Mar 14 02:11:09 edge01 sshd[2291]: Failed password for invalid user admin from {v} port 52214 ssh2", lambda f: f != "defanged"),
        ("en", "log", '{v} - - [14/Mar/2025:10:22:31 +0100] "GET /api/v2/orders HTTP/1.1" 200 512', lambda f: f != "defanged"),
        ("en", "ini", "[database]\nhost = {v}\nport = 5432", lambda f: f != "defanged"),
        ("en", "yaml", "upstream:\n  - address: {v}\n    weight: 3", lambda f: f != "defanged"),
        ("en", "json", '{"client_ip": "{v}", "ua": "curl/8.5.0"}', lambda f: f != "defanged"),
        ("en", "ticket", "IOC: C2 beacon observed to {v} — blocked at perimeter.", lambda f: f == "defanged"),
        ("en", "email", "Threat intel: please block {v} (seen in phishing campaign).", lambda f: f == "defanged"),
        ("en", "shell", "$ ssh -p 2222 -l deploy {v}", lambda f: f != "defanged"),
        ("en", "chat", "can you whitelist {v}? it's the new office", None),
        ("en", "http", "X-Forwarded-For: {v}\nX-Request-Id: 7f3a9c", lambda f: f != "defanged"),
        ("de", "chat", "Der Server hat jetzt die Adresse {v}.", None),
        ("fr", "ticket", "Connexion suspecte depuis {v}, compte verrouillé.", None),
        ("es", "log", "Intento de acceso bloqueado desde {v}", None),
        ("ja", "chat", "接続元IPは{v}でした。", None),
        ("en", "diff", "-  bind_addr: 127.1.1.1\n+  bind_addr: {v}", "never"),
    ],
    "ipv6": [
        ("en", "log", "2025-04-02T13:45:01Z nginx: client {v} requested /healthz", None),
        ("en", "ini", "[server]\nlisten_v6 = {v}", None),
        ("en", "json", '{"peer": "{v}", "asn": 3320}', None),
        ("en", "shell", "$ ping -6 -c 3 {v}", None),
        ("en", "yaml", "dns:\n  nameservers:\n    - {v}", None),
        ("de", "chat", "Die neue v6-Adresse vom Router ist {v}", None),
        ("fr", "ticket", "Trafic anormal depuis {v} cette nuit.", None),
        ("en", "chat", "{v} is the only host answering on v6", None),
        ("ja", "chat", "IPv6は{v}です。", None),
    ],
    "openai_key": [
        ("en", "env", "OPENAI_API_KEY={v}", None),
        ("en", "code", 'client = OpenAI(api_key="{v}")', None),
        ("en", "shell", "export OPENAI_API_KEY='{v}'", None),
        ("en", "http", "POST /v1/chat/completions HTTP/1.1\nHost: api.openai.com\nAuthorization: Bearer {v}\nContent-Type: application/json", None),
        ("en", "json", '{"openai": {"api_key": "{v}", "model": "gpt-4o-mini"}}', None),
        ("en", "chat", "oops I pasted my key here: {v} — rotating it now", None),
        ("de", "chat", "Hier der Schlüssel fürs Testprojekt: {v}", None),
        ("en", "yaml", "llm:\n  provider: openai\n  key: {v}", None),
    ],
    "anthropic_key": [
        ("en", "env", "ANTHROPIC_API_KEY={v}", None),
        ("en", "code", "client = anthropic.Anthropic(api_key=\"{v}\")", None),
        ("en", "shell", "curl https://api.anthropic.com/v1/messages -H \"x-api-key: {v}\" -H \"content-type: application/json\"", None),
        ("en", "json", '{"providers": {"anthropic": "{v}"}}', None),
        ("en", "chat", "use {v} for the staging bot", None),
        ("fr", "chat", "voici la clé pour l'environnement de test : {v}", None),
        ("en", "toml", "[anthropic]\napi_key = \"{v}\"", None),
    ],
    "aws_access_key": [
        ("en", "ini", "[default]\naws_access_key_id = {v}\naws_secret_access_key = <redacted>\nregion = eu-central-1", None),
        ("en", "env", "AWS_ACCESS_KEY_ID={v}\nAWS_DEFAULT_REGION=eu-west-1", None),
        ("en", "json", '{"Credentials": {"AccessKeyId": "{v}", "Expiration": "2025-07-01T12:00:00Z"}}', None),
        ("en", "log", "2025-05-20 07:33:12 ERROR s3-sync: AccessDenied for key {v}", None),
        ("en", "chat", "the CI user key is {v}, secret in the vault", None),
        ("en", "code", 'boto3.client("s3", aws_access_key_id="{v}")', None),
        ("de", "ticket", "Zugangsschlüssel {v} wurde im Repo gefunden – bitte sperren.", None),
    ],
    "github_token": [
        ("en", "env", "GITHUB_TOKEN={v}", None),
        ("en", "shell", "curl -H \"Authorization: token {v}\" https://api.github.com/user/repos", None),
        ("en", "yaml", "registry:\n  ghcr:\n    username: ci-bot\n    password: {v}", None),
        ("en", "ini", "[github]\n\toauth-token = {v}", None),
        ("en", "chat", "here's a read-only token for the mirror: {v}", None),
        ("en", "json", '{"github": {"token": "{v}", "scopes": ["repo"]}}', None),
        ("es", "chat", "token de GitHub para el despliegue: {v}", None),
        ("en", "diff", "-GH_TOKEN=\n+GH_TOKEN={v}", None),
    ],
    "jwt": [
        ("en", "http", "GET /api/v1/me HTTP/1.1\nHost: portal.ledgerly.app\nAuthorization: Bearer {v}\nAccept: application/json", None),
        ("en", "shell", "curl -s -H 'Authorization: Bearer {v}' https://api.kestrelworks.io/v2/orders", None),
        ("en", "json", '{"access_token": "{v}", "token_type": "Bearer", "expires_in": 3600}', None),
        ("en", "http", "Set-Cookie: session={v}; Path=/; HttpOnly; Secure", None),
        ("en", "log", "2025-02-03 10:00:12 DEBUG auth: verifying id_token={v}", None),
        ("en", "url", "https://app.nimbus-ops.dev/callback#id_token={v}&state=af0ifjsldkj", None),
        ("en", "chat", "this token keeps failing: {v}", None),
        ("de", "ticket", "Token abgelaufen? {v}", None),
    ],
    "bearer_token": [
        ("en", "http", "POST /v3/events HTTP/1.1\nHost: hooks.parcelwise.com\nAuthorization: Bearer {v}\nContent-Length: 187", None),
        ("en", "shell", "curl -X DELETE -H \"Authorization: Bearer {v}\" https://api.tidewater.net/v1/items/88", None),
        ("en", "code", 'headers = {"Authorization": "Bearer {v}"}', None),
        ("en", "log", "2025-03-30 22:14:09 TRACE http: > Authorization: Bearer {v}", None),
        ("en", "yaml", "auth:\n  header: \"Bearer {v}\"", None),
        ("en", "chat", "use Bearer {v} for the sandbox", None),
        ("de", "ticket", "Beim Aufruf mit Bearer {v} kommt 401 zurück.", None),
    ],
}

PK_FRAMES = {
    "lf": [("en", "markdown", "Found this in the wiki page, please rotate:\n\n```\n{v}\n```"),
           ("en", "chat", "here's the deploy key\n{v}\nkeep it safe"),
           ("en", "email", "Hi team,\n\nthe new signing key is below.\n\n{v}\n\nDelete after import."),
           ("de", "ticket", "Privater Schlüssel im Anhang gefunden:\n{v}\nBitte sofort widerrufen."),
           ("en", "code", "KEY = \"\"\"{v}\n\"\"\""),
           ("en", "stacktrace", "Traceback (most recent call last):\n  File \"load.py\", line 12, in <module>\n    key = load_pem(raw)\nValueError: could not deserialize key data:\n{v}")],
    "crlf": [("en", "email", "Attached key (copied from the Windows share):\r\n{v}\r\n\r\nRegards"),
             ("en", "pdf-extract", "APPENDIX C\r\n{v}\r\nEnd of appendix")],
    "json_escaped": [("en", "json", '{"type": "service_account", "project_id": "billing-prod-77", "private_key": "{v}\\n", "token_uri": "https://oauth2.ledgerly.app/token"}'),
                     ("en", "json", '{"tls": {"cert_path": "/etc/ssl/edge.crt", "key": "{v}"}}')],
    "yaml_block": [("en", "yaml", "tls:\n  certFile: /etc/ssl/edge.crt\n  keyPem: |\n    {v}\n  minVersion: \"1.2\""),
                   ("en", "yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: edge-tls\nstringData:\n  tls.key: |\n    {v}")],
    "flattened": [("en", "log", "2025-05-02 12:00:01 DEBUG config loaded key=\"{v}\" from vault"),
                  ("en", "chat", "pasting it in one line, sorry: {v}"),
                  ("en", "csv", "name,key\nedge-01,\"{v}\"")],
    "env_quoted": [("en", "env", 'DEPLOY_SSH_KEY="{v}"\nDEPLOY_HOST=build-runner'),
                   ("en", "env", "# generated\nJWT_SIGNING_KEY=\"{v}\"")],
}

TITLES = {
    "en": {"f": (["Ms ", "Mrs ", "Dr. "], "Dear"), "m": (["Mr ", "Dr. ", "Mr. "], "Dear")},
    "de": {"f": (["Frau ", "Frau Dr. "], "Sehr geehrte"), "m": (["Herr ", "Herr Dr. "], "Sehr geehrter")},
    "fr": {"f": (["Mme ", "Madame "], "Chère"), "m": (["M. ", "Monsieur "], "Cher")},
    "es": {"f": (["Sra. ", "Dña. "], "Estimada"), "m": (["Sr. ", "D. "], "Estimado")},
    "it": {"f": (["Sig.ra ", "Dott.ssa "], "Gentile"), "m": (["Sig. ", "Dott. "], "Gentile")},
    "pt": {"f": (["Sra. ", "Dra. "], "Exma."), "m": (["Sr. ", "Dr. "], "Exmo.")},
    "nl": {"f": (["mevrouw ", "mw. "], "Geachte"), "m": (["de heer ", "dhr. "], "Geachte")},
    "pl": {"f": (["Pani "], "Szanowna"), "m": (["Pan "], "Szanowny")},
    "cs": {"f": (["paní "], "Vážená"), "m": (["pan "], "Vážený")},
    "ro": {"f": (["doamna "], "Stimată"), "m": (["domnul "], "Stimate")},
    "el": {"f": (["κα "], "Αγαπητή"), "m": (["κ. "], "Αγαπητέ")},
    "id": {"f": (["Ibu "], "Yth."), "m": (["Bapak "], "Yth.")},
    "vi": {"f": (["bà "], "Kính gửi"), "m": (["ông "], "Kính gửi")},
    "ar": {"f": (["السيدة "], "عزيزتي"), "m": (["السيد "], "عزيزي")},
}
NAME_FRAMES = {
    "en": [("email", "Hi {v},\n\nthanks for the quick reply. The documents are attached.\n\nBest,\nProcurement"),
           ("email", "{D} {T}{v},\n\nyour appointment has been moved to Thursday."),
           ("email", "Kind regards,\n{v}\nSenior Buyer"),
           ("ticket", "Status: open\nAssigned to: {v}\nPriority: P2"),
           ("mail-header", "From: {v}\nSent: Tuesday 11:42\nSubject: Re: quarterly numbers"),
           ("markdown", "| Owner | Area |\n|---|---|\n| {v} | billing |"),
           ("chat", "can you loop in {v}? they own the vendor contract"),
           ("log", "2025-04-11 16:22:03 INFO audit: record updated by \"{v}\""),
           ("form", "Full name: {v}"),
           ("pdf-extract", "Patient :   {v}\nWard : East"),
           ("json", '{"owner": "{v}", "team": "platform"}'),
           ("prose", "According to {v}, the shipment left the port on time."),
           ("chat", "\"{v}\" is on the guest list"),
           ("sms", "{v} here - running 10 min late"),
           ("code", "# reviewed-by: {v}"),
           ("chat-transcript", "[09:14] {v}: morning all, standup in 5"),
           ("prose", "The award went to {v}.")],
    "de": [("email", "{D} {T}{v},\n\nvielen Dank für Ihre Nachricht."),
           ("email", "Mit freundlichen Grüßen\n\n{v}\nAbteilung Einkauf"),
           ("ticket", "Zugewiesen an: {v}\nStatus: in Bearbeitung"),
           ("chat", "hat {v} schon zurückgerufen?"),
           ("form", "Ansprechpartner/in: {v}"),
           ("prose", "Laut {v} ist die Lieferung bereits unterwegs."),
           ("mail-header", "Von: {v}\nGesendet: Montag, 3. März 2025 09:14\nBetreff: Angebot"),
           ("chat", "„{v}“ steht nicht auf der Liste"),
           ("pdf-extract", "Sachbearbeitung :  {v}\nVorgang : Reklamation")],
    "fr": [("email", "Bonjour {T}{v},\n\nje reviens vers vous concernant le devis."),
           ("email", "Bien cordialement,\n\n{v}\nResponsable comptabilité"),
           ("ticket", "Assigné à : {v}"),
           ("chat", "tu as des nouvelles de {v} ?"),
           ("prose", "Selon {v}, le chantier reprendra lundi."),
           ("chat", "« {v} » n'est pas dans l'annuaire"),
           ("mail-header", "De : {v}\nEnvoyé : mardi 4 mars 2025 10:02\nObjet : Réunion")],
    "es": [("email", "{D} {T}{v}:\n\nle escribimos en relación con su solicitud."),
           ("email", "Un saludo,\n{v}\nDepartamento de Compras"),
           ("ticket", "Asignado a: {v}"),
           ("chat", "¿has hablado con {v}?"),
           ("prose", "Según {v}, el pedido sale mañana."),
           ("chat", "«{v}» ya confirmó la reserva")],
    "nl": [("email", "Beste {v},\n\nbedankt voor je bericht."),
           ("email", "Met vriendelijke groet,\n\n{v}\nInkoop"),
           ("ticket", "Toegewezen aan: {v}"),
           ("chat", "heeft {v} al gereageerd?"),
           ("email", "{D} {T}{v},\n\nhierbij de offerte.")],
    "it": [("email", "{D} {T}{v},\n\nle confermiamo l'appuntamento."),
           ("email", "Cordiali saluti,\n{v}"),
           ("ticket", "Assegnato a: {v}"),
           ("chat", "hai sentito {v} oggi?"),
           ("prose", "Secondo {v}, la consegna è confermata.")],
    "pt": [("email", "Olá {v},\n\nobrigado pelo contacto."),
           ("email", "{D} {T}{v},\n\nsegue em anexo a proposta."),
           ("email", "Com os melhores cumprimentos,\n{v}"),
           ("ticket", "Atribuído a: {v}")],
    "pl": [("email", "{D} {T}{v},\n\nw załączeniu przesyłamy umowę."),
           ("email", "Pozdrawiam,\n{v}"),
           ("ticket", "Przypisano do: {v}"),
           ("chat", "czy {v} już odpisał(a)?")],
    "sv": [("email", "Hej {v},\n\ntack för ditt mejl."),
           ("email", "Med vänliga hälsningar\n{v}"),
           ("ticket", "Tilldelad: {v}")],
    "no": [("email", "Hei {v},\n\ntakk for svaret."),
           ("email", "Vennlig hilsen\n{v}"),
           ("ticket", "Tildelt: {v}")],
    "da": [("email", "Kære {v}\n\nTak for din henvendelse."),
           ("email", "Med venlig hilsen\n{v}"),
           ("ticket", "Tildelt til: {v}")],
    "tr": [("email", "Sayın {v},\n\nbaşvurunuz alınmıştır."),
           ("email", "Saygılarımla,\n{v}"),
           ("ticket", "Atanan: {v}"),
           ("chat", "{v} toplantıya gelecek mi?")],
    "cs": [("email", "{D} {T}{v},\n\nděkujeme za zprávu."), ("email", "S pozdravem\n{v}"), ("ticket", "Řešitel: {v}")],
    "sk": [("email", "S pozdravom\n{v}"), ("ticket", "Riešiteľ: {v}")],
    "hu": [("email", "Kedves {v}!\n\nKöszönjük megkeresését."), ("email", "Üdvözlettel:\n{v}"), ("ticket", "Felelős: {v}")],
    "ro": [("email", "{D} {T}{v},\n\nvă mulțumim pentru mesaj."), ("email", "Cu stimă,\n{v}")],
    "fi": [("email", "Hei {v},\n\nkiitos viestistäsi."), ("email", "Ystävällisin terveisin\n{v}")],
    "el": [("email", "{D} {T}{v},\n\nσας ευχαριστούμε."), ("email", "Με εκτίμηση,\n{v}"), ("ticket", "Ανατέθηκε σε: {v}")],
    "id": [("email", "{D} {T}{v},\n\nterima kasih atas pesan Anda."), ("chat", "sudah hubungi {T}{v}?"), ("email", "Hormat kami,\n{v}")],
    "vi": [("email", "{D} {T}{v},\n\ncảm ơn quý khách."), ("email", "Trân trọng,\n{v}"), ("ticket", "Người phụ trách: {v}")],
    "ja": [("email", "{v}様\n\nいつもお世話になっております。"), ("form", "氏名：{v}"), ("chat", "担当は「{v}」さんです。"),
           ("form", "登録名（ローマ字）：{v}"), ("pdf-extract", "Name / 氏名:  {v}")],
    "zh": [("email", "{v}您好，\n\n附件是合同。"), ("form", "联系人：{v}"), ("chat", "请联系{v}。")],
    "ko": [("email", "{v}님께,\n\n안녕하세요."), ("form", "성명: {v}"), ("chat", "담당자는 {v} 입니다"),
           ("form", "영문 성명: {v}")],
    "ar": [("email", "{D} {T}{v}،\n\nشكراً لتواصلك معنا."), ("form", "الاسم: {v}"), ("email", "مع التحية،\n{v}")],
    "he": [("email", "שלום {v},\n\nתודה על פנייתך."), ("form", "שם מלא: {v}"), ("email", "בברכה,\n{v}")],
    "hi": [("email", "प्रिय {v} जी,\n\nआपका आवेदन प्राप्त हुआ।"), ("form", "नाम: {v}"), ("email", "सादर,\n{v}")],
    "uk": [("email", "Доброго дня, {v}!"), ("form", "ПІБ: {v}"), ("email", "З повагою,\n{v}"), ("ticket", "Виконавець: {v}")],
}
ROMAN_TO_EN = ("ar", "he", "hi", "el", "uk")

POSTCODES = {"de": "NXXXX", "fr": "NXXXX", "es": "NXXXX", "it": "NXXXX", "pt": "NXXX-XXX", "nl": "NXXX @@",
             "pl": "NX-XXX", "sv": "NXX XX", "no": "NXXX", "da": "NXXX", "cs": "NXX XX", "sk": "NXX XX", "hu": "NXXX",
             "ro": "NXXXXX", "tr": "NXXXX", "el": "NXX XX", "hr": "NXXXX", "id": "NXXXX", "ms": "NXXXX", "uk": "NXXXX",
             "en_uk": "UK", "en_us": "NXXXX"}
CITIES = {"en_us": ["Portland, OR", "Madison, WI", "Ann Arbor, MI", "Boulder, CO", "Savannah, GA", "Tacoma, WA"],
          "en_uk": ["Leeds", "Bristol", "York", "Norwich", "Exeter"], "de": ["Kassel", "Freiburg", "Rostock", "Bamberg", "Münster"],
          "fr": ["Nantes", "Grenoble", "Rouen", "Dijon"], "es": ["Zaragoza", "Valladolid", "Murcia", "Gijón"],
          "it": ["Bergamo", "Parma", "Lecce", "Trento"], "pt": ["Braga", "Coimbra", "Aveiro"], "nl": ["Utrecht", "Zwolle", "Delft", "Groningen"],
          "pl": ["Poznań", "Gdańsk", "Lublin", "Toruń"], "sv": ["Uppsala", "Umeå", "Västerås"], "no": ["Bergen", "Tromsø", "Drammen"],
          "da": ["Aarhus", "Odense", "Aalborg"], "cs": ["Brno", "Olomouc", "Plzeň"], "sk": ["Košice", "Žilina", "Nitra"],
          "hu": ["Debrecen", "Szeged", "Pécs"], "ro": ["Cluj-Napoca", "Iași", "Brașov"], "tr": ["İzmir", "Eskişehir", "Bursa"],
          "el": ["Πάτρα", "Ηράκλειο", "Λάρισα"], "hr": ["Split", "Rijeka", "Osijek"], "id": ["Bandung", "Yogyakarta", "Semarang"],
          "ms": ["Ipoh", "Shah Alam", "Melaka"], "vi": ["Đà Nẵng", "Huế", "Cần Thơ"], "uk": ["Львів", "Одеса", "Харків"],
          "he": ["חיפה", "באר שבע", "נתניה"], "ar": ["عمّان", "الإسكندرية", "الدار البيضاء"], "ko": ["부산광역시 해운대구", "대전광역시 유성구", "광주광역시 북구"],
          "sw": ["Arusha", "Mombasa", "Dodoma"], "tl": ["Lungsod Quezon", "Cebu", "Iloilo"]}
STREET_LANG = {"en_us": "en", "en_uk": "en"}
STREET_FRAMES = {
    "en_us": [("form", "Shipping address:\n{v}\n{city} {pc}"), ("email", "Please send the documents to {v}, {city} {pc}."),
              ("chat", "I'm at {v} now, the blue door"), ("json", '{"line1": "{v}", "city": "{city}", "zip": "{pc}"}'),
              ("ticket", "Delivery failed at {v} – nobody home."), ("sms", "pick me up at {v}")],
    "en_uk": [("email", "Our new office: {v}, {city} {pc}"), ("form", "Address line 1: {v}\nTown: {city}\nPostcode: {pc}"),
              ("chat", "it's {v}, round the back")],
    "de": [("email", "Lieferadresse: {v}, {pc} {city}"), ("form", "Straße und Hausnummer: {v}\nPLZ/Ort: {pc} {city}"),
           ("chat", "neue Adresse: {v}, {city}"), ("pdf-extract", "Rechnungsanschrift\n{v}\n{pc}  {city}"),
           ("sms", "Paket bitte an {v} liefern"), ("letter", "Nordlicht Logistik GmbH · {v} · {pc} {city}")],
    "fr": [("email", "Adresse de livraison : {v}, {pc} {city}"), ("form", "Adresse : {v}\nCode postal : {pc}\nVille : {city}"),
           ("chat", "rdv au {v} ce soir"), ("letter", "{v}\n{pc} {city}\nFRANCE")],
    "es": [("email", "La dirección de entrega es {v}, {pc} {city}."), ("form", "Dirección: {v}\nCP: {pc}\nLocalidad: {city}"),
           ("chat", "estoy en {v}, tercero izquierda")],
    "it": [("email", "Indirizzo di consegna: {v}, {pc} {city}"), ("form", "Via e numero civico: {v}\nCAP: {pc}\nCittà: {city}"),
           ("chat", "abito in {v}")],
    "pt": [("email", "Morada: {v}, {pc} {city}"), ("form", "Endereço: {v}\nCódigo postal: {pc} {city}"), ("chat", "fico na {v}")],
    "nl": [("email", "Ons nieuwe adres: {v}, {pc} {city}"), ("form", "Straat + huisnummer: {v}\nPostcode: {pc}\nPlaats: {city}"),
           ("chat", "ik woon op {v}")],
    "pl": [("email", "Adres dostawy: {v}, {pc} {city}"), ("form", "Ulica i numer: {v}\nKod pocztowy: {pc}\nMiejscowość: {city}"),
           ("chat", "adres: {v}, {city}")],
    "sv": [("email", "Leveransadress: {v}, {pc} {city}"), ("form", "Gatuadress: {v}\nPostnummer: {pc}\nOrt: {city}")],
    "no": [("email", "Leveringsadresse: {v}, {pc} {city}"), ("form", "Adresse: {v}\nPostnr./sted: {pc} {city}")],
    "da": [("email", "Leveringsadresse: {v}, {pc} {city}"), ("form", "Adresse: {v}\nPostnr.: {pc}\nBy: {city}")],
    "cs": [("email", "Doručovací adresa: {v}, {pc} {city}"), ("form", "Ulice a č. p.: {v}\nPSČ: {pc}")],
    "sk": [("email", "Adresa: {v}, {pc} {city}")],
    "hu": [("email", "Szállítási cím: {pc} {city}, {v}"), ("form", "Utca, házszám: {v}")],
    "ro": [("email", "Adresa de livrare: {v}, {city} {pc}"), ("form", "Strada și numărul: {v}")],
    "tr": [("email", "Teslimat adresi: {v}, {pc} {city}"), ("form", "Adres: {v} Kat: 3 Daire: 7")],
    "el": [("email", "Διεύθυνση αποστολής: {v}, {pc} {city}")],
    "hr": [("email", "Adresa za dostavu: {v}, {pc} {city}")],
    "id": [("email", "Alamat pengiriman: {v}, {city} {pc}"), ("chat", "kirim ke {v} ya")],
    "ms": [("email", "Alamat: {v}, {pc} {city}")],
    "vi": [("email", "Địa chỉ giao hàng: {v}, {city}")],
    "uk": [("email", "Адреса доставки: {v}, {city}, {pc}")],
    "he": [("email", "כתובת למשלוח: {v}, {city}")],
    "ar": [("email", "عنوان التسليم: {v}، {city}")],
    "ko": [("email", "배송지: {city} {v}")],
    "sw": [("email", "Anwani: {v}, {city}")],
    "tl": [("email", "Ipadala sa {v}, {city}")],
}
STREET_WEIGHT = {"en_us": 10, "en_uk": 7, "de": 14, "fr": 12, "es": 10, "it": 10, "pt": 8, "nl": 9, "pl": 9, "sv": 7,
                 "no": 7, "da": 7}


def gen_postcode(rng, key):
    pat = POSTCODES.get(key)
    if pat is None:
        return ""
    if pat == "UK":
        return rng.choice(["LS", "BS", "YO", "NR", "EX"]) + str(rng.randint(1, 20)) + " " + str(rng.randint(1, 9)) + \
            rstr(rng, "ABDEFGHJLNPQRSTUWXYZ", 2)
    out = fill_pattern(rng, pat)
    return "".join(rng.choice("ABCDEFGHJKLMNPRSTVWXZ") if ch == "@" else ch for ch in out)


# ---------------------------------------------------------------------------
# single-value samples
# ---------------------------------------------------------------------------
GEN = {
    "email": lambda rng, f: gen_email(rng, f)[0], "phone": lambda rng, f: gen_phone(rng, f)[0],
    "ipv4": lambda rng, f: gen_ipv4(rng, f)[0], "ipv6": lambda rng, f: gen_ipv6(rng, f)[0],
    "openai_key": lambda rng, f: gen_openai(rng, f)[0], "anthropic_key": lambda rng, f: gen_anthropic(rng, f)[0],
    "aws_access_key": lambda rng, f: gen_aws(rng, f)[0], "github_token": lambda rng, f: gen_github(rng, f)[0],
    "jwt": lambda rng, f: gen_jwt(rng, f)[0], "bearer_token": lambda rng, f: gen_bearer(rng, f)[0],
    "ssn": lambda rng, f: gen_ssn(rng, f)[0],
}
SINGLE_PLAN = [  # detector, count, forms (cycled)
    ("person_name", 235, None), ("street_address", 175, None), ("phone", 120, PHONE_FORMS),
    ("email", 105, EMAIL_FORMS), ("iban", 95, IBAN_FORMS), ("credit_card", 90, None), ("ipv4", 60, IPV4_FORMS),
    ("ipv6", 50, IPV6_FORMS), ("ssn", 50, SSN_FORMS), ("jwt", 45, JWT_FORMS), ("private_key", 45, None),
    ("github_token", 40, GITHUB_FORMS), ("bearer_token", 40, BEARER_FORMS), ("openai_key", 35, OPENAI_FORMS),
    ("aws_access_key", 35, ["akia", "akia", "asia"]), ("anthropic_key", 30, ["api03"]),
]
GENERIC_DETS = ("email", "phone", "credit_card", "iban", "ipv4", "ipv6")
SECRET_DETS = ("openai_key", "anthropic_key", "aws_access_key", "github_token")


def cond_ok(cond, form):
    if cond is None:
        return True
    if cond == "never":
        return False
    return cond(form)


def draw_single(rng, det, i, forms):
    """One attempt: returns (text, labels, lang, form, context)."""
    if det == "person_name":
        entry = NAME_POOL[i % len(NAME_POOL)] if i < len(NAME_POOL) else rng.choice(NAME_POOL)
        style = rng.choice(["plain", "plain", "plain", "middle_initial", "caps_family", "plain"])
        if entry["lang"] not in ("en", "de", "nl", "sv", "no", "da", "fi") and style == "middle_initial":
            style = "plain"
        if entry["lang"] not in ("fr", "it", "es", "pt", "de", "pl", "en", "ja", "ko", "ro", "tr") and style == "caps_family":
            style = "plain"
        v, form = render_name(rng, entry, style)
        lang = entry["lang"]
        if entry["order"] == "gf" and lang in ROMAN_TO_EN + ("ja",):
            lang = "en"
        if lang in ("ja", "ko") and entry["order"] == "fg":
            frames = [f for f in NAME_FRAMES[lang] if "ローマ字" in f[1] or "Name /" in f[1] or "영문" in f[1]]
        elif lang in ("ja", "ko"):
            frames = [f for f in NAME_FRAMES[lang] if "ローマ字" not in f[1] and "영문" not in f[1]]
        else:
            frames = NAME_FRAMES[lang]
        ctx, tpl = rng.choice(frames)
        tset = TITLES.get(lang, {}).get(entry["sex"])
        if ("{T}" in tpl or "{D}" in tpl) and not tset:
            return None
        T = rng.choice(tset[0]) if tset else ""
        D = tset[1] if tset else ""
        if "{D}" not in tpl and rng.random() < 0.5:
            T = ""
        text = fill(tpl, T=T, D=D, v=v)
        return text, [("person_name", v, form)], lang, form, ctx
    if det == "street_address":
        keys = sorted(STREETS)
        key = rng.choices(keys, weights=[STREET_WEIGHT.get(k, 4) for k in keys])[0]
        v, form, key = gen_street(rng, key)
        ctx, tpl = rng.choice(STREET_FRAMES[key])
        text = fill(tpl, v=v, pc=gen_postcode(rng, key), city=rng.choice(CITIES[key]))
        return text, [("street_address", v, form)], STREET_LANG.get(key, key), form, ctx
    if det == "credit_card":
        brand = CARD_BRANDS[i % len(CARD_BRANDS)]
        sep = CARD_SEPS[(i // len(CARD_BRANDS) + i % len(CARD_BRANDS)) % len(CARD_SEPS)]
        v, form = gen_card(rng, brand, sep)
    elif det == "iban":
        form = forms[i % len(forms)]
        ccs = sorted(IBAN_SPECS)
        v, form, _ = gen_iban(rng, form, ccs[i % len(ccs)])
    elif det == "private_key":
        kind = PK_KINDS[i % len(PK_KINDS)]
        layout = PK_LAYOUTS[(i // len(PK_KINDS) + i % len(PK_KINDS)) % len(PK_LAYOUTS)]
        lang, ctx, tpl = rng.choice(PK_FRAMES[layout])
        indent = "    "
        v, form = gen_private_key(rng, kind, layout, indent)
        text = fill(tpl, v=v)
        if layout == "crlf":
            text = text.replace("\r\n", "\n").replace("\n", "\r\n")
        return text, [("private_key", v, form)], lang, form, ctx
    else:
        form = forms[i % len(forms)]
        v = GEN[det](rng, form)
    # choose frame: specific or generic
    specific = [f for f in SPECIFIC.get(det, []) if cond_ok(f[3] if len(f) > 3 else None, form)]
    use_generic = det in GENERIC_DETS and (rng.random() < 0.5 or not specific)
    if det in SECRET_DETS and rng.random() < 0.15:
        use_generic = True
    if use_generic:
        lang = pick_lang(rng)
        ctx, tpl = rng.choice(GENERIC[lang])
        lab = LABELS[lang]["key" if det in SECRET_DETS else det]
        text = fill(tpl, L=lab, v=v)
    else:
        lang, ctx, tpl = rng.choice(specific)[:3]
        text = fill(tpl, v=v)
    if det == "phone" and form == "tel_link" and "tel:" not in text:
        lang, ctx = "en", "html"
        text = '<a href="tel:' + v + '">' + rng.choice(["Call", "Anrufen", "Appeler", "Llamar"]) + "</a>"
    return text, [(det, v, form)], lang, form, ctx


def build_singles(rng):
    out = []
    for det, count, forms in SINGLE_PLAN:
        made = 0
        i = 0
        while made < count:
            i += 1
            assert i < count * 60, (det, REJECTS)
            d = draw_single(rng, det, made if det != "person_name" else made, forms)
            if d is None:
                continue
            s = make_sample(*d)
            if s:
                out.append(s)
                made += 1
    return out


# ---------------------------------------------------------------------------
# multi-value layouts (12)
# ---------------------------------------------------------------------------
PROFILES = {  # street key -> (prose lang, phone cc, iban cc, name lang)
    "de": ("de", "DE", "DE", "de"), "fr": ("fr", "FR", "FR", "fr"), "es": ("es", "ES", "ES", "es"),
    "it": ("it", "IT", "IT", "it"), "pt": ("pt", "PT", "PT", "pt"), "nl": ("nl", "NL", "NL", "nl"),
    "pl": ("pl", "PL", "PL", "pl"), "sv": ("sv", "SE", "SE", "sv"), "no": ("no", "NO", "NO", "no"),
    "da": ("da", "DK", "DK", "da"), "en_uk": ("en", "GB", "GB", "en"), "en_us": ("en", "US", None, "en"),
    "cs": ("cs", "CZ", "CZ", "cs"), "sk": ("sk", "SK", "SK", "sk"), "hu": ("hu", "HU", "HU", "hu"),
    "ro": ("ro", "RO", "RO", "ro"), "tr": ("tr", "TR", "TR", "tr"), "hr": ("hr", "HR", "HR", "en"),
}
PROFILE_KEYS = sorted(PROFILES)
COMPANIES = ["Bluefjord Systems AS", "Nordhafen Logistik GmbH", "Vireo Solutions S.A.", "Solbakken Energi AS",
             "Atelier Lumen SARL", "Brisa Marina S.L.", "Vigna Alta S.r.l.", "Polderlicht B.V.", "Zielony Młyn Sp. z o.o.",
             "Granskog Trä AB", "Tidewater Analytics Ltd", "Quillstone Inc.", "Kestrel Works Ltd", "Anadolu Ticaret A.Ş.",
             "Tilia Software s.r.o.", "Ribeira Têxtil Lda."]


def pick_name(rng, lang, used=()):
    cands = [e for e in NAME_POOL if e["lang"] == lang and e["order"] != "native"]
    if not cands:
        cands = [e for e in NAME_POOL if e["lang"] == "en"]
    while True:
        e = rng.choice(cands)
        v, form = render_name(rng, e, rng.choice(["plain", "plain", "plain", "caps_family", "middle_initial"])
                              if lang in ("en", "de", "fr") else "plain")
        if v not in used and not any(v in u or u in v for u in used):
            return v, form


def L(det, vf):
    return (det, vf[0], vf[1])


def lay_vcard(rng):
    key = rng.choice(PROFILE_KEYS)
    lang, pcc, icc, nlang = PROFILES[key]
    name = pick_name(rng, nlang)
    tel = gen_phone(rng, rng.choice(["intl_plus", "intl_plus", "national", "compact_plus"]), pcc)[:2]
    mail = gen_email(rng, rng.choice(["plain", "plain_name", "upper", "plus_tag"]))
    st = gen_street(rng, key)
    city = rng.choice(CITIES[key])
    text = ("BEGIN:VCARD\nVERSION:3.0\nFN:%s\nORG:%s\nTEL;TYPE=WORK,VOICE:%s\nEMAIL;TYPE=INTERNET:%s\n"
            "ADR;TYPE=WORK:;;%s;%s;;%s;\nEND:VCARD") % (name[0], rng.choice(COMPANIES), tel[0], mail[0], st[0],
                                                     city, gen_postcode(rng, key))
    return text, [L("person_name", name), L("phone", tel), L("email", mail), ("street_address", st[0], st[1])], "en", "vcard"


def lay_csv_crm(rng):
    rows, labels, used = [], [], []
    sep = rng.choice([",", ";", "\t"])
    hdr = sep.join(["id", "full_name", "email", "phone", "country", "created_at"])
    for k in range(rng.randint(2, 4)):
        key = rng.choice(PROFILE_KEYS)
        lang, pcc, icc, nlang = PROFILES[key]
        name = pick_name(rng, nlang, used)
        used.append(name[0])
        mail = gen_email(rng, rng.choice(["plain", "plain_name", "subdomain"]))
        tel = gen_phone(rng, rng.choice(["intl_plus", "compact_plus", "intl_00"]), pcc)[:2]
        rows.append(sep.join([str(1000 + k * 37 + rng.randint(0, 30)), name[0], mail[0], tel[0], pcc,
                              "2025-%02d-%02d" % (rng.randint(1, 12), rng.randint(1, 28))]))
        labels += [L("person_name", name), L("email", mail), L("phone", tel)]
    return hdr + "\n" + "\n".join(rows), labels, "en", "csv"


def lay_sql(rng):
    vals, labels, used = [], [], []
    for k in range(rng.randint(1, 3)):
        key = rng.choice([k2 for k2 in PROFILE_KEYS if PROFILES[k2][2]])
        lang, pcc, icc, nlang = PROFILES[key]
        name = pick_name(rng, nlang, used)
        used.append(name[0])
        mail = gen_email(rng, "plain")
        iban = gen_iban(rng, rng.choice(["compact", "compact", "space4"]), icc)[:2]
        ip = gen_ipv4(rng, rng.choice(["private", "public"]))
        vals.append("(%d, '%s', '%s', '%s', '%s')" % (rng.randint(100, 99999), name[0].replace("'", "''"), mail[0], iban[0], ip[0]))
        labels += [L("person_name", name), L("email", mail), L("iban", iban), L("ipv4", ip)]
    text = "INSERT INTO customers (id, name, email, iban, last_ip) VALUES\n  " + ",\n  ".join(vals) + ";"
    return text, labels, "en", "sql"


def lay_http(rng):
    labels = []
    if rng.random() < 0.5:
        tok = gen_jwt(rng)
        labels.append(L("jwt", tok))
    else:
        tok = gen_bearer(rng)
        labels.append(L("bearer_token", tok))
    ip = gen_ipv4(rng, rng.choice(["public", "private"]))
    labels.append(L("ipv4", ip))
    mail = gen_email(rng, "plain")
    labels.append(L("email", mail))
    extra = ""
    if rng.random() < 0.5:
        ip6 = gen_ipv6(rng, rng.choice(["compressed", "full"]))
        labels.append(L("ipv6", ip6))
        extra = "X-Real-IP: %s\n" % ip6[0]
    tel = gen_phone(rng, "intl_plus")[:2]
    labels.append(L("phone", tel))
    body = json.dumps({"email": mail[0], "phone": tel[0], "newsletter": rng.random() < 0.5}, ensure_ascii=False)
    text = ("PATCH /api/v2/profile HTTP/1.1\nHost: api.%s\nUser-Agent: okhttp/4.12.0\nAuthorization: Bearer %s\n"
            "X-Forwarded-For: %s\n%sContent-Type: application/json\nContent-Length: %d\n\n%s") % (
        rng.choice(DOMAINS), tok[0], ip[0], extra, len(body.encode()), body)
    return text, labels, "en", "http"


def lay_env(rng):
    lines, labels = ["# .env.production — do not commit"], []
    ip = gen_ipv4(rng, "private")
    lines.append("DB_HOST=" + ip[0])
    lines.append("DB_PORT=5432")
    labels.append(L("ipv4", ip))
    choices = ["openai", "aws", "github", "anthropic", "mail", "pk"]
    rng.shuffle(choices)
    for c in sorted(choices[:rng.randint(3, 5)], key=choices.index):
        if c == "openai":
            v = gen_openai(rng)
            lines.append("OPENAI_API_KEY=" + v[0]); labels.append(L("openai_key", v))
        elif c == "aws":
            v = gen_aws(rng)
            lines.append("AWS_ACCESS_KEY_ID=" + v[0]); lines.append("AWS_REGION=eu-north-1"); labels.append(L("aws_access_key", v))
        elif c == "github":
            v = gen_github(rng)
            lines.append("GH_TOKEN=" + v[0]); labels.append(L("github_token", v))
        elif c == "anthropic":
            v = gen_anthropic(rng)
            lines.append("ANTHROPIC_API_KEY=\"%s\"" % v[0]); labels.append(L("anthropic_key", v))
        elif c == "mail":
            v = gen_email(rng, "plain")
            lines.append("ALERT_EMAIL=" + v[0]); labels.append(L("email", v))
        elif c == "pk":
            v = gen_private_key(rng, rng.choice(["pkcs8_ec", "pkcs8_ed25519", "sec1_ec", "openssh"]), "env_quoted")
            lines.append("SIGNING_KEY=\"%s\"" % v[0]); labels.append(L("private_key", v))
    return "\n".join(lines), labels, "en", "env"


INVOICE_WORDS = {
    "de": ("RECHNUNG", "Rechnungsnr.", "Ansprechpartner", "Bankverbindung", "Tel.", "E-Mail", "Summe"),
    "fr": ("FACTURE", "N° facture", "Contact", "Coordonnées bancaires", "Tél.", "Courriel", "Total TTC"),
    "es": ("FACTURA", "N.º factura", "Contacto", "Datos bancarios", "Tel.", "Correo", "Total"),
    "it": ("FATTURA", "N. fattura", "Referente", "Coordinate bancarie", "Tel.", "E-mail", "Totale"),
    "nl": ("FACTUUR", "Factuurnr.", "Contactpersoon", "Bankgegevens", "Tel.", "E-mail", "Totaal"),
    "pl": ("FAKTURA VAT", "Nr faktury", "Osoba kontaktowa", "Dane do przelewu", "Tel.", "E-mail", "Razem"),
    "en": ("INVOICE", "Invoice no.", "Contact", "Bank details", "Phone", "Email", "Total due"),
    "pt": ("FATURA", "N.º fatura", "Contacto", "Dados bancários", "Tel.", "E-mail", "Total"),
}
INV_KEYS = {"de": "de", "fr": "fr", "es": "es", "it": "it", "nl": "nl", "pl": "pl", "en": "en_uk", "pt": "pt"}


def lay_invoice(rng):
    lang = rng.choice(sorted(INVOICE_WORDS))
    key = INV_KEYS[lang]
    _, pcc, icc, nlang = PROFILES[key]
    W = INVOICE_WORDS[lang]
    name = pick_name(rng, nlang)
    st = gen_street(rng, key)
    iban = gen_iban(rng, rng.choice(["space4", "space4", "compact", "nbsp4"]), icc)[:2]
    tel = gen_phone(rng, rng.choice(["intl_plus", "national", "intl_00"]), pcc)[:2]
    mail = gen_email(rng, rng.choice(["plain", "plain_name"]))
    gap = lambda: " " * rng.randint(2, 6)
    text = "\n".join([
        rng.choice(COMPANIES) + gap() + W[0],
        st[0] + ", " + gen_postcode(rng, key) + " " + rng.choice(CITIES[key]),
        W[1] + ":" + gap() + "%s-%d-%05d" % (lang.upper(), 2025, rng.randint(1, 99999)),
        W[2] + ":" + gap() + name[0],
        W[4] + " " + tel[0] + gap() + W[5] + " " + mail[0],
        "",
        W[6] + gap() + "%d,%02d EUR" % (rng.randint(100, 9999), rng.randint(0, 99)),
        W[3] + ":" + gap() + "IBAN " + iban[0],
        "— 1 / 1 —",
    ])
    return text, [L("street_address", st[:2]), L("person_name", name), L("phone", tel), L("email", mail),
                  L("iban", iban)], lang, "pdf-extract"


SHIP_WORDS = {"en": ("SHIP TO", "TEL"), "de": ("EMPFÄNGER", "Tel."), "fr": ("DESTINATAIRE", "Tél."),
              "es": ("DESTINATARIO", "Tel."), "it": ("DESTINATARIO", "Tel."), "nl": ("ONTVANGER", "Tel."),
              "pl": ("ODBIORCA", "Tel."), "sv": ("MOTTAGARE", "Tel."), "no": ("MOTTAKER", "Tlf."), "da": ("MODTAGER", "Tlf."),
              "cs": ("PŘÍJEMCE", "Tel."), "hu": ("CÍMZETT", "Tel."), "tr": ("ALICI", "Tel.")}
SHIP_KEYS = {"en": "en_us", "de": "de", "fr": "fr", "es": "es", "it": "it", "nl": "nl", "pl": "pl", "sv": "sv",
             "no": "no", "da": "da", "cs": "cs", "hu": "hu", "tr": "tr"}


def lay_shipping(rng):
    lang = rng.choice(sorted(SHIP_WORDS))
    key = SHIP_KEYS[lang]
    _, pcc, icc, nlang = PROFILES[key]
    name = pick_name(rng, nlang)
    if rng.random() < 0.4:
        name = (name[0].upper(), "caps_full") if name[1] != "middle_initial" else name
    st = gen_street(rng, key)
    tel = gen_phone(rng, rng.choice(["intl_plus", "national", "nbsp"]), pcc)[:2]
    W = SHIP_WORDS[lang]
    pc, city = gen_postcode(rng, key), rng.choice(CITIES[key])
    line3 = (pc + " " + city).strip() if key != "en_us" else city + " " + pc
    track = "%s %s %s" % (rstr(rng, "ABCDEFGHJKLMNPRSTUVWXYZ", 2), rstr(rng, string.digits, 4), rstr(rng, "ABCDEFGHJKLMNPRSTUVWXYZ", 3))
    text = "%s:\n%s\n%s\n%s\n%s: %s\n\nPKG 1/1  %.1f kg   REF %s" % (W[0], name[0], st[0], line3, W[1], tel[0],
                                                                    rng.uniform(0.3, 19.9), track)
    return text, [L("person_name", name), L("street_address", st[:2]), L("phone", tel)], lang, "shipping-label"


def lay_ticket(rng):
    lang = rng.choice(["en", "en", "de", "fr", "es", "nl"])
    W = {"en": ("Reporter", "Phone", "Assigned to", "Description", "Login fails since this morning, last attempt from"),
         "de": ("Melder", "Telefon", "Zugewiesen an", "Beschreibung", "Login schlägt seit heute früh fehl, letzter Versuch von"),
         "fr": ("Demandeur", "Téléphone", "Assigné à", "Description", "Connexion impossible depuis ce matin, dernier essai depuis"),
         "es": ("Solicitante", "Teléfono", "Asignado a", "Descripción", "No puede iniciar sesión desde esta mañana, último intento desde"),
         "nl": ("Melder", "Telefoon", "Toegewezen aan", "Omschrijving", "Inloggen mislukt sinds vanochtend, laatste poging vanaf")}[lang]
    nlang = lang if lang != "en" else "en"
    n1 = pick_name(rng, nlang)
    n2 = pick_name(rng, rng.choice([nlang, "en", "de", "nl"]), [n1[0]])
    mail = gen_email(rng, "plain")
    tel = gen_phone(rng, rng.choice(["intl_plus", "national"]), {"en": "GB", "de": "DE", "fr": "FR", "es": "ES", "nl": "NL"}[lang])[:2]
    ip = gen_ipv4(rng, rng.choice(["public", "private"])) if rng.random() < 0.7 else gen_ipv6(rng, "compressed")
    ipdet = "ipv6" if ":" in ip[0] else "ipv4"
    text = "Ticket #%d  [%s]\n%s: %s <%s>\n%s: %s\n%s: %s\n%s:\n%s %s." % (
        rng.randint(10000, 99999), rng.choice(["P2", "P3", "urgent"]), W[0], n1[0], mail[0], W[1], tel[0], W[2], n2[0],
        W[3], W[4], ip[0])
    return text, [L("person_name", n1), L("email", mail), L("phone", tel), L("person_name", n2), L(ipdet, ip)], lang, "ticket"


def lay_ci_yaml(rng):
    labels = []
    gh = gen_github(rng, rng.choice(["ghp", "pat", "ghs"]))
    aws = gen_aws(rng)
    labels += [L("github_token", gh), L("aws_access_key", aws)]
    lines = ["name: deploy", "on:", "  push:", "    branches: [main]", "jobs:", "  release:", "    runs-on: ubuntu-latest",
             "    env:", "      GH_PAT: %s" % gh[0], "      AWS_ACCESS_KEY_ID: %s" % aws[0],
             "      AWS_SECRET_ACCESS_KEY: ${{ secrets.AWS_SECRET }}"]
    if rng.random() < 0.6:
        an = gen_anthropic(rng)
        lines.append("      ANTHROPIC_API_KEY: \"%s\"" % an[0]); labels.append(L("anthropic_key", an))
    if rng.random() < 0.5:
        m = gen_email(rng, "plain")
        lines.append("      NOTIFY: %s" % m[0]); labels.append(L("email", m))
    lines += ["    steps:", "      - uses: actions/checkout@v4"]
    if rng.random() < 0.5:
        pk = gen_private_key(rng, rng.choice(["openssh", "pkcs8_ed25519", "sec1_ec"]), "yaml_block", " " * 10)
        lines += ["      - name: write key", "        env:", "          KEY: |", "          " + pk[0]]
        labels.append(L("private_key", pk))
    ip = gen_ipv4(rng, "public")
    lines.append("      - run: rsync -az dist/ deploy@%s:/srv/app" % ip[0] if False else "      - run: ./deploy.sh --target %s" % ip[0])
    labels.append(L("ipv4", ip))
    return "\n".join(lines), labels, "en", "yaml"


def lay_diff(rng):
    labels = []
    old_m, new_m = gen_email(rng, "plain"), gen_email(rng, "plain")
    if old_m[0] == new_m[0] or old_m[0] in new_m[0] or new_m[0] in old_m[0]:
        return None
    k_old, k_new = gen_openai(rng), gen_openai(rng)
    ip = gen_ipv4(rng, rng.choice(["private", "public"]))
    labels += [L("email", old_m), L("email", new_m), L("openai_key", k_old), L("openai_key", k_new), L("ipv4", ip)]
    text = ("diff --git a/config/settings.py b/config/settings.py\nindex 3e1a9c2..8f07d4b 100644\n--- a/config/settings.py\n"
            "+++ b/config/settings.py\n@@ -12,9 +12,9 @@ DEBUG = False\n-ADMIN_EMAIL = \"%s\"\n+ADMIN_EMAIL = \"%s\"\n"
            " CACHE_TTL = 300\n-OPENAI_KEY = \"%s\"\n+OPENAI_KEY = \"%s\"\n REDIS_HOST = \"%s\"\n") % (
        old_m[0], new_m[0], k_old[0], k_new[0], ip[0])
    if rng.random() < 0.4:
        nm = pick_name(rng, "en")
        text += "@@ -40,3 +40,3 @@\n-MAINTAINER = \"ops-team\"\n+MAINTAINER = \"%s\"\n" % nm[0]
        labels.append(L("person_name", nm))
    return text, labels, "en", "diff"


def lay_hr(rng):
    name = pick_name(rng, "en")
    ssn = gen_ssn(rng, rng.choice(["dashed", "dashed", "spaced", "bare"]))
    st = gen_street(rng, "en_us")
    tel = gen_phone(rng, rng.choice(["intl_plus", "national"]), "US")[:2]
    mail = gen_email(rng, rng.choice(["plain", "plain_name"]))
    city = rng.choice(CITIES["en_us"])
    text = ("NEW HIRE ONBOARDING — FORM W-4 PREP\n\nLegal name ........ %s\nSocial Security Number (SSN) ... %s\n"
            "Home address ...... %s, %s %s\nMobile ............ %s\nPersonal email .... %s\nStart date ........ %s\n") % (
        name[0], ssn[0], st[0], city, gen_postcode(rng, "en_us"), tel[0], mail[0],
        rng.choice(["June 2, 2025", "2025-07-14", "Sept 1st"]))
    return text, [L("person_name", name), L("ssn", ssn), L("street_address", st[:2]), L("phone", tel), L("email", mail)], "en", "form"


def xml_esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def lay_xml(rng):
    key = rng.choice(PROFILE_KEYS)
    lang, pcc, icc, nlang = PROFILES[key]
    name = pick_name(rng, nlang)
    mail = gen_email(rng, "plain")
    tel = gen_phone(rng, rng.choice(["intl_plus", "compact_plus"]), pcc)[:2]
    st = gen_street(rng, key)
    card = gen_card(rng, rng.choice(CARD_BRANDS), rng.choice(["compact", "space", "dash"]))
    text = ('<?xml version="1.0" encoding="UTF-8"?>\n<order id="SO-%d" currency="EUR">\n  <customer>\n    <name>%s</name>\n'
            '    <email>%s</email>\n    <phone type="mobile">%s</phone>\n    <address>\n      <street>%s</street>\n'
            '      <city>%s</city>\n      <zip>%s</zip>\n    </address>\n  </customer>\n  <payment method="card">\n'
            '    <pan>%s</pan>\n  </payment>\n</order>') % (
        rng.randint(100000, 999999), xml_esc(name[0]), mail[0], tel[0], xml_esc(st[0]), rng.choice(CITIES[key]),
        gen_postcode(rng, key), card[0])
    return text, [L("person_name", name), L("email", mail), L("phone", tel), L("street_address", st[:2]),
                  L("credit_card", card)], "en", "xml"


LAYOUTS = [("vcard", lay_vcard), ("csv_crm_export", lay_csv_crm), ("sql_insert", lay_sql), ("http_dump", lay_http),
           ("env_file", lay_env), ("invoice_pdf", lay_invoice), ("shipping_label", lay_shipping),
           ("support_ticket", lay_ticket), ("ci_workflow_yaml", lay_ci_yaml), ("git_config_diff", lay_diff),
           ("hr_onboarding_form", lay_hr), ("xml_order", lay_xml)]
PER_LAYOUT = 25


def build_multis(rng):
    out = []
    for lname, fn in LAYOUTS:
        made, tries = 0, 0
        while made < PER_LAYOUT:
            tries += 1
            assert tries < 2000, (lname, REJECTS)
            d = fn(rng)
            if d is None:
                continue
            text, labels, lang, ctx = d
            s = make_sample(text, labels, lang, lname, ctx)
            if s:
                out.append(s)
                made += 1
    return out


# ---------------------------------------------------------------------------
# hard negatives: look-alikes that no detector may report
# ---------------------------------------------------------------------------
def ch(rng, xs):
    return rng.choice(xs)


def neg_iban_bad(rng):
    while True:
        iban = gen_iban_compact(rng)
        bad = iban[:2] + "%02d" % ((int(iban[2:4]) + rng.randint(1, 96)) % 97 + 2 if False else rng.randint(2, 98)) + iban[4:]
        if iban_mod97(bad) != 1 and bad[2:4] != iban[2:4]:
            break
    v = group4(bad, " ") if rng.random() < 0.6 else bad
    lang, tpl = ch(rng, [("de", "IBAN {v} – Prüfziffer falsch, bitte erneut eingeben"), ("en", "Error: IBAN {v} failed validation"),
                        ("fr", "IBAN {v} invalide (clé de contrôle)"), ("es", "El IBAN {v} no es válido"),
                        ("nl", "Ongeldig IBAN: {v}"), ("it", "IBAN non valido: {v}"), ("pl", "Błędny numer IBAN: {v}")])
    return fill(tpl, v=v), lang, "form"


def neg_card_bad(rng):
    brand, length = ch(rng, CARD_BRANDS)
    num = card_digits(rng, brand, length)
    num = num[:-1] + str((int(num[-1]) + rng.randint(1, 9)) % 10)
    v = group_digits(num, card_groups(brand, length), ch(rng, [" ", "-", " "]))
    lang, tpl = ch(rng, [("en", "Payment declined: card {v} failed the checksum"), ("de", "Kartennummer {v} ist ungültig."),
                        ("fr", "Numéro de carte {v} refusé : numéro invalide"), ("es", "Tarjeta {v} rechazada (número no válido)"),
                        ("en", "test fixture: invalid_pan = \"{v}\"")])
    return fill(tpl, v=v), lang, "form"


def neg_nine_digit(rng):
    d = str(rng.randint(100000000, 999999999))
    v = ch(rng, [d, d, d[:3] + " " + d[3:6] + " " + d[6:], d[:3] + "-" + d[3:5] + "-" + d[5:]])
    lang, tpl = ch(rng, [("de", "Kundennummer {v} – bitte bei Rückfragen angeben"), ("en", "Your membership ID is {v}."),
                        ("fr", "Référence client : {v}"), ("es", "Número de socio: {v}"), ("nl", "Klantnummer {v}"),
                        ("en", "order_ref={v} status=shipped"), ("it", "Codice pratica {v}"), ("sv", "Ärendenummer {v}")])
    return fill(tpl, v=v), lang, "ticket"


def neg_ssn_bad(rng):
    r = rng.random()
    a = ch(rng, [0, 666, rng.randint(900, 999)]) if r < 0.6 else rng.randint(1, 899)
    g = 0 if r >= 0.6 and r < 0.85 else rng.randint(1, 99)
    sn = 0 if r >= 0.85 else rng.randint(1, 9999)
    if a == 666 and g == 0:
        g = 1
    v = "%03d-%02d-%04d" % (a, g, sn)
    tpl = ch(rng, ["SSN {v} rejected: invalid area or group number", "Test data only – SSN field: {v} (not issued)",
                   "validator: social security number {v} is not a valid SSN", "SSN: {v} (placeholder from the template)"])
    return fill(tpl, v=v), "en", "form"


def neg_base64(rng):
    raw = bytes(rng.randint(0, 255) for _ in range(rng.randint(24, 90)))
    b = base64.b64encode(raw).decode()
    tpl = ch(rng, [("en", "html", '<img alt="logo" src="data:image/png;base64,iVBORw0KGgo{v}">'),
                   ("en", "email", "Content-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\n{v}"),
                   ("en", "json", '{"thumbnail": "{v}", "mime": "image/webp"}'),
                   ("de", "chat", "Anhang als Base64: {v}")])
    return fill(tpl[2], v=b), tpl[0], tpl[1]


def neg_hash(rng):
    n = ch(rng, [32, 40, 64])
    h = rstr(rng, "0123456789abcdef", n)
    cmd = {32: "md5sum", 40: "sha1sum", 64: "sha256sum"}[n]
    lang, ctx, tpl = ch(rng, [("en", "shell", "$ " + cmd + " release.tar.gz\n{v}  release.tar.gz"),
                              ("en", "log", "commit {v}\nMerge: 4c1e2 9ab03"), ("en", "http", 'ETag: "{v}"'),
                              ("de", "chat", "Prüfsumme passt: {v}"), ("en", "code", 'EXPECTED_DIGEST = "{v}"')])
    return fill(tpl, v=h), lang, ctx


def neg_uuid(rng):
    u = "%s-%s-4%s-%s%s-%s" % (rstr(rng, "0123456789abcdef", 8), rstr(rng, "0123456789abcdef", 4), rstr(rng, "0123456789abcdef", 3),
                              ch(rng, "89ab"), rstr(rng, "0123456789abcdef", 3), rstr(rng, "0123456789abcdef", 12))
    if rng.random() < 0.3:
        u = u.upper()
    lang, ctx, tpl = ch(rng, [("en", "log", "request_id={v} latency=182ms"), ("en", "json", '{"id": "{v}", "status": "queued"}'),
                              ("fr", "ticket", "Identifiant de session : {v}"), ("en", "url", "https://app.ledgerly.app/invoices/{v}/pdf")])
    return fill(tpl, v=u), lang, ctx


def neg_mac(rng):
    b = [rng.randint(0, 255) for _ in range(6)]
    v = ch(rng, [":".join("%02X" % x for x in b), "-".join("%02x" % x for x in b),
                 "%02x%02x.%02x%02x.%02x%02x" % tuple(b)])
    lang, ctx, tpl = ch(rng, [("en", "log", "dhcpd: DHCPACK to lease for {v} via eth0"), ("de", "ticket", "MAC-Adresse des Druckers: {v}"),
                              ("en", "ini", "[wifi]\nbssid = {v}"), ("es", "chat", "la MAC del router es {v}")])
    return fill(tpl, v=v), lang, ctx


def neg_version(rng):
    v = ch(rng, ["v%d.%d.%d" % (rng.randint(0, 9), rng.randint(0, 30), rng.randint(0, 99)),
                 "%d.%d.%d.%d" % (rng.randint(1, 20), rng.randint(0, 9), rng.randint(1000, 26999), rng.randint(0, 9999)),
                 "%d.%d.%d-rc.%d" % (rng.randint(1, 5), rng.randint(0, 20), rng.randint(0, 9), rng.randint(1, 5)),
                 "%d.%d.%d.%d" % (rng.randint(1, 9), rng.randint(256, 999), rng.randint(0, 99), rng.randint(0, 99))])
    lang, ctx, tpl = ch(rng, [("en", "log", "agent version {v} started"), ("en", "markdown", "## Changelog\n\n### {v}\n- fixed export"),
                              ("de", "chat", "Update auf {v} ist durch"), ("en", "code", '__version__ = "{v}"'),
                              ("fr", "ticket", "Version installée : {v}")])
    return fill(tpl, v=v), lang, ctx


def neg_octets(rng):
    p = [rng.randint(1, 223), rng.randint(0, 255), rng.randint(0, 255), rng.randint(0, 255)]
    k = rng.randint(0, 3)
    p[k] = rng.randint(256, 999)
    if p[0] == 127:
        p[0] = 128
    v = ".".join(str(x) for x in p)
    lang, tpl = ch(rng, [("en", "config error: '{v}' is not a valid address"), ("de", "Ungültige Adresse {v} im Formular"),
                        ("fr", "Adresse {v} rejetée : octet hors limites"), ("en", "ping: cannot resolve {v}: Unknown host")])
    return fill(tpl, v=v), lang, "log"


DATES = {
    "en": ["Tuesday, March 4, 2025 at 10:30 AM", "04/03/2025 14:05", "due 2025-06-30", "Q3 FY2025"],
    "de": ["Mittwoch, 12. März 2025, 14:30 Uhr", "Frist: 31.07.2025", "ab 01.10.2025 09:00"],
    "fr": ["le 3 juin 2025 à 18 h 45", "échéance : 15/09/2025", "lundi 7 avril 2025"],
    "es": ["el 12 de mayo de 2025 a las 9:15", "vence el 28/02/2025"], "it": ["il 14 luglio 2025 alle 16:00", "scadenza 30/11/2025"],
    "pt": ["em 5 de agosto de 2025 às 10h30"], "nl": ["op 9 september 2025 om 13.00 uur"], "pl": ["dnia 21.05.2025 r. o godz. 8:30"],
    "sv": ["den 3 oktober 2025 kl. 15.30"], "ja": ["2025年4月18日（金）14時30分"], "zh": ["2025年6月1日 上午9:00"],
    "tr": ["15 Mart 2025 Cumartesi, 20:00"], "ko": ["2025년 5월 12일 오후 3시"], "fi": ["ti 11.3.2025 klo 12.15"],
}
PRICES = {
    "en": ["$1,249.99", "£18.50 incl. VAT", "USD 12,400.00"], "de": ["1.299,00 €", "19,99 EUR inkl. MwSt.", "CHF 2'450.–"],
    "fr": ["1 299,00 €", "49,90 € TTC"], "es": ["1.299,00 €", "IVA incluido: 24,99 €"], "it": ["€ 1.150,00", "prezzo: 89,00 €"],
    "pl": ["1 249,99 zł", "PLN 320,00"], "sv": ["12 499 kr", "SEK 1 950"], "ja": ["¥12,800（税込）"], "zh": ["¥3,299.00"],
    "tr": ["1.750,00 TL"], "nl": ["€ 2.499,95"], "da": ["1.899,00 kr."], "no": ["kr 4 990,-"], "pt": ["1.299,00 €"],
}


def neg_date(rng):
    lang = ch(rng, sorted(DATES))
    return ch(rng, ["Termin: {v}", "{v}", "→ {v}", "({v})"]).replace("{v}", ch(rng, DATES[lang])), lang, "chat"


def neg_price(rng):
    lang = ch(rng, sorted(PRICES))
    tpl = {"en": "Total: {v}", "de": "Gesamtbetrag: {v}", "fr": "Montant : {v}", "es": "Importe: {v}", "it": "Totale {v}",
           "pl": "Do zapłaty: {v}", "sv": "Att betala: {v}", "ja": "合計：{v}", "zh": "合计：{v}", "tr": "Toplam: {v}",
           "nl": "Totaal: {v}", "da": "I alt: {v}", "no": "Totalt: {v}", "pt": "Total: {v}"}[lang]
    return tpl.replace("{v}", ch(rng, PRICES[lang])), lang, ch(rng, ["email", "pdf-extract", "chat"])


def neg_order(rng):
    L3 = lambda: rstr(rng, "ABCDEFGHJKLMNPRSTUVWXYZ", 3)
    num = ch(rng, ["%d-%07d-%07d" % (rng.randint(100, 999), rng.randint(0, 9999999), rng.randint(0, 9999999)),
                   "RE-2025-%06d" % rng.randint(1, 999999), "INV/%d/%04d" % (rng.randint(2023, 2025), rng.randint(1, 9999)),
                   "JJD%d%s" % (rng.randint(1, 9), rstr(rng, string.digits, 14)), "1Z%s%s" % (rstr(rng, "0123456789ABCDEFGHJKLMNPRTVWXY", 6), rstr(rng, string.digits, 10)),
                   L3() + "-" + rstr(rng, string.digits, 6) + "-" + L3(), "CP%s%sDE" % (rstr(rng, string.digits, 4), rstr(rng, string.digits, 5))])
    lang, tpl = ch(rng, [("de", "Ihre Bestellnummer lautet {v}."), ("en", "Tracking number: {v}"), ("fr", "N° de commande : {v}"),
                        ("es", "Número de pedido: {v}"), ("it", "Numero d'ordine {v}"), ("nl", "Bestelnummer: {v}"),
                        ("pl", "Numer zamówienia: {v}"), ("sv", "Ordernummer: {v}"), ("ja", "注文番号：{v}"), ("tr", "Sipariş no: {v}"),
                        ("pt", "Número da encomenda: {v}"), ("da", "Ordrenummer: {v}")])
    return fill(tpl, v=num), lang, ch(rng, ["email", "sms", "ticket"])


def neg_isbn(rng):
    while True:
        core = "978" + str(rng.randint(0, 9)) + rstr(rng, string.digits, 8)
        s = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(core))
        full = core + str((10 - s % 10) % 10)
        v = "%s-%s-%s-%s-%s" % (full[:3], full[3], full[4:8], full[8:12], full[12])
        break
    lang, tpl = ch(rng, [("en", "ISBN {v} (paperback, 2nd ed.)"), ("de", "ISBN: {v}, 320 Seiten"), ("fr", "ISBN {v} – broché"),
                        ("es", "ISBN {v}"), ("it", "Codice ISBN {v}")])
    return fill(tpl, v=v), lang, "markdown"


def neg_coords(rng):
    lat, lon = rng.uniform(-60, 70), rng.uniform(-170, 170)
    v = ch(rng, ["%.4f, %.4f" % (lat, lon), "%.5f° N, %.5f° E" % (abs(lat), abs(lon)), "lat=%.6f&lon=%.6f" % (lat, lon),
                 "%d°%02d′%02d″N %d°%02d′%02d″E" % (abs(int(lat)), rng.randint(0, 59), rng.randint(0, 59), abs(int(lon)), rng.randint(0, 59), rng.randint(0, 59))])
    lang, tpl = ch(rng, [("en", "Meeting point: {v}"), ("de", "Koordinaten: {v}"), ("fr", "Position GPS : {v}"), ("en", "geo: {v}")])
    return fill(tpl, v=v), lang, "chat"


def neg_postal(rng):
    lang, tpl = ch(rng, [("de", "PLZ {v} liegt außerhalb des Liefergebiets", "de"), ("fr", "Code postal {v} non desservi", "fr"),
                        ("es", "CP {v}: envío gratuito", "es"), ("en", "Postcode {v} is outside the delivery area", "en_uk"),
                        ("nl", "Postcode {v} wordt niet bezorgd", "nl"), ("pl", "Kod pocztowy {v}", "pl"),
                        ("sv", "Postnummer {v} saknas i registret", "sv"), ("ja", "〒{v}", "ja")])[:2], None
    lang, tpl = lang
    key = {"de": "de", "fr": "fr", "es": "es", "en": "en_uk", "nl": "nl", "pl": "pl", "sv": "sv"}.get(lang)
    pc = gen_postcode(rng, key) if key else "%03d-%04d" % (rng.randint(100, 999), rng.randint(0, 9999))
    return fill(tpl, v=pc), lang, "form"


def neg_masked(rng):
    last = rstr(rng, string.digits, 4)
    v = ch(rng, ["**** **** **** " + last, "XXXX-XXXX-XXXX-" + last, "•••• " + last, "DE** **** **** **** **%s %s" % (last[:2], last[2:]),
                 "***-**-" + last, "+49 *** ****" + last[:2], "j***@***.com", "sk-...%s" % rstr(rng, ALNUM, 4), "ghp_****" + rstr(rng, ALNUM, 4)])
    lang, tpl = ch(rng, [("en", "Charged to card ending {v}"), ("de", "Abgebucht von {v}"), ("fr", "Payé avec {v}"),
                        ("en", "masked: {v}"), ("es", "Dato enmascarado: {v}")])
    return fill(tpl, v=v), lang, "email"


def neg_placeholder(rng):
    v = ch(rng, ["OPENAI_API_KEY=sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "api_key = \"<YOUR_API_KEY>\"",
                 "Authorization: Bearer <token>", "token: ${{ secrets.GITHUB_TOKEN }}", "AWS_ACCESS_KEY_ID=<your-access-key-id>",
                 "ANTHROPIC_API_KEY=sk-ant-...", "Authorization: Bearer $ACCESS_TOKEN", "GITHUB_TOKEN=ghp_your_token_here",
                 "export OPENAI_API_KEY=\"sk-...\"", "Authorization: Bearer {{token}}", "private_key: \"-----BEGIN PRIVATE KEY-----\\n...\\n-----END PRIVATE KEY-----\""[:0] + "private_key: <paste key here>",
                 "x-api-key: ${ANTHROPIC_KEY}", "password: changeme", "Bearer YOUR_TOKEN_HERE"])
    lang, ctx, tpl = ch(rng, [("en", "markdown", "Set it up like this:\n\n```\n{v}\n```"), ("en", "env", "{v}"),
                              ("de", "markdown", "Beispielkonfiguration:\n{v}"), ("en", "yaml", "# example only\n{v}")])
    return fill(tpl, v=v), lang, ctx


def neg_trunc_jwt(rng):
    j = gen_jwt(rng)[0]
    h, p, sgn = j.split(".")
    v = ch(rng, [h, h + "." + p[:rng.randint(5, 20)] + "…", h + "." + p, "eyJhbGciOi...", h[:18] + "…"])
    lang, tpl = ch(rng, [("en", "token looks cut off: {v}"), ("de", "Das Token endet bei {v} – abgeschnitten?"),
                        ("en", "log truncated: id_token={v} [truncated]"), ("fr", "jeton incomplet : {v}")])
    return fill(tpl, v=v), lang, "log"


def neg_pubkey(rng):
    r = rng.random()
    if r < 0.35:
        blob = base64.b64encode(ssh_str(b"ssh-ed25519") + ssh_str(rbytes(rng, 32, False))).decode()
        v = "ssh-ed25519 " + blob + " ci-runner-" + str(rng.randint(1, 9))
    elif r < 0.6:
        blob = base64.b64encode(ssh_str(b"ssh-rsa") + ssh_str(b"\x01\x00\x01") + ssh_str(rbytes(rng, 257, False))).decode()
        v = "ssh-rsa " + blob + " backup-host"
    elif r < 0.8:
        der_pub = seq(seq(oid(OID_EC), oid(OID_P256)), der(0x03, b"\x00\x04" + rbytes(rng, 64, False)))
        b = base64.b64encode(der_pub).decode()
        v = "-----BEGIN PUBLIC KEY-----\n" + "\n".join(b[i:i + 64] for i in range(0, len(b), 64)) + "\n-----END PUBLIC KEY-----"
    else:
        b = base64.b64encode(seq(seq(der(0xa0, der_int(2)), der_int_bytes(rbytes(rng, 16)), rbytes(rng, 300, False)))).decode()
        v = "-----BEGIN CERTIFICATE-----\n" + "\n".join(b[i:i + 64] for i in range(0, len(b), 64)) + "\n-----END CERTIFICATE-----"
    lang, ctx, tpl = ch(rng, [("en", "markdown", "Add this to authorized_keys:\n\n{v}"), ("en", "chat", "public part is fine to share:\n{v}"),
                              ("de", "ticket", "Öffentlicher Schlüssel für den Zugang:\n{v}")])
    return fill(tpl, v=v), lang, ctx


def neg_handle(rng):
    h = ch(rng, ["nordlicht_dev", "kaffeehaus_ost", "lumen.atelier"[:0] + "atelierlumen", "tidewater_hq", "brisamar_oficial",
                 "vigna_alta", "polderlicht", "fjordpost", "gransk0g", "cafe_lumiere"])
    lang, tpl = ch(rng, [("en", "Follow us on Instagram: @{h}"), ("de", "Mehr Infos auf Mastodon: @{h}"),
                        ("fr", "Retrouvez-nous sur X : @{h}"), ("es", "Síguenos: @{h} #ofertas"), ("en", "thx @{h} for the shoutout!")])
    return fill(tpl, h=h), lang, "social"


def neg_at_prose(rng):
    lang, tpl = ch(rng, [("en", "meet @ 5pm by the entrance"), ("en", "@here deploy finished, please verify"),
                        ("en", "3 boxes @ €4.50 each"), ("de", "Treffen @ Kantine, 12 Uhr"), ("fr", "rdv @ la gare vers 8h"),
                        ("en", "ping @oncall if the queue grows"), ("es", "nos vemos @ la oficina"), ("en", "cc @finance-team")])
    return tpl, lang, "chat"


def neg_caps(rng):
    lang, tpl = ch(rng, [("en", "Grand Total Due By Friday"), ("de", "Heute Morgen Kam Die Lieferung Nicht An."),
                        ("en", "Please Note: Office Closed On Monday"), ("fr", "Merci De Votre Patience"), ("es", "Gracias Por Su Compra"),
                        ("en", "Quarterly Results Look Strong"), ("nl", "Vergadering Verplaatst Naar Donderdag"),
                        ("de", "Wichtig: Neue Öffnungszeiten Ab Juli"), ("it", "Grazie Mille Per La Pazienza")])
    return tpl, lang, "email"


def neg_city(rng):
    cities = ["Rotterdam", "Clermont-Ferrand", "San Sebastián", "Bad Homburg", "Reggio Emilia", "Vila Nova de Gaia", "Bielsko-Biała",
              "Jönköping", "Kristiansand", "Esbjerg", "Gaziantep", "České Budějovice", "Székesfehérvár", "Timișoara", "Santa Cruz de Tenerife"]
    a, b = rng.sample(cities, 2)
    lang, tpl = ch(rng, [("en", "Flights from {a} to {b} are delayed."), ("de", "Die Filiale zieht von {a} nach {b}."),
                        ("fr", "Trajet {a} – {b} annulé"), ("es", "Salida desde {a}, llegada a {b}")])
    return fill(tpl, a=a, b=b), lang, "chat"


def neg_product(rng):
    p = ch(rng, ["Galaxy S24", "Model 3", "iPhone 15 Pro", "PlayStation 5", "Golf 8 GTI", "Airbus A350-900", "Pixel 9a",
                 "ThinkPad X1 Carbon Gen 11", "Boeing 787-9", "Series 7 Watch", "Xbox Series X", "Canon EOS R6 Mark II"])
    lang, tpl = ch(rng, [("en", "Is the {p} worth upgrading to?"), ("de", "Das {p} ist wieder lieferbar."), ("fr", "Le {p} est en promotion."),
                        ("es", "Vendo {p} casi nuevo"), ("en", "{p} review: battery is the weak point")])
    return fill(tpl, p=p), lang, "chat"


def neg_company(rng):
    c = ch(rng, COMPANIES + ["Nordwind Versicherung AG", "Meridian Freight Co.", "Helix Biotech SE", "Saffron Hub Pvt. Ltd."])
    lang, tpl = ch(rng, [("en", "{c} reported higher revenue this quarter."), ("de", "Vertragspartner: {c}"),
                        ("fr", "{c} recrute des techniciens"), ("es", "Proveedor: {c}")])
    return fill(tpl, c=c), lang, "email"


def neg_street_nonum(rng):
    key = ch(rng, ["de", "fr", "es", "it", "nl", "pl", "sv", "en_uk", "en_us"])
    st = ch(rng, STREETS[key][1])
    lang = STREET_LANG.get(key, key)
    tpl = {"de": "Die {s} ist wegen Bauarbeiten gesperrt.", "fr": "Travaux en cours : {s} fermée jusqu'à nouvel ordre.",
           "es": "Corte de tráfico en {s} por obras.", "it": "Lavori in corso in {s}, possibili ritardi.",
           "nl": "De {s} is afgesloten wegens werkzaamheden.", "pl": "Utrudnienia w ruchu: {s} zamknięta.",
           "sv": "{s} är avstängd på grund av vägarbete.", "en": "Roadworks on {s} – expect delays."}[lang]
    return fill(tpl, s=st), lang, "sms"


def neg_room(rng):
    v = ch(rng, ["Gate B%d" % rng.randint(1, 60), "Room %d.%02d" % (rng.randint(1, 6), rng.randint(1, 40)),
                 "Hall %d, Stand C%d" % (rng.randint(1, 12), rng.randint(1, 99)), "Building %d, Floor %d" % (rng.randint(1, 20), rng.randint(1, 9)),
                 "Bahnsteig %d" % rng.randint(1, 20), "Saal %d.%03d" % (rng.randint(1, 5), rng.randint(1, 400)), "Terminal %dE" % rng.randint(1, 3),
                 "Aula %d" % rng.randint(1, 30), "Salle %d" % rng.randint(100, 450)])
    lang, tpl = ch(rng, [("en", "Boarding at {v}, please be on time"), ("de", "Das Meeting findet in {v} statt."),
                        ("en", "moved to {v}"), ("fr", "Rendez-vous : {v}"), ("es", "Nos vemos en {v}")])
    return fill(tpl, v=v), lang, "chat"


def neg_weekday(rng):
    lang, tpl = ch(rng, [("en", "Monday, 12 May 2025 — team offsite"), ("de", "Freitag, 4. April 2025: Inventur"),
                        ("fr", "Mardi 3 juin 2025 – fermeture exceptionnelle"), ("es", "Jueves, 8 de mayo de 2025: cierre anticipado"),
                        ("it", "Lunedì 2 giugno 2025 – festa"), ("nl", "Woensdag 14 mei 2025 - studiedag"), ("sv", "Torsdag 5 juni 2025 – planeringsdag"),
                        ("pl", "Środa, 7 maja 2025 – inwentaryzacja")])
    return tpl.replace("2025", str(rng.choice([2024, 2025, 2026]))), lang, "calendar"


def neg_header(rng):
    lang, tpl = ch(rng, [("en", "| Name | Email | Phone | IBAN |\n|------|-------|-------|------|"),
                        ("de", "Name;Vorname;E-Mail;Telefon;Straße;Hausnummer;PLZ;Ort"),
                        ("fr", "Nom\tPrénom\tCourriel\tTéléphone\tAdresse"), ("en", "id,full_name,ssn,card_number,ip_address"),
                        ("es", "| Nombre | Correo | Teléfono |\n|---|---|---|"), ("en", "CREATE TABLE users (name TEXT, email TEXT, phone TEXT);")])
    return tpl, lang, ch(rng, ["csv", "markdown", "spreadsheet"])


def neg_score(rng):
    a, b = rng.randint(0, 7), rng.randint(0, 7)
    lang, tpl = ch(rng, [("de", "Endstand: FC Nordhafen {a}:{b} SV Südstadt"), ("en", "Final score {a}-{b} after extra time"),
                        ("es", "Resultado: {a}-{b} en el descanso"), ("en", "Lakers 1{a}{b}–10{b} Celtics"), ("fr", "Score final : {a} à {b}")])
    return fill(tpl, a=str(a), b=str(b)), lang, "chat"


def neg_chem(rng):
    f = ch(rng, ["H2SO4", "C6H12O6", "Ca(OH)2", "NaHCO3", "CH3COOH", "Fe2O3", "KMnO4", "C8H10N4O2", "Al2(SO4)3"])
    lang, tpl = ch(rng, [("en", "Add 20 ml of {f} slowly."), ("de", "Formel: {f}"), ("fr", "Réactif : {f} (0,1 mol/L)"), ("es", "Compuesto {f}")])
    return fill(tpl, f=f), lang, "pdf-extract"


def neg_legal(rng):
    lang, v = ch(rng, [("de", "§ %d Abs. %d BGB" % (rng.randint(1, 2300), rng.randint(1, 5))), ("de", "Art. %d Abs. 1 lit. f DSGVO" % rng.randint(1, 99)),
                       ("fr", "article L. %d-%d du Code de la consommation" % (rng.randint(100, 299), rng.randint(1, 20))),
                       ("es", "artículo %d.%d de la Ley %d/%d" % (rng.randint(1, 99), rng.randint(1, 9), rng.randint(1, 40), rng.randint(1990, 2024))),
                       ("en", "Section %d(%d)(b) of the Act" % (rng.randint(1, 200), rng.randint(1, 9))), ("it", "art. %d c.c." % rng.randint(1, 2900))])
    pre = {"de": ["gemäß ", "nach ", "vgl. "], "fr": ["conformément à l'", "en application de l'", "voir "],
           "es": ["conforme al ", "según el ", "véase el "], "en": ["Pursuant to ", "as required by ", "see "],
           "it": ["ai sensi dell'", "secondo l'", "cfr. "]}[lang]
    return ch(rng, pre) + v + ch(rng, ["", ".", " (Fassung 2024)" if lang == "de" else " (2024)", ";"]), lang, "pdf-extract"


def neg_pageref(rng):
    lang, tpl = ch(rng, [("de", "siehe S. {a}, Abschnitt {b}.{c}"), ("en", "see pp. {a}–{a2}, §{b}.{c}"), ("fr", "voir p. {a}, chap. {b}"),
                        ("es", "véase pág. {a}, apdo. {b}.{c}"), ("en", "Table {b}.{c} on page {a}")])
    a = rng.randint(2, 480)
    return fill(tpl, a=str(a), a2=str(a + rng.randint(1, 9)), b=str(rng.randint(1, 12)), c=str(rng.randint(1, 9))), lang, "pdf-extract"


def neg_title(rng):
    lang, t = ch(rng, [("en", "\"Winter Comes To The Harbour\""), ("de", "„Der Himmel Über Der Alten Mühle“"), ("fr", "« Les Jardins De Novembre »"),
                       ("es", "«Cartas Desde El Faro»"), ("en", "'Silver Lines And Paper Boats'"), ("it", "«Le Stagioni Del Vento»"),
                       ("en", "\"Midnight Over Copper Hills\""), ("nl", "‘De Tuin Van Glas’")])
    tpl = {"en": "Now playing: {t}", "de": "Mein Lieblingsbuch ist {t}.", "fr": "Je relis {t} cet été.", "es": "Acabo de leer {t}.",
           "it": "Stasera ascolto {t}.", "nl": "Net uit: {t}"}[lang]
    return fill(tpl, t=t), lang, "chat"


NEG_KINDS = [("iban_bad_checksum", neg_iban_bad), ("card_luhn_invalid", neg_card_bad), ("nine_digit_id", neg_nine_digit),
             ("ssn_invalid_with_word", neg_ssn_bad), ("base64_blob", neg_base64), ("hash_hex", neg_hash), ("uuid", neg_uuid),
             ("mac_address", neg_mac), ("version_build", neg_version), ("octet_over_255", neg_octets), ("date_time", neg_date),
             ("price", neg_price), ("order_tracking_number", neg_order), ("isbn", neg_isbn), ("coordinates", neg_coords),
             ("postal_code", neg_postal), ("masked_value", neg_masked), ("placeholder_key", neg_placeholder),
             ("truncated_jwt", neg_trunc_jwt), ("public_key_cert", neg_pubkey), ("social_handle", neg_handle),
             ("at_in_prose", neg_at_prose), ("capitalised_sentence", neg_caps), ("city_name", neg_city),
             ("product_with_number", neg_product), ("company_name", neg_company), ("street_without_number", neg_street_nonum),
             ("building_room_gate", neg_room), ("weekday_date_line", neg_weekday), ("table_header_only", neg_header),
             ("sports_score", neg_score), ("chemical_formula", neg_chem), ("legal_reference", neg_legal),
             ("page_section_reference", neg_pageref), ("title_capitalised", neg_title)]
PER_NEG = 27


VARY_PRE = ["> ", "Re: ", "Fwd: ", "-- ", "* ", "NB: ", "PS: ", "» ", "[draft] ", "(auto) ", "Note - "]
VARY_POST = [" 👍", " !", " …", " (see above)", " (ok)", " ✔", " #info", " /cc", " – thx", " ++", " :)"]


def vary(rng, text, ctx):
    r = rng.random()
    if r < 0.35:
        return "[%02d:%02d] " % (rng.randint(6, 22), rng.randint(0, 59)) + text
    if r < 0.65:
        return ch(rng, VARY_PRE) + text
    return text + ch(rng, VARY_POST)


def build_negs(rng):
    out = []
    for kind, fn in NEG_KINDS:
        made, tries, seen = 0, 0, set()
        while made < PER_NEG:
            tries += 1
            assert tries < 3000, (kind, REJECTS)
            text, lang, ctx = fn(rng)
            k = 0
            while text in seen and k < 20:
                k += 1
                text = vary(rng, text, ctx)
            if text in seen:
                continue
            s = make_sample(text, [], lang, kind, ctx)
            if s:
                seen.add(text)
                out.append(s)
                made += 1
    return out


# ---------------------------------------------------------------------------
# scanner self-test, assembly, README
# ---------------------------------------------------------------------------
def scanner_selftest():
    r = random.Random(SEED + 9)
    must_flag = ["write to ops@quillstone.com", "x [at] fjordpost.no", "card " + gen_card(r, ("visa", 16), "space")[0],
                 "IBAN " + gen_iban_compact(r), "host 10.20.30.40", "host 10[.]2[.]3[.]4", "addr 2a02:810d::1",
                 gen_aws(r)[0], gen_github(r)[0], gen_openai(r)[0], gen_anthropic(r)[0], gen_jwt(r)[0],
                 "Authorization: Bearer " + gen_bearer(r, "alnum")[0], "call +49 30 1234567", "SSN 123-45-6780",
                 NAME_POOL[0]["given"] + " " + NAME_POOL[0]["family"], "Lindenhofstraße 12", "12 rue des Tilleuls",
                 "-----BEGIN PRIVATE KEY-----"]
    for t in must_flag:
        assert scan_leaks(t), ("scanner missed", t)
    for t in ["Bearer <token>", "sk-xxxxxxxxxxxxxxxxxxxxxxxx", "meet @ 5pm", "Gate B12", "Build 10.0.19045.3930",
              "ISBN 978-3-7645-1234-0"[:0] + "Room 4.12", "300.12.4.1"]:
        assert not scan_leaks(t), ("scanner false positive", t, scan_leaks(t))


def md_table(headers, rows):
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    for r in rows:
        out.append("| " + " | ".join(str(x) for x in r) + " |")
    return "\n".join(out)


def count_by(items):
    d = {}
    for k in items:
        d[k] = d.get(k, 0) + 1
    return sorted(d.items(), key=lambda kv: (-kv[1], kv[0]))


LABEL_COVERAGE = [
    ("email", "the address alone (no `mailto:`, `<>`, query string); obfuscated forms as written: `[at]`, `(at)`, `at … dot …`, ` @ `, `[.]`, full-width `＠`, U+200B around `@`; upper case; `+tag`; subdomains"),
    ("phone", "the number with its own separators, `+`/`00`, `(0)` trunk, area brackets; only numbers written with `+`/`00` or separators; NBSP, U+2009, full-width digits; `tel:` links label the part after `tel:`"),
    ("credit_card", "Luhn-valid PAN with brand IIN and length (Visa 13/16/19, MC 51–55/2221–2720, Amex 4-6-5, Diners 4-6-4, Discover, JCB, UnionPay 16/19, Maestro 16/19); separators space, dash, NBSP, U+2009, full-width digits, or compact 16"),
    ("ssn", "US SSN AAA-GG-SSSS (dashes, spaces, dots or 9 bare digits), area 001–899 without 666, group 01–99, serial 0001–9999; every SSN text contains `SSN` or `social security number`"),
    ("iban", "whole IBAN, correct length/BBAN shape/mod-97 for 70 countries; compact, groups of four (space, NBSP, dash), lower case"),
    ("ipv4", "address only (no port, prefix); private and public ranges; defanged `a[.]b[.]c[.]d` is one value; no documentation ranges, loopback, 0.0.0.0, netmasks, multicast"),
    ("ipv6", "address only (no brackets, zone, prefix); compressed, full, upper case, leading zeros, ULA; never 2001:db8::/32"),
    ("openai_key", "`sk-…T3BlbkFJ…` legacy (51 chars), `sk-proj-…`, `sk-svcacct-…`; also after `Authorization: Bearer` (then labelled openai_key only)"),
    ("anthropic_key", "`sk-ant-api03-` + 93 base64url chars + `AA` (108 chars)"),
    ("aws_access_key", "`AKIA`/`ASIA` + 16 chars of A-Z2-7"),
    ("github_token", "`ghp_ gho_ ghu_ ghs_ ghr_` + 36 alnum; `github_pat_` + 22 + `_` + 59"),
    ("jwt", "all three segments; header is base64url JSON with alg HS256/RS256/ES256/HS512/PS256, signature length matches the alg; after `Authorization: Bearer` labelled jwt only"),
    ("bearer_token", "opaque token after `Bearer ` (never a JWT or provider key), ≥ 16 chars with digits and mixed case, or hex with digits"),
    ("private_key", "whole block from `-----BEGIN … PRIVATE KEY-----` to `-----END … PRIVATE KEY-----` as written (LF, CRLF, JSON `\\n`-escaped, YAML block with indentation, flattened with spaces, .env quoted with `\\n`); kinds RSA PKCS#1, PKCS#8 RSA/EC/Ed25519, SEC1 EC, OpenSSH, ENCRYPTED PKCS#8; DER/OpenSSH bodies built with correct structure"),
    ("person_name", "the name only; titles (`Dr.`, `Frau`, `Mme`, `Sra.`, `Pani`, `Mr`, …) and honorific suffixes (`様`, `님`, `जी`) stay outside; forms listed below"),
    ("street_address", "street + house number only (postcode, city, floor/flat stay outside); street words inside the value where they belong to the name; `…, 14` comma kept for ES/IT/PT/UK; CZ/SK `812/3` slash kept; `12a`, `12-14`, `12 bis`"),
]


def write_readme(samples, sha, nbytes):
    singles = [s for s in samples if len(s["labels"]) == 1]
    multis = [s for s in samples if len(s["labels"]) > 1]
    negs = [s for s in samples if not s["labels"]]
    labels = [l for s in samples for l in s["labels"]]
    dets = count_by(l["detector"] for l in labels)
    lines = []
    lines.append("# heldout8 — blind held-out PII test corpus\n")
    lines.append("**Provenance.** This folder was written blind from the brief `COMMON8.md` only. No other corpus, detector code, "
                 "detector output, git history or any other file of the repository was read, and no cargo command was run. "
                 "Every name combination, street, domain, company, sentence frame, layout and negative was invented for this folder. "
                 "Given names and surnames are real, common names of each language combined at random (never a famous person); "
                 "streets are invented and not named after people; domains are invented.\n")
    lines.append("**Generator.** `make_heldout8.py` — Python 3, standard library only, no input files, `SEED = 80808`. "
                 "It never iterates a set and sorts dict keys wherever it picks from them, so output is byte-identical on every run "
                 "(checked with two runs under different `PYTHONHASHSEED` values). Regenerate with `python3 make_heldout8.py`; it "
                 "writes `heldout8.jsonl` and this README and prints the sample count and SHA-256.\n")
    lines.append("| | |\n|---|---|\n| samples | %d |\n| with values | %d (%d single-value, %d multi-value) |\n| hard negatives | %d |\n"
                 "| labelled values | %d |\n| file size | %d bytes |\n| SHA-256 of heldout8.jsonl | `%s` |\n" % (
                     len(samples), len(singles) + len(multis), len(singles), len(multis), len(negs), len(labels), nbytes, sha))
    lines.append("## Format\n\nOne JSON object per line, UTF-8, `ensure_ascii=False`:\n\n"
                 "```\n{\"text\": \"...\", \"labels\": [{\"detector\": \"...\", \"value\": \"...\", \"form\": \"...\"}], "
                 "\"lang\": \"xx\", \"form\": \"...\", \"context\": \"...\"}\n```\n\n"
                 "- `labels[].value` is an exact substring of `text`, as written; each value occurs in its text exactly as often as it is "
                 "labelled (overlapping matches counted); no two labelled spans overlap.\n"
                 "- `labels: []` is a hard negative: nothing in the text may be reported by any detector.\n"
                 "- sample `form`: the label form for single-value samples, the layout name for multi-value samples, the look-alike kind "
                 "for negatives.\n- `lang`: ISO 639-1 of the prose around the value (structured snippets with English keys are `en`).\n"
                 "- `context`: the kind of text (chat, email, form, json, csv, yaml, log, …).\n"
                 "- Texts may contain NBSP (U+00A0), thin space (U+2009), zero-width space (U+200B), full-width digits, and CRLF line "
                 "ends inside the private-key CRLF samples.\n")
    lines.append("## What each label covers\n")
    lines.append(md_table(["detector", "covers"], LABEL_COVERAGE) + "\n")
    lines.append("## Checks applied before a sample is written (the draw is thrown away when one fails)\n\n"
                 "1. each value is a substring with the exact occurrence count (overlapping count); no overlapping spans;\n"
                 "2. per-detector validity: Luhn + IIN + length; IBAN length, BBAN shape and mod-97; SSN ranges; IPv4 octets, no leading "
                 "zeros, allowed ranges; IPv6 parses and is outside 2001:db8::/32; key shapes and lengths; JWT header/payload decode as "
                 "JSON, alg known, signature length matches; bearer rules; PEM delimiters, base64 body and DER/OpenSSH prefix;\n"
                 "3. no well-known sample values (test PANs such as 4111 1111 1111 1111, AKIAIOSFODNN7EXAMPLE, 078-05-1120, the jwt.io "
                 "token, textbook IBANs such as DE89 3704 0044 0532 0130 00 / GB82 WEST 1234 5698 7654 32) and no forbidden IPv4 "
                 "(0/8, 127/8, 192.0.2/24, 198.51.100/24, 203.0.113/24, 255.x netmasks, ≥ 224) anywhere in the text;\n"
                 "4. with labelled values masked out, a conservative scan finds nothing unlabelled: emails (incl. obfuscated), "
                 "Luhn-valid digit runs of 13–19, valid IBANs, valid dotted quads (incl. defanged), parseable IPv6, provider-key / JWT / "
                 "PEM-private shapes, qualifying `Bearer` tokens, `+`/`00` phone shapes, valid SSNs when `SSN`/`social security` is "
                 "present, any pool name (all orders, CAPS), any pool street followed or preceded by a number. The same scan runs "
                 "unmasked over every hard negative. Duplicate texts are rejected. A scanner self-test runs first.\n")
    lines.append("## Values per detector\n")
    lines.append(md_table(["detector", "values", "in single-value samples", "in multi-value samples"],
                          [(d, n, sum(1 for s in singles for l in s["labels"] if l["detector"] == d),
                            sum(1 for s in multis for l in s["labels"] if l["detector"] == d)) for d, n in dets]) + "\n")
    lines.append("## Values per detector and form\n")
    rows = []
    for d, _ in dets:
        for f, n in count_by(l["form"] for l in labels if l["detector"] == d):
            rows.append((d, f, n))
    lines.append(md_table(["detector", "form", "values"], rows) + "\n")
    lines.append("Street forms are `<country/language key>/<style>` (`num_after`, `num_before`, `comma_after`, `slash`, `nr`, "
                 "`sokak`, `jalan`, `ms`, `vi`, `letter` = 12a, `range` = 12-14, `bis` = 12 bis/ter). Card forms are `<brand><length>/<separator>`. "
                 "Private-key forms are `<kind>/<layout>`. Phone numbers follow %d national layouts of %d countries (mobile and landline).\n"
                 % (len(PHONE_PLANS), len(PLAN_BY_CC)))
    lines.append("## Multi-value layouts\n")
    lay_desc = {"vcard": "vCard 3.0 with FN, ORG, TEL, EMAIL, ADR", "csv_crm_export": "CRM export, comma/semicolon/tab separated, 2–4 rows",
                "sql_insert": "INSERT with names, emails, IBANs, last IPs", "http_dump": "raw PATCH request: Bearer JWT or opaque token, X-Forwarded-For, X-Real-IP, JSON body",
                "env_file": ".env with DB host IP and 3–5 of: OpenAI/AWS/GitHub/Anthropic keys, alert email, quoted private key",
                "invoice_pdf": "OCR-style invoice text (8 languages): street, contact, phone, email, IBAN, odd spacing",
                "shipping_label": "parcel label (13 languages): recipient (sometimes CAPS), street, phone, reference",
                "support_ticket": "helpdesk ticket (5 languages): reporter + email, phone, assignee, source IP",
                "ci_workflow_yaml": "GitHub-Actions-style YAML: PAT, AWS key, Anthropic key, email, indented private-key block, target IP",
                "git_config_diff": "unified diff of a settings file: old/new email, old/new OpenAI key, Redis IP, maintainer name",
                "hr_onboarding_form": "US new-hire form: name, SSN, home street, phone, email",
                "xml_order": "XML order: name, email, phone, street, card"}
    lines.append(md_table(["layout", "samples", "values", "content"],
                          [(k, sum(1 for s in multis if s["form"] == k), sum(len(s["labels"]) for s in multis if s["form"] == k),
                            lay_desc[k]) for k, _ in LAYOUTS]) + "\n")
    lines.append("## Hard negatives\n")
    lines.append(md_table(["kind", "samples"], [(k, sum(1 for s in negs if s["form"] == k)) for k, _ in NEG_KINDS]) + "\n")
    lines.append("## Languages (`lang`)\n")
    lines.append(md_table(["lang", "samples", "with values", "negatives"],
                          [(l, n, sum(1 for s in samples if s["lang"] == l and s["labels"]),
                            sum(1 for s in negs if s["lang"] == l)) for l, n in count_by(s["lang"] for s in samples)]) + "\n")
    lines.append("Person names by name language: " + ", ".join("%s %d" % kv for kv in count_by(
        e["lang"] for e in NAME_POOL)) + " (pool of %d combinations).\n" % len(NAME_POOL))
    lines.append("## Contexts\n")
    lines.append(md_table(["context", "samples"], count_by(s["context"] for s in samples)) + "\n")
    lines.append("## Pools\n\n- %d person-name combinations (%d languages), %d invented street names (%d country/language keys), "
                 "%d invented domains, %d IBAN countries, %d phone layouts.\n" % (
                     len(NAME_POOL), len(sorted(set(e["lang"] for e in NAME_POOL))), len(STREET_NAMES), len(STREETS), len(DOMAINS),
                     len(IBAN_SPECS), len(PHONE_PLANS)))
    with open(README, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("\n".join(lines))


def main():
    scanner_selftest()
    rng = random.Random(SEED)
    singles = build_singles(rng)
    multis = build_multis(rng)
    negs = build_negs(rng)
    samples = singles + multis + negs
    random.Random(SEED + 2).shuffle(samples)
    data = "".join(json.dumps(s, ensure_ascii=False) + "\n" for s in samples).encode("utf-8")
    with open(OUT, "wb") as fh:
        fh.write(data)
    sha = hashlib.sha256(data).hexdigest()
    write_readme(samples, sha, len(data))
    print("samples", len(samples))
    print("sha256", sha)
    if "-v" in sys.argv:
        print("rejected draws", sorted(REJECTS.items()), file=sys.stderr)


if __name__ == "__main__":
    main()
