#!/usr/bin/env python3
"""Generator for the pii-mask held-out corpus #6 (written blind).

Python 3 standard library only, fixed seed, no input files.
Writes heldout6.jsonl next to this file and prints the sample count and SHA-256.
`python3 make_heldout6.py --stats` additionally prints the README tables.

Every draw is validated before it is kept (see `validate`): label values are exact
substrings occurring exactly as often as labelled, labels never overlap, checksums
(Luhn, IBAN mod-97, national BBAN keys where computed) hold, and a residual scan of the
text outside the labels (and of the whole text of hard negatives) must find nothing
that looks like a reportable value.  Draws that fail are rejected and redrawn.
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
from collections import Counter, defaultdict

SEED = 20250606
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "heldout6.jsonl")
R = random.Random(SEED)

DETECTORS = ["email", "phone", "credit_card", "ssn", "iban", "ipv4", "ipv6",
             "openai_key", "anthropic_key", "aws_access_key", "github_token", "jwt",
             "bearer_token", "private_key", "person_name", "street_address"]

# ----------------------------------------------------------------------------- helpers


def ch(seq):
    return seq[R.randrange(len(seq))]


def wch(pairs):
    tot = sum(w for _, w in pairs)
    x = R.random() * tot
    for item, w in pairs:
        x -= w
        if x < 0:
            return item
    return pairs[-1][0]


def dig(n):
    return "".join(ch("0123456789") for _ in range(n))


def ndig(n):
    return ch("123456789") + dig(n - 1)


def rstr(alpha, n):
    return "".join(ch(alpha) for _ in range(n))


ALNUM = string.ascii_letters + string.digits
URLSAFE = ALNUM + "-_"
B32 = string.ascii_uppercase + "234567"
HEX = "0123456789abcdef"


def fill(pat):
    """X -> digit, N -> non-zero digit."""
    out = []
    for c in pat:
        if c == "X":
            out.append(ch("0123456789"))
        elif c == "N":
            out.append(ch("23456789"))
        else:
            out.append(c)
    return "".join(out)


def rbytes(n):
    return bytes(R.randrange(256) for _ in range(n))


def b64url(b):
    return base64.urlsafe_b64encode(b).decode().rstrip("=")


def cap(s):
    return s[:1].upper() + s[1:]


LANG_W = [("en", 50), ("de", 9), ("fr", 7), ("es", 6), ("it", 5), ("nl", 4), ("pt", 4),
          ("pl", 4), ("sv", 3), ("tr", 4), ("ja", 4)]


def pick_lang():
    return wch(LANG_W)


USED = set()


def unique(fn, *a):
    for _ in range(200):
        v = fn(*a)
        key = v[0] if isinstance(v, tuple) else v
        if key not in USED:
            USED.add(key)
            return v
    raise RuntimeError("cannot draw unique value")

# ----------------------------------------------------------------------------- checksums


def luhn_ok(num):
    s = 0
    for i, c in enumerate(reversed(num)):
        d = int(c)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        s += d
    return s % 10 == 0


def luhn_complete(partial):
    for d in "0123456789":
        if luhn_ok(partial + d):
            return partial + d
    raise AssertionError


def iban_num(s):
    return int("".join(str(int(c, 36)) for c in s))


def iban_ok(iban):
    s = iban.replace(" ", "")
    return iban_num(s[4:] + s[:4]) % 97 == 1


def iban_make(cc, bban):
    chk = 98 - iban_num(bban + cc + "00") % 97
    return "%s%02d%s" % (cc, chk, bban)

# ----------------------------------------------------------------------------- names & places

NAMES = {
    "en": (["Olivia", "Liam", "Emma", "Noah", "Amelia", "Oliver", "Sophia", "Ethan", "Harper",
            "Lucas", "Grace", "Henry", "Chloe", "Samuel", "Isaac", "Megan", "Ryan", "Laura",
            "Kevin", "Rachel", "Daniel", "Natalie"],
           ["Thompson", "Whitaker", "Cartwright", "Donnelly", "Fitzgerald", "Harrington",
            "Mercer", "Pemberton", "Holloway", "Brennan", "Caldwell", "Ashworth", "Sullivan",
            "McAllister", "O'Connor", "Gallagher", "Henderson", "Prescott"]),
    "de": (["Anna", "Lukas", "Sophie", "Jonas", "Lea", "Felix", "Maximilian", "Katharina",
            "Tobias", "Jürgen", "Sabine", "Ulrike", "Matthias", "Birgit", "Dieter", "Annika"],
           ["Müller", "Schneider", "Fischer", "Weber", "Wagner", "Becker", "Hoffmann", "Schäfer",
            "Richter", "Schröder", "Neumann", "Zimmermann", "Krüger", "Hartmann", "Schmitt",
            "Brandt", "Vogel", "Kessler", "Dietrich", "Lorenz"]),
    "fr": (["Camille", "Léa", "Hugo", "Manon", "Théo", "Chloé", "Julien", "Élodie", "Mathieu",
            "Céline", "Nicolas", "Aurélie", "Antoine", "Margaux"],
           ["Dubois", "Lefebvre", "Moreau", "Girard", "Fournier", "Mercier", "Bonnet",
            "Lambert", "Rousseau", "Fontaine", "Chevalier", "Gauthier", "Perrin", "Lemaire"]),
    "es": (["Lucía", "Mateo", "Sofía", "Alejandro", "Valeria", "Diego", "Carmen", "Javier",
            "Paula", "Sergio", "Marta", "Álvaro", "Elena", "Raúl"],
           ["García", "Fernández", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Ruiz",
            "Hernández", "Jiménez", "Moreno", "Álvarez", "Romero", "Navarro"]),
    "it": (["Giulia", "Lorenzo", "Chiara", "Matteo", "Francesca", "Alessandro", "Martina",
            "Davide", "Federica", "Riccardo", "Elisa", "Stefano"],
           ["Rossi", "Russo", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino",
            "Greco", "Conti", "De Luca", "Mancini", "Lombardi", "Moretti"]),
    "nl": (["Daan", "Sanne", "Bram", "Lotte", "Sem", "Fleur", "Thijs", "Eva", "Ruben", "Noor",
            "Jeroen", "Maaike"],
           ["de Vries", "van Dijk", "Bakker", "Janssen", "Visser", "Smit", "Meijer", "de Boer",
            "Mulder", "de Jong", "van den Berg", "Vermeulen", "Kuipers", "Hendriks"]),
    "pt": (["João", "Beatriz", "Tiago", "Inês", "Rafael", "Mariana", "Gonçalo", "Catarina",
            "Miguel", "Leonor", "Rodrigo", "Ana"],
           ["Silva", "Ferreira", "Pereira", "Oliveira", "Rodrigues", "Martins", "Sousa",
            "Carvalho", "Almeida", "Ribeiro", "dos Santos", "Fonseca"]),
    "pl": (["Katarzyna", "Piotr", "Agnieszka", "Tomasz", "Magdalena", "Krzysztof", "Joanna",
            "Paweł", "Aleksandra", "Michał"],
           ["Nowak", "Wójcik", "Woźniak", "Mazur", "Krawczyk", "Kaczmarek", "Zając", "Pawlak",
            "Michalak", "Sikora"]),
    "sv": (["Elsa", "Oskar", "Maja", "Erik", "Astrid", "Lars", "Ingrid", "Johan", "Linnea",
            "Anders", "Karin", "Nils"],
           ["Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Lindqvist",
            "Bergström", "Lundgren", "Sjöberg", "Holmberg", "Engström"]),
    "tr": (["Elif", "Mehmet", "Zeynep", "Emre", "Ayşe", "Burak", "Selin", "Mustafa", "Kerem",
            "Ebru", "Oğuz", "Merve"],
           ["Yılmaz", "Kaya", "Şahin", "Çelik", "Yıldız", "Aydın", "Öztürk", "Arslan", "Doğan",
            "Kılıç", "Aslan", "Korkmaz"]),
    "ja": (["翔太", "陽菜", "大輝", "美咲", "健一", "由美", "拓也", "彩花"],
           ["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤"]),
}
JA_ROMAJI = (["Kenichi", "Yumi", "Takuya", "Ayaka", "Shota", "Misaki"],
             ["Tanaka", "Suzuki", "Takahashi", "Watanabe", "Yamamoto", "Nakamura"])
NAME_TOKENS = set()
for _g, _f in list(NAMES.values()) + [JA_ROMAJI]:
    for _t in _g + _f:
        NAME_TOKENS.add(_t.split()[-1])
NAME_TOKENS = sorted(NAME_TOKENS)
NAME_TOKEN_RE = re.compile(r"(?<![A-Za-zÀ-ɏ])(" + "|".join(re.escape(t) for t in NAME_TOKENS
                                                        if not re.match(r"[\u3040-\u9fff]", t))
                           + r")(?![A-Za-zÀ-ɏ])")
JA_FAMILY_RE = re.compile("|".join(NAMES["ja"][1]))

TITLES = {"en": ["Mr", "Ms", "Mrs", "Dr.", "Prof."], "de": ["Frau", "Herr", "Dr.", "Frau Dr."],
          "fr": ["M.", "Mme", "Madame", "Monsieur"], "es": ["Sr.", "Sra.", "D.ª", "Dr."],
          "it": ["Sig.", "Sig.ra", "Dott.", "Dott.ssa"], "nl": ["mevrouw", "meneer", "dhr.", "mw."],
          "pt": ["Sr.", "Sra.", "Dr.", "Dra."], "pl": ["Pan", "Pani", "dr"],
          "sv": ["Dr."], "tr": ["Sayın"], "ja": []}

FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "é": "e", "è": "e", "ê": "e",
                      "á": "a", "à": "a", "í": "i", "ó": "o", "ú": "u", "ñ": "n", "ç": "c",
                      "ã": "a", "õ": "o", "â": "a", "ô": "o", "ł": "l", "ś": "s", "ź": "z",
                      "ż": "z", "ą": "a", "ę": "e", "ć": "c", "ń": "n", "å": "a", "ı": "i",
                      "ş": "s", "ğ": "g", "'": "", " ": ""})


def fold(s):
    return s.lower().translate(FOLD)


def person_name(lang):
    """-> (value, form, prefix_title_or_None)."""
    L = lang if lang in NAMES else "en"
    given, fam = NAMES[L]
    if L == "ja":
        if R.random() < 0.25:
            g, f = ch(JA_ROMAJI[0]), ch(JA_ROMAJI[1])
            return (f"{g} {f}", "given_family", None) if R.random() < 0.5 else \
                (f"{f.upper()} {g}", "family_upper_given", None)
        g, f = ch(given), ch(fam)
        return (f"{f} {g}", "family_given", None) if R.random() < 0.6 else (f + g, "family_given_nospace", None)
    g, f = ch(given), ch(fam)
    title = ch(TITLES[L]) if TITLES[L] and R.random() < 0.25 else None
    r = R.random()
    if L == "es" and r < 0.3:
        f2 = ch([x for x in fam if x != f])
        return (f"{g} {f} {f2}", "given_family_family", title)
    if L == "pt" and r < 0.3:
        f2 = ch([x for x in fam if x != f])
        return (f"{g} {f} {f2}", "given_family_family", title)
    if r < 0.55:
        return (f"{g} {f}", "given_family", title)
    if r < 0.65:
        g2 = ch([x for x in given if x != g])
        if L in ("de", "fr") and R.random() < 0.5:
            return (f"{g}-{g2} {f}", "hyphenated_given", title)
        return (f"{g} {g2} {f}", "given_middle_family", title)
    if r < 0.75:
        return (f"{f}, {g}", "family_comma_given", None)
    if r < 0.83 and L in ("fr", "it", "tr", "pl"):
        return (f"{f.upper()} {g}", "family_upper_given", title)
    if r < 0.90:
        return (f"{g[0]}. {f}", "initial_family", title)
    if title:
        return (f, "title_family", title)
    return (f"{g} {f}", "given_family", None)


def name_ascii_local(lang):
    L = lang if lang in NAMES and lang != "ja" else "en"
    if lang == "ja":
        g, f = ch(JA_ROMAJI[0]), ch(JA_ROMAJI[1])
    else:
        g, f = ch(NAMES[L][0]), ch(NAMES[L][1])
    g, f = fold(g), fold(f)
    return ch([f"{g}.{f}", f"{g[0]}.{f}", f"{g}{f[0]}", f"{f}.{g}", f"{g}_{f}", f"{g}.{f}{R.randint(2, 99)}"])


# street name, postcode+city, number style
STREETS = {
    "de": (["Lindenstraße", "Bahnhofstraße", "Gartenweg", "Am Mühlbach", "Birkenallee",
            "Hauptstraße", "Rosenweg", "Kirchplatz", "Ringstraße", "Am Sonnenhang", "Talstraße",
            "Mühlenstraße", "Bergstraße", "Bahnhofstr.", "Lange Reihe", "Hafenstraße", "Im Winkel"],
           ["10115 Berlin", "20095 Hamburg", "80331 München", "50667 Köln", "79098 Freiburg",
            "01067 Dresden", "04109 Leipzig", "70173 Stuttgart", "28195 Bremen", "1010 Wien",
            "8002 Zürich", "4051 Basel"], "after"),
    "fr": (["rue des Lilas", "avenue de la République", "rue du Moulin", "boulevard des Écoles",
            "rue de la Gare", "impasse des Tilleuls", "allée des Chênes", "chemin des Vignes",
            "place du Marché", "rue de Verdun", "quai des Bateliers", "rue Neuve"],
           ["75011 Paris", "69002 Lyon", "13001 Marseille", "31000 Toulouse", "67000 Strasbourg",
            "44000 Nantes", "1000 Bruxelles", "1204 Genève"], "before"),
    "es": (["Calle Mayor", "Calle de Alcalá", "Avenida de América", "Paseo de la Castellana",
            "C/ Serrano", "Plaza Mayor", "Calle del Pez", "Avenida Diagonal", "Calle Larios",
            "Rambla de Catalunya"],
           ["28013 Madrid", "08008 Barcelona", "46002 Valencia", "41001 Sevilla", "29015 Málaga",
            "48001 Bilbao"], "after_comma"),
    "it": (["Via Roma", "Via dei Mille", "Piazza della Repubblica", "Viale Europa", "Via della Spiga",
            "Via Nazionale", "Corso Italia", "Via del Corso", "Viale dei Pini", "Vicolo Stretto"],
           ["00184 Roma", "20121 Milano", "10121 Torino", "50123 Firenze", "40121 Bologna",
            "80133 Napoli"], "after_comma"),
    "nl": (["Keizersgracht", "Dorpsstraat", "Kerkstraat", "Stationsweg", "Molenlaan",
            "Prinsengracht", "Lange Voorhout", "Oudegracht", "Markt", "Hoogstraat"],
           ["1016 DG Amsterdam", "3511 LX Utrecht", "2514 EA Den Haag", "3012 CN Rotterdam",
            "9711 LV Groningen", "5611 EM Eindhoven"], "after"),
    "pt": (["Rua das Flores", "Avenida da Liberdade", "Rua Augusta", "Travessa do Carmo",
            "Rua do Ouro", "Avenida Paulista", "Rua da Prata", "Largo do Rato"],
           ["1250-096 Lisboa", "4050-253 Porto", "3000-123 Coimbra", "01310-100 São Paulo"], "after_comma"),
    "pl": (["ul. Długa", "ul. Marszałkowska", "ul. Polna", "al. Jerozolimskie", "ul. Floriańska",
            "ul. Ogrodowa", "ul. Lipowa", "os. Zielone"],
           ["00-950 Warszawa", "31-019 Kraków", "80-831 Gdańsk", "50-001 Wrocław", "61-701 Poznań"], "after"),
    "sv": (["Storgatan", "Drottninggatan", "Kungsgatan", "Sveavägen", "Götgatan", "Linnégatan",
            "Västra Hamngatan", "Skolvägen"],
           ["111 22 Stockholm", "411 06 Göteborg", "211 34 Malmö", "753 20 Uppsala"], "after"),
    "tr": (["Bağdat Caddesi", "İstiklal Caddesi", "Cumhuriyet Caddesi", "Gül Sokak", "Moda Cad.",
            "Barbaros Bulvarı", "Lale Sokak"],
           ["34710 Kadıköy/İstanbul", "34433 Beyoğlu/İstanbul", "06420 Çankaya/Ankara",
            "35220 Konak/İzmir"], "tr"),
    "en": (["Market Street", "Water St", "Lakeshore Drive", "Cedar Lane", "Pine Avenue",
            "Harbour Road", "Kingsway", "Elm Grove", "Mill Lane", "Station Road", "Oak Ridge Blvd",
            "Church Street", "Riverside Drive", "High Street"],
           ["San Francisco, CA 94103", "Portland, OR 97205", "Austin, TX 78701", "Boston, MA 02110",
            "Manchester M1 4BT", "Leeds LS1 5AB", "Dublin D02 X285", "Bristol BS1 6QF",
            "Seattle, WA 98101", "Denver, CO 80202"], "before"),
}
STREET_WORDS = sorted({s for v in STREETS.values() for s in v[0]})


def street_address(lang):
    """-> (value, form, 'postcode city')."""
    L = lang if lang in STREETS else "en"
    streets, cities, style = STREETS[L]
    st, pc = ch(streets), ch(cities)
    n = str(R.randint(1, 180) if style != "before" or L == "fr" else R.randint(1, 4800))
    form = "street_number"
    if L in ("de", "nl") and R.random() < 0.2:
        n += ch(["a", "b", "A", "B", "-3"] if L == "nl" else ["a", "b", "c"])
        form = "street_number_suffix"
    if L == "pl" and R.random() < 0.35:
        n += "/" + str(R.randint(1, 40))
        form = "street_number_suffix"
    if style == "after":
        v = f"{st} {n}"
    elif style == "after_comma":
        v = f"{st}, {n}" if R.random() < 0.5 else f"{st} {n}"
        if st.startswith("C/") and form == "street_number":
            form = "abbreviated"
    elif style == "tr":
        v = f"{st} No:{n}" if R.random() < 0.5 else f"{st} No. {n}"
    else:  # before
        if L == "fr" and R.random() < 0.25:
            n += ch([" bis", " ter"])
            form = "street_number_suffix"
        v = f"{n} {st}"
        if L == "fr" and R.random() < 0.3:
            v = f"{n}, {st}"
    if st.endswith(".") or st.startswith(("ul.", "al.", "os.", "C/")) or st.endswith(" St"):
        if form == "street_number":
            form = "abbreviated"
    if style == "before":
        form = "number_street" if form == "street_number" else form
    return v, form, pc

# ----------------------------------------------------------------------------- phone numbers

PHONES = {
    "DE": [("intl_plus", "+49 30 NXXXXXXX"), ("intl_plus", "+49 89 NXXX XXXX"),
           ("trunk_paren", "+49 (0)40 NXXXXXXX"), ("trunk_paren", "+49 (0) 221 NXXXXXX"),
           ("intl_00", "0049 69 NXXXXXXX"), ("national_sep", "030 NXXXXXXX"),
           ("national_sep", "0711/NXXXXXX"), ("national_sep", "0761-NXXXXX"),
           ("area_paren", "(089) NXXX XXXX"), ("intl_plus", "+49 171 NXXXXXX"),
           ("national_sep", "0176 NXXXXXXX"), ("intl_plus", "+49 152 NXXX XXXX"),
           ("national_sep", "0351 NXX XX XX"), ("intl_compact", "+49160NXXXXXX"),
           ("intl_plus", "+49-30-NXXXXXXX")],
    "AT": [("intl_plus", "+43 1 NXX XX XX"), ("national_sep", "01 NXX XXXX"),
           ("intl_plus", "+43 664 NXXXXXX"), ("national_sep", "0664 NXX XX XX"),
           ("trunk_paren", "+43 (0)316 NXXXXX")],
    "CH": [("intl_plus", "+41 44 NXX XX XX"), ("national_sep", "044 NXX XX XX"),
           ("intl_00", "0041 22 NXX XX XX"), ("intl_plus", "+41 79 NXX XX XX"),
           ("national_sep", "079 NXX XX XX")],
    "FR": [("intl_plus", "+33 6 XX XX XX XX"), ("national_sep", "06 XX XX XX XX"),
           ("national_sep", "01.NX.XX.XX.XX"), ("trunk_paren", "+33 (0)1 NX XX XX XX"),
           ("intl_00", "0033 4 NX XX XX XX"), ("national_sep", "07 XX XX XX XX"),
           ("intl_plus", "+33 5 NX XX XX XX"), ("national_sep", "09-NX-XX-XX-XX")],
    "BE": [("intl_plus", "+32 2 NXX XX XX"), ("national_sep", "0475 XX XX XX"),
           ("intl_plus", "+32 475 XX XX XX")],
    "UK": [("intl_plus", "+44 20 7XXX XXXX"), ("national_sep", "020 3XXX XXXX"),
           ("trunk_paren", "+44 (0)20 8XXX XXXX"), ("national_sep", "0161 NXX XXXX"),
           ("intl_plus", "+44 161 NXX XXXX"), ("national_sep", "07NXX XXXXXX"),
           ("intl_plus", "+44 7NXX XXXXXX"), ("intl_00", "0044 113 NXX XXXX")],
    "US": [("intl_plus", "+1 415-NXX-XXXX"), ("area_paren", "(212) NXX-XXXX"),
           ("national_sep", "312.NXX.XXXX"), ("national_sep", "617-NXX-XXXX"),
           ("intl_plus", "+1 (206) NXX-XXXX"), ("area_paren", "(512) NXX XXXX"),
           ("intl_plus", "+1 303 NXX XXXX"), ("intl_compact", "+1646NXXXXXX"),
           ("national_sep", "1-800-NXX-XXXX"), ("intl_00", "001 718 NXX XXXX")],
    "IE": [("intl_plus", "+353 1 NXX XXXX"), ("national_sep", "087 NXX XXXX"),
           ("intl_plus", "+353 87 NXX XXXX")],
    "AU": [("intl_plus", "+61 2 9XXX XXXX"), ("area_paren", "(02) 9XXX XXXX"),
           ("national_sep", "04XX XXX XXX"), ("intl_plus", "+61 4XX XXX XXX")],
    "IN": [("intl_plus", "+91 9XXXX XXXXX"), ("intl_plus", "+91-8XXXX-XXXXX")],
    "ES": [("intl_plus", "+34 6XX XXX XXX"), ("national_sep", "6XX XX XX XX"),
           ("national_sep", "6XX XXX XXX"), ("intl_plus", "+34 91 NXX XX XX"),
           ("national_sep", "93 NXX XX XX"), ("intl_00", "0034 96 NXX XX XX"),
           ("national_sep", "7XX-XXX-XXX")],
    "IT": [("intl_plus", "+39 06 NXXX XXXX"), ("national_sep", "06 NXXX XXXX"),
           ("intl_00", "0039 02 NXXX XXXX"), ("intl_plus", "+39 347 NXX XXXX"),
           ("national_sep", "347 NXXXXXX"), ("national_sep", "055-NXXXXXX"),
           ("national_sep", "333/NXXXXXX")],
    "NL": [("intl_plus", "+31 20 NXX XXXX"), ("national_sep", "020-NXX XXXX"),
           ("national_sep", "06-NXXXXXXX"), ("intl_plus", "+31 6 NXXXXXXX"),
           ("trunk_paren", "+31 (0)10 NXX XXXX"), ("national_sep", "06 NX XX XX XX")],
    "PT": [("intl_plus", "+351 21 NXX XXXX"), ("intl_plus", "+351 91X XXX XXX"),
           ("national_sep", "93X XXX XXX"), ("intl_00", "00351 22 NXX XXXX")],
    "BR": [("intl_plus", "+55 11 9XXXX-XXXX"), ("area_paren", "(11) 9XXXX-XXXX"),
           ("intl_plus", "+55 (21) 3XXX-XXXX")],
    "PL": [("intl_plus", "+48 22 NXX XX XX"), ("national_sep", "22 NXX XX XX"),
           ("intl_plus", "+48 6XX XXX XXX"), ("national_sep", "5XX-XXX-XXX"),
           ("national_sep", "7XX XXX XXX"), ("intl_00", "0048 12 NXX XX XX")],
    "SE": [("intl_plus", "+46 8 NXX XX XX"), ("national_sep", "08-NXX XX XX"),
           ("national_sep", "070-NXX XX XX"), ("intl_plus", "+46 70 NXX XX XX"),
           ("national_sep", "031-NX XX XX"), ("intl_plus", "+46 (0)8 NXX XXX XX")],
    "TR": [("intl_plus", "+90 212 NXX XX XX"), ("national_sep", "0216 NXX XX XX"),
           ("area_paren", "0 (312) NXX XX XX"), ("national_sep", "0532 NXX XX XX"),
           ("intl_plus", "+90 5XX XXX XX XX")],
    "JP": [("national_sep", "03-NXXX-XXXX"), ("intl_plus", "+81 3-NXXX-XXXX"),
           ("national_sep", "090-NXXX-XXXX"), ("intl_plus", "+81 90-NXXX-XXXX"),
           ("national_sep", "06-NXXX-XXXX"), ("national_sep", "045-NXX-XXXX"),
           ("area_paren", "(03) NXXX-XXXX")],
}
LANG_COUNTRY = {"en": ["US", "UK", "IE", "AU", "IN", "US", "UK"], "de": ["DE", "DE", "AT", "CH"],
                "fr": ["FR", "FR", "BE", "CH"], "es": ["ES"], "it": ["IT"], "nl": ["NL", "NL", "BE"],
                "pt": ["PT", "BR"], "pl": ["PL"], "sv": ["SE"], "tr": ["TR"], "ja": ["JP"]}


def phone(lang, want=None):
    cc = ch(LANG_COUNTRY[lang]) if R.random() < 0.85 else ch(sorted(PHONES))
    opts = PHONES[cc]
    if want:
        o = [p for p in opts if p[0] in want]
        if o:
            opts = o
        else:
            opts = [p for c in sorted(PHONES) for p in PHONES[c] if p[0] in want]
    form, pat = ch(opts)
    return fill(pat), form


def tel_uri(v):
    return "+" + re.sub(r"\D", "", v.replace("(0)", "").lstrip("+").lstrip())

# ----------------------------------------------------------------------------- email

FREEMAIL = {"en": ["gmail.com", "outlook.com", "yahoo.co.uk", "icloud.com", "hotmail.com", "proton.me"],
            "de": ["web.de", "gmx.de", "t-online.de", "posteo.de", "gmx.at", "bluewin.ch"],
            "fr": ["orange.fr", "free.fr", "laposte.net", "sfr.fr"], "es": ["hotmail.es", "yahoo.es", "telefonica.net"],
            "it": ["libero.it", "virgilio.it", "tiscali.it"], "nl": ["ziggo.nl", "kpnmail.nl", "xs4all.nl"],
            "pt": ["sapo.pt", "gmail.com", "uol.com.br"], "pl": ["wp.pl", "onet.pl", "interia.pl", "o2.pl"],
            "sv": ["telia.com", "bredband.net", "spray.se"], "tr": ["yandex.com.tr", "hotmail.com.tr", "gmail.com"],
            "ja": ["docomo.ne.jp", "yahoo.co.jp", "ezweb.ne.jp", "gmail.com"]}
CO_WORDS = ["nordlicht", "brightpath", "kestrel", "halvorsen", "bluefern", "ironbark", "luma",
            "quillon", "tessera", "vanta", "orbisoft", "fjordtech", "meridian-labs", "stadtwerke-nord",
            "brennholz-kraft", "atelier-sable", "ferrovia", "coopverde", "zonnepaneel", "kwadrat",
            "solvik", "pinarlar", "sakura-denki", "mobilia", "datapunkt", "kerncloud", "altamira"]
TLDS = {"en": ["com", "io", "co.uk", "org", "net", "dev"], "de": ["de", "at", "ch", "de"], "fr": ["fr", "be", "fr"],
        "es": ["es", "com"], "it": ["it"], "nl": ["nl", "be"], "pt": ["pt", "com.br"], "pl": ["pl", "com.pl"],
        "sv": ["se", "com"], "tr": ["com.tr", "net.tr"], "ja": ["co.jp", "jp"]}
ROLE_LOCALS = ["info", "support", "billing", "kontakt", "rechnung", "sales", "hello", "team-ops",
               "facturation", "ventas", "amministrazione", "klantenservice", "atendimento", "biuro",
               "kundtjanst", "destek", "noreply", "hr", "jobs", "privacy"]


def company_domain(lang):
    return ch(CO_WORDS) + "." + ch(TLDS.get(lang, TLDS["en"]))


def email(lang, forms=None):
    if R.random() < 0.55:
        local = name_ascii_local(lang)
        dom = ch(FREEMAIL[lang]) if R.random() < 0.5 else company_domain(lang)
    else:
        local = ch(ROLE_LOCALS)
        dom = company_domain(lang)
    if R.random() < 0.15:
        dom = ch(["mail.", "eu.", "corp."]) + dom
    form = ch(forms) if forms else wch([("plain", 55), ("obf_at_brackets", 6), ("obf_at_parens", 5),
                                        ("obf_words", 6), ("obf_spaced_at", 5), ("obf_dot_brackets", 5),
                                        ("fullwidth_at", 4), ("zero_width_at", 4)])
    host, tld = dom.split(".", 1)
    if form == "plain":
        v = f"{local}@{dom}"
    elif form == "obf_at_brackets":
        v = ch([f"{local} [at] {dom}", f"{local}[at]{dom}", f"{local} [AT] {dom}"])
    elif form == "obf_at_parens":
        v = ch([f"{local}(at){dom}", f"{local} (at) {dom}"])
    elif form == "obf_words":
        local = local.replace(".", "").replace("_", "")
        if "." in tld or "-" in host:
            host, tld = ch(CO_WORDS[:12]).replace("-", ""), ch(["de", "com", "fr", "nl", "it", "org"])
        v = ch([f"{local} at {host} dot {tld}", f"{local} AT {host} DOT {tld}"])
    elif form == "obf_spaced_at":
        v = f"{local} @ {dom}"
    elif form == "obf_dot_brackets":
        parts = dom.split(".")
        v = f"{local}@" + "[.]".join(parts)
    elif form == "fullwidth_at":
        v = f"{local}＠{dom}"
    elif form == "zero_width_at":
        v = f"{local}\u200b@\u200b{dom}"
    else:
        raise ValueError(form)
    return v, form


def deobfuscate_email(v):
    s = v.replace("\u200b", "").replace("＠", "@").replace("[.]", ".")
    s = re.sub(r"\s*[\[(](?:at|AT)[\])]\s*", "@", s)
    s = re.sub(r"\s+(?:at|AT)\s+", "@", s)
    s = re.sub(r"\s+(?:dot|DOT)\s+", ".", s)
    s = s.replace(" @ ", "@")
    return s


EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")

# ----------------------------------------------------------------------------- cards, ssn, iban

CARD_BRANDS = [  # brand, prefix generator, lengths, weight
    ("visa", lambda: "4", [16, 16, 16, 16, 13, 19], 30),
    ("mastercard", lambda: str(R.randint(51, 55)), [16], 14),
    ("mastercard", lambda: str(R.randint(2221, 2720)), [16], 8),
    ("amex", lambda: ch(["34", "37"]), [15], 12),
    ("discover", lambda: ch(["6011", "65", str(R.randint(644, 649))]), [16, 16, 19], 8),
    ("jcb", lambda: str(R.randint(3528, 3589)), [16], 7),
    ("diners", lambda: ch(["36", "38", "39", str(R.randint(300, 305))]), [14], 6),
    ("unionpay", lambda: "62" + ch(["2", "4", "5", "6", "8"]), [16, 17, 18, 19], 7),
    ("maestro", lambda: ch(["5018", "5020", "5038", "6304", "6759", "6761", "6763"]), [16, 19, 13], 8),
]


def card_number():
    brand, pre, lens, _ = wch([(b, b[3]) for b in CARD_BRANDS])
    p = pre()
    n = ch(lens)
    num = luhn_complete(p + dig(n - len(p) - 1))
    return num, brand


def card_groups(num, brand):
    n = len(num)
    if brand == "amex":
        return [4, 6, 5]
    if brand == "diners" and n == 14:
        return [4, 6, 4]
    if n == 16:
        return [4, 4, 4, 4]
    if n == 19:
        return [4, 4, 4, 4, 3]
    if n == 18:
        return [6, 12]
    if n == 17:
        return [4, 4, 4, 5]
    if n == 13:
        return [4, 4, 5]
    return [n]


def group(s, sizes, sep):
    out, i = [], 0
    for k in sizes:
        out.append(s[i:i + k])
        i += k
    assert i == len(s), (s, sizes)
    return sep.join(out)


def credit_card():
    num, brand = card_number()
    form = wch([("compact", 35), ("spaces", 45), ("dashes", 20)])
    if len(num) in (13, 17, 18) and form != "compact" and brand not in ("amex",):
        form = "compact"
    if form == "compact":
        v = num
    else:
        v = group(num, card_groups(num, brand), " " if form == "spaces" else "-")
    return v, form, brand


def ssn_parts():
    while True:
        a = R.randint(1, 899)
        if a != 666:
            break
    return "%03d" % a, "%02d" % R.randint(1, 99), "%04d" % R.randint(1, 9999)


def ssn(form=None):
    a, g, s = ssn_parts()
    form = form or wch([("dashes", 60), ("spaces", 20), ("bare_keyword", 20)])
    v = {"dashes": f"{a}-{g}-{s}", "spaces": f"{a} {g} {s}", "bare_keyword": a + g + s}[form]
    return v, form


def ssn_valid(v):
    d = re.sub(r"[ -]", "", v)
    if not re.fullmatch(r"\d{9}", d):
        return False
    a, g, s = int(d[:3]), int(d[3:5]), int(d[5:])
    return 1 <= a <= 899 and a != 666 and 1 <= g <= 99 and 1 <= s <= 9999


IBAN_LEN = {"DE": 22, "AT": 20, "CH": 21, "FR": 27, "ES": 24, "IT": 27, "NL": 18, "BE": 16, "GB": 22,
            "IE": 22, "PL": 28, "PT": 25, "SE": 24, "TR": 26, "LU": 20, "DK": 18, "NO": 15, "FI": 18,
            "CZ": 24}


def es_dc(digits):
    w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]
    r = 11 - sum(int(c) * k for c, k in zip(digits, w)) % 11
    return {11: 0, 10: 1}.get(r, r)


def bban(cc):
    if cc == "DE":
        return ndig(8) + dig(10)
    if cc == "AT":
        return ndig(5) + dig(11)
    if cc == "CH":
        return "00" + ndig(3) + dig(12)
    if cc == "FR":
        bank, guichet, compte = ch(["30004", "30003", "20041", "10107", "30066", "14505"]), dig(5), dig(11)
        key = 97 - (89 * int(bank) + 15 * int(guichet) + 3 * int(compte)) % 97
        return bank + guichet + compte + "%02d" % key
    if cc == "ES":
        bank, branch, acct = ch(["2100", "0049", "0182", "2080", "0081", "1465"]), dig(4), dig(10)
        return bank + branch + str(es_dc("00" + bank + branch)) + str(es_dc(acct)) + acct
    if cc == "IT":
        return ch(string.ascii_uppercase) + ch(["03069", "02008", "05034", "03062"]) + dig(5) + dig(12)
    if cc == "NL":
        return ch(["ABNA", "INGB", "RABO", "TRIO", "SNSB", "KNAB", "ASNB"]) + dig(10)
    if cc == "BE":
        f = ndig(3) + dig(7)
        c = int(f) % 97 or 97
        return f + "%02d" % c
    if cc == "GB":
        return ch(["NWBK", "BARC", "LOYD", "HBUK", "MIDL"]) + dig(6) + dig(8)
    if cc == "IE":
        return ch(["AIBK", "BOFI"]) + dig(6) + dig(8)
    if cc == "PL":
        return ndig(8) + dig(16)
    if cc == "PT":
        return ch(["0002", "0007", "0033", "0035", "0010"]) + dig(4) + dig(11) + dig(2)
    if cc == "SE":
        return ch(["500", "800", "600", "300", "120"]) + dig(16) + dig(1)
    if cc == "TR":
        return ndig(5) + "0" + dig(16)
    if cc == "LU":
        return ndig(3) + dig(13)
    if cc == "DK":
        return ndig(4) + dig(9) + dig(1)
    if cc == "NO":
        return ndig(4) + dig(6) + dig(1)
    if cc == "FI":
        return ndig(3) + dig(11)
    if cc == "CZ":
        return ch(["0800", "0100", "0300", "2010"]) + dig(6) + dig(10)
    raise ValueError(cc)


LANG_IBAN = {"en": ["GB", "IE", "DE", "NL", "FR", "GB"], "de": ["DE", "DE", "AT", "CH"], "fr": ["FR", "FR", "BE", "LU"],
             "es": ["ES"], "it": ["IT"], "nl": ["NL", "NL", "BE"], "pt": ["PT"], "pl": ["PL"],
             "sv": ["SE", "FI", "DK", "NO"], "tr": ["TR"], "ja": ["DE", "GB", "FR", "CZ"]}


def iban(lang, form=None):
    cc = ch(LANG_IBAN[lang]) if R.random() < 0.85 else ch(sorted(IBAN_LEN))
    s = iban_make(cc, bban(cc))
    assert len(s) == IBAN_LEN[cc] and iban_ok(s)
    form = form or wch([("compact", 45), ("print_spaces", 55)])
    v = s if form == "compact" else " ".join(s[i:i + 4] for i in range(0, len(s), 4))
    return v, form

# ----------------------------------------------------------------------------- IPs

BAD_NETS4 = [ipaddress.ip_network(n) for n in ["192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24",
                                                  "127.0.0.0/8", "0.0.0.0/8", "224.0.0.0/3", "198.18.0.0/15"]]
BAD_NETS6 = [ipaddress.ip_network(n) for n in ["2001:db8::/32", "::1/128", "::/128", "::ffff:0:0/96", "ff00::/8"]]


def ipv4_raw():
    r = R.random()
    if r < 0.2:
        a = f"10.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(1, 254)}"
    elif r < 0.3:
        a = f"172.{R.randint(16, 31)}.{R.randint(0, 255)}.{R.randint(1, 254)}"
    elif r < 0.42:
        a = f"192.168.{R.randint(0, 254)}.{R.randint(1, 254)}"
    else:
        a = f"{ch([23, 31, 34, 37, 45, 46, 52, 62, 77, 78, 81, 85, 88, 91, 94, 104, 109, 139, 141, 145, 151, 176, 178, 185, 188, 193, 195, 212, 213, 217])}.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(1, 254)}"
    return a


def ipv4_ok(a):
    try:
        ip = ipaddress.IPv4Address(a)
    except ValueError:
        return False
    if any(ip in n for n in BAD_NETS4):
        return False
    if a.startswith("255.") or a.split(".")[0] in ("254", "252", "248", "240"):
        return False
    return True


def ipv4():
    while True:
        a = ipv4_raw()
        if ipv4_ok(a):
            return a


def ipv6_raw():
    r = R.random()
    if r < 0.35:
        pre = ch(["2a01:4f8", "2a02:810d", "2a00:1450", "2606:4700", "2600:1f18", "2a03:2880", "2a0a:a540",
                  "2001:16b8", "2003:e8", "2a02:8109", "2604:a880", "2406:da14"])
        groups = pre.split(":")
        groups += ["%x" % R.randrange(0x10000) for _ in range(8 - len(groups))]
        if R.random() < 0.5:
            groups[4] = groups[5] = "0"
    elif r < 0.55:
        groups = ["fe80", "0", "0", "0"] + ["%x" % R.randrange(0x10000) for _ in range(4)]
    elif r < 0.7:
        groups = ["fd%02x" % R.randrange(256)] + ["%x" % R.randrange(0x10000) for _ in range(3)] + \
                 ["0", "0", "0", "%x" % R.randrange(1, 0x100)]
    else:
        groups = ["2%03x" % R.randrange(0x400, 0xfff)] + ["%x" % R.randrange(0x10000) for _ in range(7)]
    return ipaddress.IPv6Address(":".join(groups))


def ipv6_ok(a):
    try:
        ip = ipaddress.IPv6Address(a)
    except ValueError:
        return False
    return not any(ip in n for n in BAD_NETS6)


def ipv6(style=None):
    while True:
        ip = ipv6_raw()
        if ipv6_ok(str(ip)):
            break
    style = style or wch([("compressed", 70), ("full", 15), ("upper", 15)])
    if style == "full":
        return ip.exploded, ip
    if style == "upper":
        return ip.compressed.upper(), ip
    return ip.compressed, ip

# ----------------------------------------------------------------------------- keys and tokens


def tail_safe(alpha, n):
    s = rstr(alpha, n)
    return ch(ALNUM) + s[1:-1] + ch(ALNUM)


def openai_key():
    form = wch([("legacy", 30), ("proj", 50), ("svcacct", 20)])
    if form == "legacy":
        return "sk-" + rstr(ALNUM, 20) + "T3BlbkFJ" + rstr(ALNUM, 20), form
    pre = "sk-proj-" if form == "proj" else "sk-svcacct-"
    n = R.randint(56, 74)
    return pre + tail_safe(URLSAFE, n) + "T3BlbkFJ" + tail_safe(URLSAFE, n), form


def anthropic_key():
    v = "sk-ant-api03-" + tail_safe(URLSAFE, 93) + "AA"
    assert len(v) == 108
    return v, "api03"


def aws_key():
    p = ch(["AKIA", "AKIA", "AKIA", "ASIA"])
    return p + rstr(B32, 16), p.lower()


def github_token():
    form = wch([("ghp", 40), ("gho", 10), ("ghu", 10), ("ghs", 12), ("ghr", 8), ("fine_grained", 20)])
    if form == "fine_grained":
        return "github_pat_" + rstr(ALNUM, 22) + "_" + rstr(ALNUM, 59), form
    return form + "_" + rstr(ALNUM, 36), form


def jwt():
    alg = wch([("HS256", 50), ("RS256", 35), ("ES256", 15)])
    hdr = {"alg": alg, "typ": "JWT"}
    if alg != "HS256" and R.random() < 0.6:
        hdr["kid"] = rstr(HEX, 16)
    if R.random() < 0.3:
        hdr = dict(reversed(list(hdr.items())))
    ts = 1735000000 + R.randrange(30000000)
    pl = ch([
        {"sub": "usr_" + rstr(ALNUM, 10), "iat": ts, "exp": ts + 3600},
        {"sub": str(R.randint(1000, 999999)), "role": ch(["admin", "viewer", "editor"]), "iat": ts},
        {"iss": "https://auth." + ch(CO_WORDS) + ".io/", "aud": "api", "scope": "orders:read orders:write",
         "exp": ts + 900, "jti": rstr(HEX, 12)},
        {"uid": R.randint(10, 99999), "tenant": ch(["acme-eu", "t-4471", "prod"]), "exp": ts + 86400},
    ])
    sig = {"HS256": 32, "RS256": 256, "ES256": 64}[alg]
    return ".".join([b64url(json.dumps(hdr, separators=(",", ":")).encode()),
                     b64url(json.dumps(pl, separators=(",", ":")).encode()), b64url(rbytes(sig))]), alg.lower()


def bearer_token():
    if R.random() < 0.25:
        while True:
            v = rstr(HEX, ch([32, 40, 64]))
            if re.search(r"\d", v) and re.search(r"[a-f]", v):
                return v, "hex"
    while True:
        n = R.randint(20, 64)
        v = ch(ALNUM) + rstr(ALNUM + ("-_" if R.random() < 0.4 else ""), n - 2) + ch(ALNUM)
        if re.search(r"\d", v) and re.search(r"[a-z]", v) and re.search(r"[A-Z]", v) and \
                not re.match(r"(sk-|gh[pousr]_|github_pat_|AKIA|ASIA|eyJ|xox)", v):
            return v, "opaque"


PK_TYPES = [("RSA PRIVATE KEY", bytes.fromhex("308204a40201000282010100"), 1180, 64),
            ("PRIVATE KEY", bytes.fromhex("308204bd020100300d06092a864886f70d0101010500048204a7"), 1190, 64),
            ("EC PRIVATE KEY", bytes.fromhex("30770201010420"), 114, 64),
            ("OPENSSH PRIVATE KEY", b"openssh-key-v1\x00\x00\x00\x00\x04none\x00\x00\x00\x04none", 360, 70),
            ("ENCRYPTED PRIVATE KEY", bytes.fromhex("308205"), 1240, 64)]


def pem_lines(short=False):
    kind, prefix, n, width = ch(PK_TYPES[2:4] if short else PK_TYPES)
    body = base64.b64encode(prefix + rbytes(n)).decode()
    lines = [body[i:i + width] for i in range(0, len(body), width)]
    return kind, ["-----BEGIN %s-----" % kind] + lines + ["-----END %s-----" % kind]
