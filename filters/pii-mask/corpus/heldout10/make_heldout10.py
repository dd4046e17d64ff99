#!/usr/bin/env python3
"""make_heldout10.py - blind held-out PII test corpus generator (tenth corpus).

Standard library only, no input files, fully deterministic (SEED = 101010).
Writes heldout10.jsonl and README.md next to this script and prints the
sample count and the SHA-256 of the jsonl file.
"""
import base64
import hashlib
import ipaddress
import json
import os
import random
import re
import struct
import sys
import unicodedata

SEED = 101010
R = random.Random(SEED)
HERE = os.path.dirname(os.path.abspath(__file__))

DIG = "0123456789"
UP = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
LO = UP.lower()
B62 = UP + LO + DIG
B64U = B62 + "-_"
HEX = "0123456789abcdef"
B32 = UP + "234567"
NBSP = "\u00a0"
THIN = "\u2009"
ZWSP = "\u200b"
FW = str.maketrans("0123456789", "\uff10\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff19")
UNFW = str.maketrans("\uff10\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff19", "0123456789")


def ch(seq):
    return seq[R.randrange(len(seq))]


def rs(n, alphabet):
    return "".join(alphabet[R.randrange(len(alphabet))] for _ in range(n))


def rbytes(n):
    return bytes(R.randrange(256) for _ in range(n))


def b64u(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def b64u_dec(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def jenc(s):
    """JSON-escaped form of a string as it appears inside a JSON string literal."""
    return json.dumps(s, ensure_ascii=False)[1:-1]


def fold(s):
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().lower()


# ---------------------------------------------------------------------------
# Person-name pool: real common given and family names, combined at random.
# per language: given male, given female, family male, family female, order
# ("gf" = given first, "fg" = family first), separator, script.
# ---------------------------------------------------------------------------
NAME_SRC = {
    "en": (["Oliver", "Harry", "Jack", "Thomas", "Samuel"], ["Amelia", "Isla", "Grace", "Chloe", "Megan"],
           ["Turner", "Walsh", "Hughes", "Bennett", "Parker", "Collins", "Fletcher", "Ashby-Clarke"], None, "gf", " ", "latin"),
    "de": (["Lukas", "Jonas", "Felix", "Tobias", "Matthias"], ["Anna", "Lea", "Marie", "Katrin", "Sabine"],
           ["Schneider", "Fischer", "Weber", "Wagner", "Becker", "Hoffmann", "von Bergen", "Schulte-Brandt"], None, "gf", " ", "latin"),
    "fr": (["Louis", "Hugo", "Théo", "Julien", "Mathieu"], ["Camille", "Chloé", "Manon", "Élodie", "Pauline"],
           ["Bernard", "Dubois", "Lefèvre", "Moreau", "Girard", "de la Roche", "Lemaire", "Fontaine"], None, "gf", " ", "latin"),
    "es": (["Mateo", "Alejandro", "Javier", "Diego", "Pablo"], ["Lucía", "Sofía", "Carmen", "Elena", "Marta"],
           ["García López", "Fernández Ruiz", "Martínez", "Sánchez Vidal", "Romero", "Navarro", "de la Fuente", "Ortega"], None, "gf", " ", "latin"),
    "it": (["Lorenzo", "Matteo", "Davide", "Alessandro", "Simone"], ["Giulia", "Francesca", "Chiara", "Federica", "Sara"],
           ["Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "De Luca", "Di Stefano", "Marchetti"], None, "gf", " ", "latin"),
    "pt": (["João", "Tiago", "Rafael", "Gonçalo", "Bruno"], ["Beatriz", "Inês", "Mariana", "Catarina", "Joana"],
           ["Santos", "Ferreira da Costa", "Pereira", "Oliveira", "Costa", "dos Reis", "Carvalho", "Almeida"], None, "gf", " ", "latin"),
    "nl": (["Daan", "Bram", "Jesse", "Sander", "Thijs"], ["Sanne", "Lotte", "Fenna", "Anouk", "Ilse"],
           ["de Vries", "van Dijk", "Bakker", "Visser", "Jansen", "van den Berg", "Smit", "Meijer"], None, "gf", " ", "latin"),
    "sv": (["Erik", "Oskar", "Nils", "Gustav", "Anton"], ["Astrid", "Linnea", "Maja", "Ebba", "Elin"],
           ["Lindqvist", "Johansson", "Nyberg", "Holm", "Sjöberg", "Bergström"], None, "gf", " ", "latin"),
    "da": (["Mikkel", "Rasmus", "Magnus", "Frederik", "Emil"], ["Freja", "Ida", "Sofie", "Mette", "Louise"],
           ["Jørgensen", "Kristensen", "Madsen", "Poulsen", "Østergaard", "Thomsen"], None, "gf", " ", "latin"),
    "nb": (["Sindre", "Håkon", "Eirik", "Vegard", "Torbjørn"], ["Ingrid", "Silje", "Tuva", "Kari", "Marit"],
           ["Haugen", "Solberg", "Bakken", "Strand", "Lie", "Fossum"], None, "gf", " ", "latin"),
    "fi": (["Eetu", "Juho", "Onni", "Mikko", "Ville"], ["Aino", "Veera", "Sanni", "Laura", "Emilia"],
           ["Korhonen", "Virtanen", "Mäkinen", "Nieminen", "Heikkinen", "Laaksonen"], None, "gf", " ", "latin"),
    "pl": (["Jakub", "Kacper", "Szymon", "Tomasz", "Piotr"], ["Zofia", "Wiktoria", "Maja", "Agnieszka", "Katarzyna"],
           ["Nowak", "Kowalczyk", "Wiśniewski", "Wójcik", "Kamiński", "Zieliński"],
           ["Nowak", "Kowalczyk", "Wiśniewska", "Wójcik", "Kamińska", "Zielińska"], "gf", " ", "latin"),
    "cs": (["Jakub", "Vojtěch", "Matěj", "Ondřej", "Lukáš"], ["Tereza", "Eliška", "Adéla", "Veronika", "Kateřina"],
           ["Novák", "Svoboda", "Dvořák", "Černý", "Procházka", "Kučera"],
           ["Nováková", "Svobodová", "Dvořáková", "Černá", "Procházková", "Kučerová"], "gf", " ", "latin"),
    "hu": (["Bence", "Levente", "Máté", "Gergő", "Dániel"], ["Réka", "Dóra", "Zsófia", "Eszter", "Anna"],
           ["Nagy", "Kovács", "Tóth", "Szabó", "Horváth", "Varga"], None, "fg", " ", "latin"),
    "ro": (["Andrei", "Mihai", "Radu", "Bogdan", "Cristian"], ["Ioana", "Elena", "Bianca", "Andreea", "Roxana"],
           ["Popescu", "Ionescu", "Dumitru", "Munteanu", "Constantinescu", "Stoica"], None, "gf", " ", "latin"),
    "el": (["Γιώργος", "Νίκος", "Δημήτρης", "Κώστας", "Παναγιώτης"], ["Μαρία", "Ελένη", "Κατερίνα", "Σοφία", "Δέσποινα"],
           ["Οικονόμου", "Γεωργίου", "Νικολάου", "Αντωνίου", "Δημητρίου", "Παππά"], None, "gf", " ", "greek"),
    "tr": (["Emre", "Burak", "Mehmet", "Can", "Murat"], ["Elif", "Zeynep", "Ayşe", "Merve", "Derya"],
           ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Aydın"], None, "gf", " ", "latin"),
    "ru": (["Алексей", "Дмитрий", "Сергей", "Андрей", "Михаил"], ["Ольга", "Наталья", "Ирина", "Екатерина", "Татьяна"],
           ["Смирнов", "Кузнецов", "Попов", "Соколов", "Лебедев", "Морозов"],
           ["Смирнова", "Кузнецова", "Попова", "Соколова", "Лебедева", "Морозова"], "gf", " ", "cyrillic"),
    "uk": (["Олександр", "Максим", "Андрій", "Богдан", "Юрій"], ["Оксана", "Наталія", "Ірина", "Олена", "Галина"],
           ["Коваленко", "Бондаренко", "Мельник", "Ткаченко", "Савчук", "Лисенко"], None, "gf", " ", "cyrillic"),
    "bg": (["Георги", "Николай", "Стоян", "Димитър", "Васил"], ["Мария", "Десислава", "Гергана", "Цветелина", "Радостина"],
           ["Петров", "Иванов", "Костов", "Георгиев", "Христов"],
           ["Петрова", "Иванова", "Костова", "Георгиева", "Христова"], "gf", " ", "cyrillic"),
    "ar": (["محمد", "أحمد", "يوسف", "عمر", "خالد"], ["فاطمة", "ليلى", "مريم", "نور", "سارة"],
           ["العلي", "حداد", "الخطيب", "منصور", "النجار", "الشامي"], None, "gf", " ", "arabic"),
    "he": (["איתי", "יונתן", "אורי", "דניאל", "עומר"], ["נועה", "מאיה", "תמר", "שירה", "יעל"],
           ["כהן", "לוי", "מזרחי", "פרץ", "ביטון", "אברהם"], None, "gf", " ", "hebrew"),
    "fa": (["علی", "رضا", "حسین", "امیر", "مهدی"], ["زهرا", "مریم", "فاطمه", "نرگس", "سارا"],
           ["احمدی", "محمدی", "حسینی", "رضایی", "کریمی", "موسوی"], None, "gf", " ", "arabic"),
    "hi": (["राहुल", "अमित", "विकास", "संजय", "अर्जुन"], ["प्रिया", "नेहा", "पूजा", "अंजलि", "कविता"],
           ["शर्मा", "वर्मा", "गुप्ता", "सिंह", "पटेल", "मिश्रा"], None, "gf", " ", "devanagari"),
    "bn": (["সুমন", "রাকিব", "আরিফ", "তানভীর", "ইমরান"], ["তানিয়া", "নুসরাত", "সাদিয়া", "ফারহানা", "মিম"],
           ["হোসেন", "ইসলাম", "রহমান", "আহমেদ", "চৌধুরী", "সরকার"], None, "gf", " ", "bengali"),
    "ja": (["蓮", "大翔", "健太", "翔太", "悠真"], ["陽菜", "結衣", "美咲", "葵", "彩花"],
           ["佐藤", "鈴木", "高橋", "田中", "渡辺", "伊藤"], None, "fg", "", "cjk"),
    "zh": (["浩宇", "俊杰", "子轩", "宇航", "志强"], ["子涵", "静怡", "欣怡", "雨萱", "梓萱"],
           ["王", "李", "张", "刘", "陈", "杨"], None, "fg", "", "cjk"),
    "ko": (["민준", "도윤", "준서", "시우", "건우"], ["서연", "하은", "수빈", "지유", "예린"],
           ["김", "이", "박", "최", "정", "강"], None, "fg", "", "hangul"),
    "vi": (["Văn Minh", "Đức Anh", "Quang Huy", "Minh Khoa", "Gia Bảo"], ["Thị Lan", "Thu Hà", "Ngọc Ánh", "Khánh Linh", "Bảo Trâm"],
           ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ"], None, "fg", " ", "latin"),
    "th": (["สมชาย", "ณัฐพล", "ธนากร", "วีระพงษ์", "กิตติพัฒน์"], ["สุดารัตน์", "กมลชนก", "พิมพ์ชนก", "ศิริพร", "อรอุมา"],
           ["ศรีสุข", "วงศ์ใหญ่", "แก้วมณี", "บุญมา", "ทองดี", "สุขสวัสดิ์"], None, "gf", " ", "thai"),
    "id": (["Agus", "Andi", "Rizky", "Hendra", "Fajar"], ["Dewi", "Siti", "Rina", "Putri", "Ayu"],
           ["Santoso", "Wijaya", "Kurniawan", "Hidayat", "Saputra", "Nugroho"], None, "gf", " ", "latin"),
    "sw": (["Baraka", "Juma", "Hamisi", "Omari", "Daudi"], ["Amani", "Neema", "Zawadi", "Rehema", "Imani"],
           ["Mwangi", "Otieno", "Kamau", "Wanjiru", "Njoroge", "Mutua"], None, "gf", " ", "latin"),
    "tl": (["Paolo", "Jericho", "Ramil", "Jomar", "Carlo"], ["Mariel", "Kristine", "Angelica", "Jasmine", "Rowena"],
           ["Dela Cruz", "Reyes", "Bautista", "Villanueva", "Mendoza", "Santiago"], None, "gf", " ", "latin"),
    "ca": (["Jordi", "Arnau", "Oriol", "Marc", "Guillem"], ["Montserrat", "Núria", "Laia", "Mireia", "Berta"],
           ["Puig", "Vidal", "Soler", "Ferrer", "Roca", "Riera"], None, "gf", " ", "latin"),
    "hr": (["Ivan", "Luka", "Marko", "Josip", "Ante"], ["Petra", "Ana", "Ivana", "Marija", "Lucija"],
           ["Horvat", "Kovačević", "Babić", "Marić", "Jurić", "Novak"], None, "gf", " ", "latin"),
}
# combinations that would be a famous person or a placeholder-like name
NAME_BLOCK = {"Иван Иванов", "Георги Георгиев", "Стоян Стоянов", "Ana Marić", "Marie Becker"}
PARTICLES = ("van ", "de ", "von ", "da ", "dos ", "De ", "Di ", "Dela ", "van den ")


def build_name_pool():
    pool = []
    seen = set()
    langs = sorted(NAME_SRC)
    per = {l: 7 for l in langs}
    for l in langs[:5]:
        per[l] = 8
    for lang in langs:
        gm, gf, fm, ff, order, sep, script = NAME_SRC[lang]
        ff = ff or fm
        got = 0
        tries = 0
        while got < per[lang] and tries < 500:
            tries += 1
            g = "m" if R.random() < 0.5 else "f"
            if g == "m":
                i = R.randrange(len(fm))
                given, fam = ch(gm), fm[i]
            else:
                i = R.randrange(len(ff))
                given, fam = ch(gf), ff[i]
            disp = (given + sep + fam) if order == "gf" else (fam + sep + given)
            if disp in seen or (given + " " + fam) in NAME_BLOCK:
                continue
            seen.add(disp)
            pool.append({"lang": lang, "given": given, "family": fam, "order": order, "sep": sep,
                         "script": script, "gender": g, "display": disp})
            got += 1
    return pool


NAMES = build_name_pool()

TITLES = {
    "en": (["Mr", "Dr."], ["Ms", "Mrs.", "Dr."]), "de": (["Herr", "Dr."], ["Frau", "Dr."]),
    "fr": (["M.", "Dr"], ["Mme", "Dr"]), "es": (["Sr.", "Dr."], ["Sra.", "Dra."]),
    "it": (["Sig.", "Dott."], ["Sig.ra", "Dott.ssa"]), "pt": (["Sr.", "Dr."], ["Sra.", "Dra."]),
    "nl": (["dhr.", "meneer"], ["mevrouw", "mw."]), "pl": (["Pan"], ["Pani"]), "cs": (["pan"], ["paní"]),
    "ru": (["г-н"], ["г-жа"]), "el": (["κ."], ["κα"]), "ca": (["Sr."], ["Sra."]), "ro": (["dl."], ["dna."]),
    "tr": (["Dr."], ["Dr."]), "sv": (["Dr."], ["Dr."]), "hr": (["g."], ["gđa"]),
}
SUFFIXES = {"ja": ["さん", "様"], "ko": ["님", " 씨"], "hi": [" जी"]}

# ---------------------------------------------------------------------------
# Street pool: invented street names (plants, landscape, trades), 32 countries.
# style: post = "Street 12", pre = "12 Street", comma = "Street, 12", slash = "Street 812/3"
# ---------------------------------------------------------------------------
STREET_SRC = [
    ("DE", "post", ["Lindenhofweg", "Am Kiesgrund", "Mühlbachstraße", "Hopfengarten", "Eichelhäherweg"]),
    ("AT", "post", ["Rebenweg", "Zirbenstraße", "Almrauschgasse", "Obstgartenweg", "Enzianweg"]),
    ("CH", "post", ["Seeblickstrasse", "Chriesiweg", "Bachtelenweg", "Rebhaldenstrasse", "Sonnmattweg"]),
    ("NL", "post", ["Zonnebloemstraat", "Kievitsdreef", "Wilgenlaan", "Turfstekerspad", "Veenkade"]),
    ("BE", "post", ["Beukenhoflaan", "Hazelaarstraat", "Kastanjedreef", "Molenbeekweg", "Vlasbloemstraat"]),
    ("FR", "pre", ["rue des Glycines", "allée des Tilleuls", "chemin du Pressoir", "rue de la Tonnellerie", "impasse des Coquelicots"]),
    ("ES", "comma", ["Calle del Olivar", "Calle de los Almendros", "Avenida de la Ribera", "Calle Alfarería", "Paseo de las Acacias"]),
    ("IT", "post", ["Via dei Ciliegi", "Via delle Fornaci", "Viale dei Gelsi", "Vicolo del Mulino", "Via della Vigna Vecchia"]),
    ("PT", "comma", ["Rua das Amendoeiras", "Travessa do Lagar", "Rua da Ribeira Seca", "Avenida dos Pinheiros Mansos", "Rua do Moinho Velho"]),
    ("BR", "comma", ["Rua dos Ipês", "Avenida das Palmeiras Reais", "Rua do Cajueiro", "Rua das Bromélias", "Alameda dos Jatobás"]),
    ("MX", "post", ["Calle de los Jacarandas", "Avenida del Nopal", "Calle Magueyes", "Privada de los Fresnos", "Calle Tejocote"]),
    ("AR", "post", ["Calle Los Aromos", "Avenida de los Ceibos", "Pasaje Las Tunas", "Calle El Ombú", "Calle Los Alerces"]),
    ("US", "pre", ["Maple Hollow Road", "Quarry Ridge Drive", "Cedar Bend Lane", "Foxglove Court", "Millrace Avenue"]),
    ("GB", "pre", ["Heather Bank Road", "Tannery Row", "Saltmarsh Lane", "Rookery Gardens", "Ropewalk Close"]),
    ("IE", "pre", ["Hawthorn Rise", "Bogland Road", "Sallygardens Lane", "Heatherfield Park", "Millbrook Grove"]),
    ("CA", "pre", ["Spruce Hollow Crescent", "Beaverdam Road", "Tamarack Drive", "Birchgrove Trail", "Loonlake Way"]),
    ("AU", "pre", ["Wattle Grove Parade", "Banksia Street", "Ironbark Close", "Lyrebird Crescent", "Billabong Road"]),
    ("NZ", "pre", ["Kowhai Terrace", "Rimu Street", "Pohutukawa Drive", "Tui Glen Road", "Kauri Ridge"]),
    ("SE", "post", ["Björkdalsvägen", "Lingonstigen", "Tallbacken", "Sjöbodsgatan", "Mossvägen"]),
    ("DK", "post", ["Kløvermarksvej", "Hyldebærvej", "Engblommevej", "Rørsangervej", "Lyngbakken"]),
    ("NO", "post", ["Granlia", "Bjørkeveien", "Fjellstien", "Multebærveien", "Nausttunet"]),
    ("FI", "post", ["Koivukuja", "Kanervatie", "Pihlajapolku", "Mäntyrinne", "Sammalkatu"]),
    ("PL", "post", ["ul. Jaśminowa", "ul. Wrzosowa", "ul. Kasztanowa", "ul. Młynarska", "ul. Leszczynowa"]),
    ("CZ", "slash", ["Lipová", "Na Výsluní", "Jabloňová", "U Mlýnského potoka", "Za Pivovarem"]),
    ("SK", "slash", ["Orgovánová", "Pod Vinicami", "Jarabinová", "Na Pasienkoch", "Slnečnicová"]),
    ("HU", "post", ["Hársfa utca", "Szőlőhegy utca", "Nyírfa sor", "Malomárok utca", "Pipacs köz"]),
    ("RO", "post", ["Strada Teilor", "Strada Zorelelor", "Aleea Castanilor", "Strada Morii Vechi", "Strada Livezilor"]),
    ("HR", "post", ["Vinogradska ulica", "Lavandina ulica", "Maslinova ulica", "Ribarska ulica", "Borova ulica"]),
    ("SI", "post", ["Lipova ulica", "Cesta v Gorice", "Brezova pot", "Vinska cesta", "Pot na Grič"]),
    ("GR", "post", ["Λεμονιάς", "Μυρτιάς", "Πλατάνων", "Αμυγδαλιάς", "Κυπαρισσίων"]),
    ("RU", "comma", ["ул. Рябиновая", "ул. Черёмуховая", "Кленовый бульвар", "ул. Мельничная", "Луговой переулок"]),
    ("UA", "comma", ["вул. Каштанова", "вул. Калинова", "вул. Соняшникова", "вул. Млинова", "вул. Вербова"]),
]
STREETS = []
for _cc, _style, _names in STREET_SRC:
    for _n in _names:
        STREETS.append({"country": _cc, "style": _style, "street": _n})

CITIES = {
    "DE": ["München", "Leipzig", "Bremen"], "AT": ["Graz", "Linz"], "CH": ["Bern", "Luzern"],
    "NL": ["Utrecht", "Zwolle"], "BE": ["Gent", "Leuven"], "FR": ["Lyon", "Nantes"], "ES": ["Valencia", "Zaragoza"],
    "IT": ["Torino", "Bologna"], "PT": ["Braga", "Coimbra"], "BR": ["Curitiba", "Recife"], "MX": ["Puebla", "Querétaro"],
    "AR": ["Rosario", "Córdoba"], "US": ["Austin, TX", "Portland, OR", "Madison, WI"], "GB": ["Leeds", "Bristol"],
    "IE": ["Galway", "Cork"], "CA": ["Halifax, NS", "Winnipeg, MB"], "AU": ["Hobart TAS", "Geelong VIC"],
    "NZ": ["Nelson", "Dunedin"], "SE": ["Umeå", "Örebro"], "DK": ["Aarhus", "Odense"], "NO": ["Bergen", "Tromsø"],
    "FI": ["Tampere", "Oulu"], "PL": ["Kraków", "Gdańsk"], "CZ": ["Brno", "Olomouc"], "SK": ["Košice", "Žilina"],
    "HU": ["Szeged", "Pécs"], "RO": ["Cluj-Napoca", "Iași"], "HR": ["Split", "Rijeka"], "SI": ["Maribor", "Celje"],
    "GR": ["Πάτρα", "Λάρισα"], "RU": ["Казань", "Пермь"], "UA": ["Львів", "Харків"],
}
COUNTRY_LANG = {"DE": "de", "AT": "de", "CH": "de", "NL": "nl", "BE": "nl", "FR": "fr", "ES": "es", "IT": "it",
                "PT": "pt", "BR": "pt", "MX": "es", "AR": "es", "US": "en", "GB": "en", "IE": "en", "CA": "en",
                "AU": "en", "NZ": "en", "SE": "sv", "DK": "da", "NO": "nb", "FI": "fi", "PL": "pl", "CZ": "cs",
                "SK": "cs", "HU": "hu", "RO": "ro", "HR": "hr", "SI": "hr", "GR": "el", "RU": "ru", "UA": "uk"}


def postcode(cc):
    d = lambda n: rs(n, DIG)
    L = lambda n: rs(n, "ABDEFGHJLNPQRSTUWXYZ")
    if cc in ("DE", "FR", "ES", "IT", "MX", "FI", "HR", "US"):
        p = str(R.randint(1, 9)) + d(4)
        if cc == "US":
            return p
        return p
    if cc in ("AT", "CH", "BE", "DK", "NO", "HU", "SI", "AU", "NZ"):
        return str(R.randint(1, 9)) + d(3)
    if cc == "NL":
        return str(R.randint(1, 9)) + d(3) + " " + L(2)
    if cc == "PT":
        return str(R.randint(1, 9)) + d(3) + "-" + d(3)
    if cc == "BR":
        return str(R.randint(1, 9)) + d(4) + "-" + d(3)
    if cc == "AR":
        return "S" + str(R.randint(1, 9)) + d(3) + L(3)
    if cc == "GB":
        return L(2) + str(R.randint(1, 9)) + " " + str(R.randint(1, 9)) + L(2)
    if cc == "IE":
        return "H" + d(2) + " " + L(1) + d(2) + L(1)
    if cc == "CA":
        return L(1) + d(1) + L(1) + " " + d(1) + L(1) + d(1)
    if cc in ("SE", "CZ", "SK", "GR"):
        return str(R.randint(1, 9)) + d(2) + " " + d(2)
    if cc == "PL":
        return d(2) + "-" + d(3)
    if cc in ("RO", "RU"):
        return str(R.randint(1, 9)) + d(5)
    if cc == "UA":
        return str(R.randint(1, 9)) + d(4)
    return d(5)


def house_number(street, variant=None):
    st = street["style"]
    cc = street["country"]
    if variant is None:
        opts = ["plain", "plain", "plain"]
        if st in ("post", "comma"):
            opts += ["letter", "range"]
        if st == "pre":
            opts += ["letter"] if cc not in ("US", "CA") else []
            opts += ["range"] if cc in ("GB", "AU", "NZ", "IE") else []
        if cc == "FR":
            opts += ["bis", "bis"]
        if st == "slash":
            opts = ["slash", "slash", "plain"]
        variant = ch(opts)
    big = cc in ("US", "CA", "BR", "AR", "MX")
    n = R.randint(100, 4999) if big else R.randint(1, 180)
    if variant == "letter":
        s = str(n) + ch(["a", "b", "c"] if cc not in ("GB", "IE", "AU", "NZ") else ["A", "B", "a"])
    elif variant == "range":
        s = "%d-%d" % (n, n + ch([2, 2, 4]))
    elif variant == "bis":
        s = "%d %s" % (n, ch(["bis", "ter"]))
    elif variant == "slash":
        s = "%d/%d" % (R.randint(120, 2899), R.randint(1, 40))
    else:
        variant = "plain"
        s = str(n)
    return s, variant


def street_value(street=None, variant=None):
    street = street or ch(STREETS)
    num, variant = house_number(street, variant)
    st = street["style"]
    nm = street["street"]
    if st == "pre":
        val = num + " " + nm
        form = "number_first"
    elif st == "comma":
        val = nm + ", " + num
        form = "comma_number"
    elif st == "slash":
        val = nm + " " + num
        form = "number_after"
    else:
        if street["country"] == "IT" and R.random() < 0.4:
            val = nm + ", " + num
            form = "comma_number"
        else:
            val = nm + " " + num
            form = "number_after"
    if variant != "plain":
        form = variant if variant != "slash" else "slash_number"
    return val, form, street


def full_address(street=None, variant=None):
    """Return (prefix_text, street_value, suffix_text, form, street)."""
    val, form, street = street_value(street, variant)
    cc = street["country"]
    pc = postcode(cc)
    city = ch(CITIES[cc])
    if cc in ("US", "CA"):
        tail = ", %s %s" % (city, pc)
    elif cc in ("GB", "IE"):
        tail = ", %s %s" % (city, pc)
    elif cc in ("AU", "NZ"):
        tail = ", %s %s" % (city, pc)
    else:
        tail = ", %s %s" % (pc, city)
    return val, tail, form, street


DOMAINS = [
    "kestrelmail.de", "fjordlite.no", "bluequill.io", "tannenpost.at", "marewind.fr", "olivarnet.es",
    "cortile.it", "ribeiramail.pt", "ipezal.com.br", "polderlink.nl", "lindqvist-ab.se", "havnepost.dk",
    "koivuverkko.fi", "wrzosnet.pl", "lipmail.cz", "harsfa-net.hu", "zorele.ro", "ljubnet.si", "maslina.hr",
    "lemonia.gr", "ryabina.ru", "kashtan.ua", "sakuradai.jp", "qingshan-mail.cn", "haneul-post.kr",
    "sungai.co.id", "pwani-mail.co.ke", "tagpuan.ph", "copperfinch.co.uk", "saltmarsh.ie", "tamarack.ca",
    "wattlepost.com.au", "kowhai.co.nz", "nimbusforge.io", "quartzlane.dev", "orchidgate.net", "brightfern.org",
    "lumenharbor.com", "velvetkite.app", "ironbarkhq.com", "tidewell.email", "mossgrove.cloud",
]
HANDLES = ["info", "billing", "kontakt", "hello", "ops-team", "support", "reception", "noreply-replies", "hr.desk",
           "facturacion", "segreteria", "contato", "praca", "jobs", "studio", "fleet", "lab-7", "pressedesk"]
CHAT_HANDLES = ["kite42", "mooncake", "sysop_7", "blue_heron", "tangerine", "quokka", "pixelpine", "mangrove",
                "driftwood", "sparrow9", "lumen", "ferric", "oatmilk", "cobalt", "zephyr_x", "hazel_nut"]
COMPANIES = ["Nordlicht Logistik GmbH", "Kestrel Analytics Ltd", "Fjordlys AS", "Olivar Sistemas S.L.",
             "Cortile Digitale S.r.l.", "Brightfern Labs Inc.", "Polderwerk B.V.", "Quartzlane Oy",
             "Tidewell Maritime", "Ironbark Timber Pty Ltd", "Lumen Harbor Studios", "Velvetkite Media"]

# ---------------------------------------------------------------------------
# Language frames written for this corpus.  keys:
#  N  nouns (email, phone, card, iban, ip, key, token, ssn)
#  G  generic frames with {n} and {v};  NM person frames;  AD address frames;
#  NG neutral frames with {x} (used for negatives and intros)
# ---------------------------------------------------------------------------
def _n(email, phone, card, ip, key, token, ssn, iban="IBAN"):
    return {"email": email, "phone": phone, "card": card, "iban": iban, "ip": ip, "key": key, "token": token, "ssn": ssn}


L = {}
L["en"] = dict(
    N=_n("email address", "phone number", "card number", "IP address", "API key", "token", "social security number (SSN)"),
    G=["Could you swap my {n} for {v} before Friday?", "{v} is the {n} they gave me, can you double-check it",
       "Heads-up: the {n} on file is now {v}.", "Paste this into the {n} box: {v}",
       "Still undecided on most things, but the {n} we settled on was {v}"],
    NM=["The parcel is addressed to {v}, not to me.", "{v} will take over the night shift from Monday.",
        "Ask for {v} at reception."],
    AD=["We moved, new place is {v}, third bell from the top.", "Drop the keys at {v} if nobody answers.",
        "{v} is where the van should stop."],
    NG=["Quick question about this: {x}", "Noted from the whiteboard: {x}", "Can someone explain {x}?"])
L["de"] = dict(
    N=_n("E-Mail-Adresse", "Telefonnummer", "Kartennummer", "IP-Adresse", "API-Schlüssel", "Token",
         "US-Sozialversicherungsnummer (SSN)"),
    G=["Kurz notiert ({n}): {v}", "Bitte {n} ersetzen durch {v}, danke!", "{v} – so steht es bei mir unter {n}.",
       "Hab nachgeschaut, {n} ist {v}"],
    NM=["Das Paket ist an {v} adressiert.", "Ab Montag übernimmt {v} die Nachtschicht."],
    AD=["Neue Anschrift: {v}, zweite Klingel von oben.", "Schlüssel bitte bei {v} abgeben, falls keiner aufmacht."],
    NG=["Kurze Frage dazu: {x}", "Vom Whiteboard abgeschrieben: {x}", "Kann mir jemand {x} erklären?"])
L["fr"] = dict(
    N=_n("adresse e-mail", "numéro de téléphone", "numéro de carte", "adresse IP", "clé API", "jeton",
         "numéro de sécurité sociale américain (SSN)"),
    G=["Pour info, {n} : {v}", "J'ai vérifié : {n} = {v}", "{v} — c'est bien ça pour {n} ?",
       "Merci de mettre à jour ({n}) avec {v} avant vendredi."],
    NM=["Le colis est au nom de {v}.", "C'est {v} qui reprend le dossier lundi."],
    AD=["Nouvelle adresse : {v}, sonner deux fois.", "Déposez les clés à cette adresse : {v} si personne ne répond."],
    NG=["Petite question là-dessus : {x}", "Noté au tableau : {x}", "Quelqu'un peut m'expliquer {x} ?"])
L["es"] = dict(
    N=_n("correo electrónico", "número de teléfono", "número de tarjeta", "dirección IP", "clave API", "token",
         "número de seguro social (SSN)"),
    G=["¿Puedes cambiar el dato ({n}) por {v}?", "Te lo confirmo, {n}: {v}", "{v} — eso es lo que tengo como {n}.",
       "Apunta esto para {n}: {v}"],
    NM=["El paquete va a nombre de {v}.", "Desde el lunes el turno de noche lo cubre {v}."],
    AD=["Nos mudamos, ahora estamos en {v}, segundo piso.", "Deja las llaves en {v} si no abre nadie."],
    NG=["Una duda sobre esto: {x}", "Lo copié de la pizarra: {x}", "¿Alguien me explica {x}?"])
L["it"] = dict(
    N=_n("indirizzo email", "numero di telefono", "numero della carta", "indirizzo IP", "chiave API", "token",
         "numero di previdenza sociale USA (SSN)"),
    G=["Puoi aggiornare il campo {n} con {v}?", "Confermo, {n}: {v}", "{v} — questo è quello che risulta come {n}.",
       "Segnati questo per {n}: {v}"],
    NM=["Il pacco è intestato a {v}.", "Da lunedì il turno di notte lo copre {v}."],
    AD=["Ci siamo trasferiti, ora siamo in {v}, citofono in alto.", "Lascia le chiavi in {v} se non risponde nessuno."],
    NG=["Una domanda su questo: {x}", "Copiato dalla lavagna: {x}", "Qualcuno mi spiega {x}?"])
L["pt"] = dict(
    N=_n("e-mail", "telefone", "número do cartão", "endereço IP", "chave de API", "token",
         "número de seguro social americano (SSN)"),
    G=["Você pode trocar o campo {n} para {v}?", "Confirmado, {n}: {v}", "{v} — é isso que aparece como {n}.",
       "Anota aí para {n}: {v}"],
    NM=["A encomenda está no nome de {v}.", "A partir de segunda quem cobre o turno é {v}."],
    AD=["Mudamos, agora é {v}, segundo andar.", "Deixe as chaves em {v} se ninguém atender."],
    NG=["Uma dúvida sobre isto: {x}", "Copiei do quadro: {x}", "Alguém me explica {x}?"])
L["nl"] = dict(
    N=_n("e-mailadres", "telefoonnummer", "kaartnummer", "IP-adres", "API-sleutel", "token",
         "Amerikaans social security number (SSN)"),
    G=["Kun je het veld {n} aanpassen naar {v}?", "Even ter bevestiging, {n}: {v}", "{v} — dat staat bij mij als {n}.",
       "Noteer dit bij {n}: {v}"],
    NM=["Het pakket staat op naam van {v}.", "Vanaf maandag neemt {v} de nachtdienst over."],
    AD=["We zijn verhuisd, nu {v}, tweede bel.", "Laat de sleutels achter op {v} als er niemand opendoet."],
    NG=["Korte vraag hierover: {x}", "Van het whiteboard overgenomen: {x}", "Kan iemand {x} uitleggen?"])
L["sv"] = dict(
    N=_n("e-postadress", "telefonnummer", "kortnummer", "IP-adress", "API-nyckel", "token",
         "amerikanskt socialförsäkringsnummer (SSN)"),
    G=["Kan du ändra fältet {n} till {v}?", "Bekräftar, {n}: {v}", "{v} — det är vad som står som {n} hos mig.",
       "Skriv upp det här för {n}: {v}"],
    NM=["Paketet är adresserat till {v}.", "Från måndag tar {v} över nattpasset."],
    AD=["Vi har flyttat, nu bor vi på {v}, andra våningen.", "Lämna nycklarna på {v} om ingen öppnar."],
    NG=["En snabb fråga om detta: {x}", "Avskrivet från tavlan: {x}", "Kan någon förklara {x}?"])
L["da"] = dict(
    N=_n("e-mailadresse", "telefonnummer", "kortnummer", "IP-adresse", "API-nøgle", "token",
         "amerikansk socialsikringsnummer (SSN)"),
    G=["Kan du ændre feltet {n} til {v}?", "Bekræfter, {n}: {v}", "{v} — det står som {n} hos mig.",
       "Skriv det her ned under {n}: {v}"],
    NM=["Pakken er adresseret til {v}.", "Fra mandag overtager {v} nattevagten."],
    AD=["Vi er flyttet, nu bor vi på {v}, øverste etage.", "Læg nøglerne på {v}, hvis ingen åbner."],
    NG=["Hurtigt spørgsmål om det her: {x}", "Skrevet af fra tavlen: {x}", "Kan nogen forklare {x}?"])
L["nb"] = dict(
    N=_n("e-postadresse", "telefonnummer", "kortnummer", "IP-adresse", "API-nøkkel", "token",
         "amerikansk trygdenummer (SSN)"),
    G=["Kan du endre feltet {n} til {v}?", "Bekrefter, {n}: {v}", "{v} — det står som {n} hos meg.",
       "Noter dette under {n}: {v}"],
    NM=["Pakken er adressert til {v}.", "Fra mandag tar {v} over nattskiftet."],
    AD=["Vi har flyttet, nå bor vi i {v}.", "Legg nøklene i {v} hvis ingen åpner."],
    NG=["Et kjapt spørsmål om dette: {x}", "Skrevet av fra tavla: {x}", "Kan noen forklare {x}?"])
L["fi"] = dict(
    N=_n("sähköpostiosoite", "puhelinnumero", "kortin numero", "IP-osoite", "API-avain", "tunniste",
         "yhdysvaltalainen sosiaaliturvatunnus (SSN)"),
    G=["Voitko päivittää kentän ({n}): {v}?", "Vahvistan, {n}: {v}", "{v} — tämä on minulla kohdassa {n}.",
       "Kirjaa tämä ylös ({n}): {v}"],
    NM=["Paketin vastaanottaja: {v}.", "Maanantaista alkaen yövuoron hoitaa {v}."],
    AD=["Muutimme, uusi osoite on {v}.", "Jätä avaimet osoitteeseen {v}, jos kukaan ei avaa."],
    NG=["Nopea kysymys tästä: {x}", "Kopioitu taululta: {x}", "Osaako joku selittää tämän: {x}?"])
L["pl"] = dict(
    N=_n("adres e-mail", "numer telefonu", "numer karty", "adres IP", "klucz API", "token",
         "amerykański numer ubezpieczenia społecznego (SSN)"),
    G=["Możesz zmienić pole {n} na {v}?", "Potwierdzam, {n}: {v}", "{v} — tak mam zapisane jako {n}.",
       "Zanotuj to w polu {n}: {v}"],
    NM=["Paczka jest zaadresowana do: {v}.", "Od poniedziałku nocną zmianę przejmuje {v}."],
    AD=["Przeprowadziliśmy się, nowy adres to {v}.", "Zostaw klucze pod adresem {v}, jeśli nikt nie otworzy."],
    NG=["Szybkie pytanie o to: {x}", "Przepisane z tablicy: {x}", "Czy ktoś może wyjaśnić {x}?"])
L["cs"] = dict(
    N=_n("e-mailová adresa", "telefonní číslo", "číslo karty", "IP adresa", "API klíč", "token",
         "americké číslo sociálního zabezpečení (SSN)"),
    G=["Můžeš změnit pole {n} na {v}?", "Potvrzuji, {n}: {v}", "{v} — takhle to mám uložené jako {n}.",
       "Poznamenej si k poli {n}: {v}"],
    NM=["Balík je adresovaný na jméno {v}.", "Od pondělí převezme noční směnu {v}."],
    AD=["Přestěhovali jsme se, nová adresa je {v}.", "Nech klíče na adrese {v}, pokud nikdo neotevře."],
    NG=["Rychlý dotaz k tomuhle: {x}", "Opsáno z tabule: {x}", "Může mi někdo vysvětlit {x}?"])
L["hu"] = dict(
    N=_n("e-mail-cím", "telefonszám", "kártyaszám", "IP-cím", "API-kulcs", "token",
         "amerikai társadalombiztosítási szám (SSN)"),
    G=["Át tudnád írni a mezőt ({n}) erre: {v}?", "Megerősítem, {n}: {v}", "{v} — nálam ez szerepel mint {n}.",
       "Jegyezd fel ({n}): {v}"],
    NM=["A csomag címzettje: {v}.", "Hétfőtől {v} veszi át az éjszakai műszakot."],
    AD=["Elköltöztünk, az új cím: {v}.", "Hagyd a kulcsot itt: {v}, ha senki sem nyit ajtót."],
    NG=["Gyors kérdés ezzel kapcsolatban: {x}", "A tábláról másoltam: {x}", "Valaki el tudja magyarázni ezt: {x}?"])
L["ro"] = dict(
    N=_n("adresa de e-mail", "numărul de telefon", "numărul cardului", "adresa IP", "cheia API", "tokenul",
         "numărul de asigurare socială american (SSN)"),
    G=["Poți schimba câmpul {n} în {v}?", "Confirm, {n}: {v}", "{v} — așa am eu trecut la {n}.",
       "Notează asta la {n}: {v}"],
    NM=["Coletul este pe numele {v}.", "De luni tura de noapte o preia {v}."],
    AD=["Ne-am mutat, noua adresă este {v}.", "Lasă cheile la {v} dacă nu răspunde nimeni."],
    NG=["O întrebare rapidă despre asta: {x}", "Copiat de pe tablă: {x}", "Îmi explică cineva {x}?"])
L["el"] = dict(
    N=_n("διεύθυνση email", "αριθμός τηλεφώνου", "αριθμός κάρτας", "διεύθυνση IP", "κλειδί API", "token",
         "αμερικανικός αριθμός κοινωνικής ασφάλισης (SSN)"),
    G=["Μπορείς να αλλάξεις το πεδίο «{n}» σε {v};", "Επιβεβαιώνω, {n}: {v}", "{v} — αυτό έχω καταχωρίσει ως {n}.",
       "Σημείωσε για το πεδίο {n}: {v}"],
    NM=["Το δέμα είναι στο όνομα {v}.", "Από Δευτέρα τη νυχτερινή βάρδια αναλαμβάνει {v}."],
    AD=["Μετακομίσαμε, η νέα διεύθυνση είναι {v}.", "Άφησε τα κλειδιά στη διεύθυνση {v} αν δεν ανοίξει κανείς."],
    NG=["Μια γρήγορη ερώτηση γι' αυτό: {x}", "Το αντέγραψα από τον πίνακα: {x}", "Μπορεί κάποιος να εξηγήσει το {x};"])
L["tr"] = dict(
    N=_n("e-posta adresi", "telefon numarası", "kart numarası", "IP adresi", "API anahtarı", "token",
         "ABD sosyal güvenlik numarası (SSN)"),
    G=["{n} alanını şununla değiştirebilir misin: {v}?", "Teyit ediyorum, {n}: {v}", "{v} — bende {n} olarak bu kayıtlı.",
       "Şunu {n} için not al: {v}"],
    NM=["Paketin alıcısı: {v}.", "Pazartesiden itibaren gece vardiyasını {v} devralıyor."],
    AD=["Taşındık, yeni adres: {v}.", "Kimse açmazsa anahtarları şu adrese bırak: {v}."],
    NG=["Bununla ilgili kısa bir soru: {x}", "Tahtadan kopyaladım: {x}", "Biri bana şunu açıklayabilir mi: {x}?"])
L["ru"] = dict(
    N=_n("адрес электронной почты", "номер телефона", "номер карты", "IP-адрес", "API-ключ", "токен",
         "американский номер социального страхования (SSN)"),
    G=["Можешь поменять поле «{n}» на {v}?", "Подтверждаю, {n}: {v}", "{v} — вот что у меня записано как {n}.",
       "Запиши для поля «{n}»: {v}"],
    NM=["Получатель посылки: {v}.", "С понедельника ночную смену берёт {v}."],
    AD=["Мы переехали, новый адрес: {v}.", "Оставь ключи по адресу: {v}, если никто не откроет."],
    NG=["Короткий вопрос по этому поводу: {x}", "Переписал с доски: {x}", "Кто-нибудь может объяснить {x}?"])
L["uk"] = dict(
    N=_n("адреса електронної пошти", "номер телефону", "номер картки", "IP-адреса", "API-ключ", "токен",
         "американський номер соціального страхування (SSN)"),
    G=["Можеш змінити поле «{n}» на {v}?", "Підтверджую, {n}: {v}", "{v} — ось що в мене записано як {n}.",
       "Запиши для поля «{n}»: {v}"],
    NM=["Отримувач посилки: {v}.", "З понеділка нічну зміну бере {v}."],
    AD=["Ми переїхали, нова адреса: {v}.", "Залиш ключі за адресою: {v}, якщо ніхто не відчинить."],
    NG=["Коротке питання щодо цього: {x}", "Переписав з дошки: {x}", "Хтось може пояснити {x}?"])
L["bg"] = dict(
    N=_n("имейл адрес", "телефонен номер", "номер на карта", "IP адрес", "API ключ", "токен",
         "американски номер за социално осигуряване (SSN)"),
    G=["Можеш ли да смениш полето „{n}“ на {v}?", "Потвърждавам, {n}: {v}", "{v} — това имам записано като {n}.",
       "Запиши за полето „{n}“: {v}"],
    NM=["Получател на пратката: {v}.", "От понеделник нощната смяна поема {v}."],
    AD=["Преместихме се, новият адрес е {v}.", "Остави ключовете на адрес {v}, ако никой не отвори."],
    NG=["Бърз въпрос за това: {x}", "Преписах го от дъската: {x}", "Може ли някой да обясни {x}?"])
L["ar"] = dict(
    N=_n("البريد الإلكتروني", "رقم الهاتف", "رقم البطاقة", "عنوان IP", "مفتاح API", "الرمز",
         "رقم الضمان الاجتماعي الأمريكي (SSN)"),
    G=["هل يمكنك تغيير حقل {n} إلى {v}؟", "أؤكد، {n}: {v}", "{v} — هذا ما هو مسجل لدي في خانة {n}.",
       "دوّن هذا في خانة {n}: {v}"],
    NM=["الطرد باسم {v}.", "ابتداءً من الاثنين سيتولى {v} المناوبة الليلية."],
    AD=["انتقلنا، العنوان الجديد هو {v}.", "اترك المفاتيح في {v} إذا لم يفتح أحد."],
    NG=["سؤال سريع حول هذا: {x}", "نسخته من السبورة: {x}", "هل يمكن لأحد أن يشرح {x}؟"])
L["he"] = dict(
    N=_n("כתובת האימייל", "מספר הטלפון", "מספר הכרטיס", "כתובת IP", "מפתח API", "טוקן",
         "מספר הביטוח הלאומי האמריקאי (SSN)"),
    G=["{n}: {v} — תעדכן בבקשה", "מאשר, {n}: {v}", "{v} — זה מה שרשום אצלי בתור {n}.", "תרשום את זה בשדה {n}: {v}"],
    NM=["החבילה רשומה על שם {v}.", "מיום שני {v} לוקח את משמרת הלילה."],
    AD=["עברנו דירה, הכתובת החדשה היא {v}.", "תשאיר את המפתחות בכתובת {v} אם אף אחד לא פותח."],
    NG=["שאלה קצרה על זה: {x}", "העתקתי מהלוח: {x}", "מישהו יכול להסביר את {x}?"])
L["fa"] = dict(
    N=_n("ایمیل", "شماره تلفن", "شماره کارت", "آدرس IP", "کلید API", "توکن", "شماره تأمین اجتماعی آمریکا (SSN)"),
    G=["می‌توانی فیلد {n} را به {v} تغییر بدهی؟", "تأیید می‌کنم، {n}: {v}", "{v} — این چیزی است که به عنوان {n} ثبت کرده‌ام.",
       "این را برای {n} یادداشت کن: {v}"],
    NM=["بسته به نام {v} است.", "از دوشنبه شیفت شب با {v} است."],
    AD=["اسباب‌کشی کردیم، آدرس جدید: {v}.", "اگر کسی در را باز نکرد، کلیدها را در {v} بگذار."],
    NG=["یک سؤال کوتاه درباره این: {x}", "از روی تخته نوشتم: {x}", "کسی می‌تواند {x} را توضیح بدهد؟"])
L["hi"] = dict(
    N=_n("ईमेल पता", "फ़ोन नंबर", "कार्ड नंबर", "IP पता", "API कुंजी", "टोकन", "अमेरिकी सोशल सिक्योरिटी नंबर (SSN)"),
    G=["क्या आप {n} को {v} में बदल सकते हैं?", "पुष्टि करता हूँ, {n}: {v}", "{v} — मेरे पास {n} के रूप में यही दर्ज है।",
       "{n} के लिए यह नोट कर लें: {v}"],
    NM=["पार्सल {v} के नाम पर है।", "सोमवार से रात की शिफ्ट {v} संभालेंगे।"],
    AD=["हम शिफ्ट हो गए हैं, नया पता है {v}।", "अगर कोई दरवाज़ा न खोले तो चाबियाँ {v} पर छोड़ दें।"],
    NG=["इसके बारे में एक छोटा सवाल: {x}", "बोर्ड से उतारा: {x}", "क्या कोई {x} समझा सकता है?"])
L["bn"] = dict(
    N=_n("ইমেইল ঠিকানা", "ফোন নম্বর", "কার্ড নম্বর", "IP ঠিকানা", "API কী", "টোকেন", "মার্কিন সোশ্যাল সিকিউরিটি নম্বর (SSN)"),
    G=["তুমি কি {n} বদলে {v} করে দিতে পারবে?", "নিশ্চিত করছি, {n}: {v}", "{v} — আমার কাছে {n} হিসেবে এটাই আছে।",
       "{n} এর জন্য এটা লিখে রাখো: {v}"],
    NM=["পার্সেলটি {v} এর নামে।", "সোমবার থেকে রাতের শিফট দেখবেন {v}।"],
    AD=["আমরা বাসা বদলেছি, নতুন ঠিকানা {v}।", "কেউ দরজা না খুললে চাবি {v} এ রেখে যেও।"],
    NG=["এটা নিয়ে একটা ছোট প্রশ্ন: {x}", "বোর্ড থেকে টুকে নিলাম: {x}", "কেউ কি {x} বুঝিয়ে বলতে পারবে?"])
L["ja"] = dict(
    N=_n("メールアドレス", "電話番号", "カード番号", "IPアドレス", "APIキー", "トークン", "米国社会保障番号（SSN）"),
    G=["{n}を{v}に変更してもらえますか？", "確認しました。{n}：{v}", "{v}――これが{n}として登録されています。",
       "{n}のメモ：「{v}」"],
    NM=["荷物の宛名は{v}です。", "月曜から夜勤は{v}が担当します。"],
    AD=["引っ越しました。新しい住所は{v}です。", "誰も出なければ、鍵は{v}に置いてください。"],
    NG=["これについて質問です：{x}", "ホワイトボードから写しました：{x}", "{x}について誰か説明できますか？"])
L["zh"] = dict(
    N=_n("邮箱地址", "电话号码", "卡号", "IP地址", "API密钥", "令牌", "美国社会安全号码（SSN）"),
    G=["能帮我把{n}改成{v}吗？", "确认一下，{n}：{v}", "{v}——这是我这边登记的{n}。", "记一下{n}：「{v}」"],
    NM=["包裹收件人是{v}。", "从周一开始由{v}负责夜班。"],
    AD=["我们搬家了，新地址是{v}。", "如果没人开门，把钥匙放在{v}。"],
    NG=["关于这个有个问题：{x}", "从白板上抄下来的：{x}", "谁能解释一下{x}？"])
L["ko"] = dict(
    N=_n("이메일 주소", "전화번호", "카드 번호", "IP 주소", "API 키", "토큰", "미국 사회보장번호(SSN)"),
    G=["{n}을(를) {v}(으)로 바꿔 주실 수 있나요?", "확인했습니다. {n}: {v}", "{v} — 제 쪽에는 {n}이(가) 이렇게 등록되어 있어요.",
       "{n} 메모: {v}"],
    NM=["택배 수령인은 {v}입니다.", "월요일부터 야간 근무는 {v}이(가) 맡습니다."],
    AD=["이사했어요. 새 주소는 {v}입니다.", "아무도 안 열면 열쇠는 {v}에 두세요."],
    NG=["이것에 대해 간단한 질문이 있어요: {x}", "화이트보드에서 옮겨 적었어요: {x}", "{x} 설명해 주실 분 있나요?"])
L["vi"] = dict(
    N=_n("địa chỉ email", "số điện thoại", "số thẻ", "địa chỉ IP", "khóa API", "token", "số an sinh xã hội Mỹ (SSN)"),
    G=["Bạn đổi giúp mình {n} thành {v} được không?", "Xác nhận, {n}: {v}", "{v} — đây là {n} mình đang lưu.",
       "Ghi lại {n} này nhé: {v}"],
    NM=["Bưu kiện đứng tên {v}.", "Từ thứ Hai, {v} sẽ nhận ca đêm."],
    AD=["Nhà mình chuyển rồi, địa chỉ mới là {v}.", "Nếu không ai mở cửa thì để chìa khóa ở {v}."],
    NG=["Hỏi nhanh về cái này: {x}", "Chép từ bảng trắng: {x}", "Ai giải thích giúp {x} với?"])
L["th"] = dict(
    N=_n("อีเมล", "เบอร์โทรศัพท์", "หมายเลขบัตร", "ที่อยู่ IP", "คีย์ API", "โทเค็น", "หมายเลขประกันสังคมสหรัฐ (SSN)"),
    G=["ช่วยเปลี่ยน{n}เป็น {v} ได้ไหมคะ", "ยืนยันค่ะ {n}: {v}", "{v} — อันนี้คือ{n}ที่บันทึกไว้", "จด{n}ไว้ด้วยนะ: {v}"],
    NM=["พัสดุนี้ส่งถึง {v}", "ตั้งแต่วันจันทร์ {v} จะรับกะกลางคืน"],
    AD=["เราย้ายบ้านแล้ว ที่อยู่ใหม่คือ {v}", "ถ้าไม่มีใครเปิดประตู ฝากกุญแจไว้ที่ {v}"],
    NG=["ขอถามเรื่องนี้หน่อย: {x}", "จดมาจากไวท์บอร์ด: {x}", "มีใครอธิบาย {x} ได้ไหม"])
L["id"] = dict(
    N=_n("alamat email", "nomor telepon", "nomor kartu", "alamat IP", "kunci API", "token", "nomor jaminan sosial AS (SSN)"),
    G=["Bisa tolong ganti {n} jadi {v}?", "Saya konfirmasi, {n}: {v}", "{v} — itu {n} yang tercatat di saya.",
       "Catat ini untuk {n}: {v}"],
    NM=["Paketnya atas nama {v}.", "Mulai Senin, shift malam dipegang {v}."],
    AD=["Kami sudah pindah, alamat baru: {v}.", "Kalau tidak ada yang buka, titip kunci di {v}."],
    NG=["Pertanyaan singkat soal ini: {x}", "Disalin dari papan tulis: {x}", "Ada yang bisa jelaskan {x}?"])
L["sw"] = dict(
    N=_n("anwani ya barua pepe", "namba ya simu", "namba ya kadi", "anwani ya IP", "ufunguo wa API", "tokeni",
         "namba ya hifadhi ya jamii ya Marekani (SSN)"),
    G=["Unaweza kubadilisha {n} kuwa {v}?", "Nathibitisha, {n}: {v}", "{v} — hii ndiyo {n} niliyo nayo.",
       "Andika hii kwa {n}: {v}"],
    NM=["Kifurushi kiko kwa jina la {v}.", "Kuanzia Jumatatu, {v} atashika zamu ya usiku."],
    AD=["Tumehamia, anwani mpya ni {v}.", "Kama hakuna atakayefungua, acha funguo kwenye {v}."],
    NG=["Swali fupi kuhusu hili: {x}", "Nimenakili kutoka ubaoni: {x}", "Kuna anayeweza kueleza {x}?"])
L["tl"] = dict(
    N=_n("email address", "numero ng telepono", "numero ng card", "IP address", "API key", "token",
         "US social security number (SSN)"),
    G=["Pwede mo bang palitan ang {n} ng {v}?", "Kumpirmado, {n}: {v}", "{v} — ito ang {n} na nakalagay sa akin.",
       "Isulat mo ito para sa {n}: {v}"],
    NM=["Nakapangalan kay {v} ang package.", "Simula Lunes, si {v} na ang hahawak ng night shift."],
    AD=["Lumipat na kami, ang bagong address ay {v}.", "Kung walang magbubukas, iwan ang susi sa {v}."],
    NG=["Mabilis na tanong tungkol dito: {x}", "Kinopya ko mula sa whiteboard: {x}", "May makakapagpaliwanag ba ng {x}?"])
L["ca"] = dict(
    N=_n("adreça electrònica", "número de telèfon", "número de targeta", "adreça IP", "clau d'API", "token",
         "número de la seguretat social dels EUA (SSN)"),
    G=["Pots canviar el camp {n} per {v}?", "Ho confirmo, {n}: {v}", "{v} — això és el que tinc com a {n}.",
       "Apunta això per a {n}: {v}"],
    NM=["El paquet va a nom de {v}.", "A partir de dilluns el torn de nit el cobreix {v}."],
    AD=["Ens hem mudat, ara som a {v}, segon pis.", "Deixa les claus a {v} si no obre ningú."],
    NG=["Un dubte sobre això: {x}", "Copiat de la pissarra: {x}", "Algú m'explica {x}?"])
L["hr"] = dict(
    N=_n("adresa e-pošte", "broj telefona", "broj kartice", "IP adresa", "API ključ", "token",
         "američki broj socijalnog osiguranja (SSN)"),
    G=["Možeš li promijeniti polje {n} u {v}?", "Potvrđujem, {n}: {v}", "{v} — to mi piše pod {n}.",
       "Zapiši ovo pod {n}: {v}"],
    NM=["Paket glasi na ime {v}.", "Od ponedjeljka noćnu smjenu preuzima {v}."],
    AD=["Preselili smo se, nova adresa je {v}.", "Ostavi ključeve na adresi {v} ako nitko ne otvori."],
    NG=["Kratko pitanje o ovome: {x}", "Prepisano s ploče: {x}", "Može li netko objasniti {x}?"])
LANGS = sorted(L)
CJK_LANGS = ("ja", "zh", "ko")

# single-value context wrappers: (context, function(sentence, lang) -> text)


def _ts():
    return "%02d:%02d" % (R.randint(6, 23), R.randint(0, 59))


CONTEXTS = [
    ("chat", lambda s, l: s),
    ("chat", lambda s, l: "[%s] %s: %s" % (_ts(), ch(CHAT_HANDLES), s)),
    ("sms", lambda s, l: "\u2039%s\u203a %s" % (_ts(), s)),
    ("email", lambda s, l: "Re: %s\n\n%s\n" % (ch(["follow-up", "quick one", "Fwd: update", "ticket #%d" % R.randint(1000, 99999)]), s)),
    ("markdown_todo", lambda s, l: "- [ ] %s" % s),
    ("code_comment", lambda s, l: ch(["# ", "// ", "-- "]) + s.replace("\n", " ")),
    ("llm_prompt", lambda s, l: "%s\n\"\"\"\n%s\n\"\"\"" % (ch(["Translate the message below into English.",
                                                               "Summarise this customer message in one line.",
                                                               "Classify the intent of the following text.",
                                                               "Fix the grammar but keep every detail:"]), s)),
    ("voice_transcript", lambda s, l: "(voice memo 0:%02d) %s" % (R.randint(3, 59), s)),
    ("forum_post", lambda s, l: "**%s**\n\n%s" % (ch(["Re: moving day", "Re: account question", "Re: handover"]), s)),
    ("sticky_note", lambda s, l: "NOTE \u2014 %s" % s),
]

# ---------------------------------------------------------------------------
# value generators
# ---------------------------------------------------------------------------
def luhn_ok(d):
    s = 0
    for i, c in enumerate(reversed(d)):
        n = int(c)
        if i % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        s += n
    return s % 10 == 0


def luhn_digit(body):
    for c in DIG:
        if luhn_ok(body + c):
            return c


CARD_BRANDS = [
    ("visa", lambda: "4", [16, 16, 16, 13, 19]),
    ("mastercard", lambda: str(R.randint(51, 55)), [16]),
    ("mastercard_2series", lambda: str(R.randint(2221, 2720)), [16]),
    ("amex", lambda: ch(["34", "37"]), [15]),
    ("diners", lambda: ch(["36", str(R.randint(300, 305))]), [14]),
    ("discover", lambda: ch(["6011", str(R.randint(644, 649)), "65"]), [16]),
    ("jcb", lambda: str(R.randint(3528, 3589)), [16]),
    ("unionpay", lambda: "62" + str(R.randint(1, 9)), [16, 19]),
    ("maestro", lambda: ch(["5018", "5020", "5038", "5893", "6304", "6759", "6761", "6762", "6763"]), [16, 19]),
]
WELL_KNOWN = {
    "4111111111111111", "4242424242424242", "5555555555554444", "5105105105105100", "378282246310005",
    "371449635398431", "6011111111111117", "6011000990139424", "3530111333300000", "3566002020360505",
    "4012888888881881", "4000056655665556", "5200828282828210", "30569309025904", "38520000023237",
    "6200000000000005", "4222222222222", "4000000000000002", "AKIAIOSFODNN7EXAMPLE", "078051120", "219099999",
    "123456789", "457555462", "DE89370400440532013000", "GB82WEST12345698765432", "GB29NWBK60161331926819",
    "FR1420041010050500013M02606", "ES9121000418450200051332", "NL91ABNA0417164300", "CH9300762011623852957",
    "AT611904300234573201", "BE68539007547034", "IT60X0542811101000000123456", "PL61109010140000071219812874",
    "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
    "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ",
}


def card_groups(brand, n):
    if brand == "amex":
        return [4, 6, 5]
    if brand == "diners":
        return [4, 6, 4]
    if n == 13:
        return [4, 4, 5]
    if n == 19:
        return [4, 4, 4, 4, 3]
    return [4, 4, 4, 4]


def card_digits(brand=None, valid=True):
    while True:
        b = ch(CARD_BRANDS) if brand is None else [x for x in CARD_BRANDS if x[0] == brand][0]
        name, pre, lens = b
        n = ch(lens)
        body = pre()
        body += rs(n - 1 - len(body), DIG)
        c = luhn_digit(body)
        if not valid:
            c = ch([x for x in DIG if x != c])
        d = body + c
        if d in WELL_KNOWN or re.search(r"(\d)\1{5}", d) or "0000" in d[-8:]:
            continue
        return name, d


def fmt_card(name, d, sep):
    gs = card_groups(name, len(d))
    parts = []
    i = 0
    for g in gs:
        parts.append(d[i:i + g])
        i += g
    if sep == "compact":
        return d
    if sep == "fullwidth":
        return " ".join(parts).translate(FW) if R.random() < 0.6 else d.translate(FW)
    s = {"space": " ", "dash": "-", "nbsp": NBSP, "thin": THIN}[sep]
    return s.join(parts)


CARD_SEPS = ["space", "dash", "compact", "nbsp", "thin", "fullwidth", "space", "dash"]


def gen_card(form=None):
    sep = form or ch(CARD_SEPS)
    name, d = card_digits()
    return fmt_card(name, d, sep), "%s_%s" % (name, sep)


# SSN -------------------------------------------------------------------
def ssn_parts(valid=True):
    while True:
        a = R.randint(1, 899)
        if a == 666:
            continue
        g = R.randint(1, 99)
        s = R.randint(1, 9999)
        t = "%03d%02d%04d" % (a, g, s)
        if t in WELL_KNOWN or len(set(t)) < 4:
            continue
        return "%03d" % a, "%02d" % g, "%04d" % s


SSN_FORMS = ["dashes", "dashes", "spaces", "dots", "bare"]


def fmt_ssn(p, form):
    a, g, s = p
    return {"dashes": "-", "spaces": " ", "dots": ".", "bare": ""}[form].join([a, g, s])


def gen_ssn(form=None):
    form = form or ch(SSN_FORMS)
    return fmt_ssn(ssn_parts(), form), form


def ssn_valid(v):
    m = re.fullmatch(r"(\d{3})([-. ]?)(\d{2})\2(\d{4})", v)
    if not m:
        return False
    a, g, s = int(m.group(1)), int(m.group(3)), int(m.group(4))
    return 1 <= a <= 899 and a != 666 and 1 <= g <= 99 and 1 <= s <= 9999


# IBAN --------------------------------------------------------------------
IBAN_SPEC = {
    "DE": "8n10n", "FR": "5n5n11n2n", "ES": "4n4n1n1n10n", "IT": "1a5n5n12c", "NL": "4a10n", "BE": "3n7n2n",
    "AT": "5n11n", "CH": "5n12c", "GB": "4a6n8n", "IE": "4a6n8n", "PL": "8n16n", "PT": "4n4n11n2n",
    "SE": "3n16n1n", "DK": "4n9n1n", "FI": "3n11n", "CZ": "4n6n10n", "SK": "4n6n10n", "HU": "3n4n1n15n1n",
    "RO": "4a16c", "GR": "3n4n16c", "TR": "5n1n16c", "HR": "7n10n", "SI": "5n8n2n", "LU": "3n13c",
    "SA": "2n18c", "AE": "3n16n", "IL": "3n3n13n", "BG": "4a4n2n8c", "LT": "5n11n", "LV": "4a13c",
    "EE": "2n2n11n1n", "UA": "6n19c", "QA": "4a21c", "MT": "4a5n18c", "CY": "3n5n16c", "NO": "4n6n1n",
}
IBAN_LEN = {"DE": 22, "FR": 27, "ES": 24, "IT": 27, "NL": 18, "BE": 16, "AT": 20, "CH": 21, "GB": 22, "IE": 22,
            "PL": 28, "PT": 25, "SE": 24, "DK": 18, "FI": 18, "CZ": 24, "SK": 24, "HU": 28, "RO": 24, "GR": 27,
            "TR": 26, "HR": 21, "SI": 19, "LU": 20, "SA": 24, "AE": 23, "IL": 23, "BG": 22, "LT": 20, "LV": 21,
            "EE": 20, "UA": 29, "QA": 29, "MT": 31, "CY": 28, "NO": 15}
IBAN_COUNTRIES = sorted(IBAN_SPEC)


def iban_mod(s):
    r = s[4:] + s[:4]
    num = "".join(str(int(c, 36)) for c in r)
    return int(num) % 97


def bban_rand(cc):
    spec = IBAN_SPEC[cc]
    out = ""
    for cnt, kind in re.findall(r"(\d+)([nac])", spec):
        cnt = int(cnt)
        out += rs(cnt, {"n": DIG, "a": UP, "c": UP + DIG}[kind])
    if cc == "BE":
        first = out[:10]
        c = int(first) % 97 or 97
        out = first + "%02d" % c
    if cc == "FR":
        bank, guichet, acct = int(out[:5]), int(out[5:10]), int(out[10:21])
        key = 97 - ((89 * bank + 15 * guichet + 3 * acct) % 97)
        out = out[:21] + "%02d" % key
    if cc == "ES":
        w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]

        def dc(s):
            v = 11 - sum(int(a) * b for a, b in zip(s, w)) % 11
            return {11: 0, 10: 1}.get(v, v)
        out = out[:8] + str(dc("00" + out[:8])) + str(dc(out[10:20])) + out[10:20]
    return out


def iban_make(cc, valid=True):
    while True:
        bban = bban_rand(cc)
        chk = 98 - iban_mod(cc + "00" + bban)
        if not valid:
            chk = ch([x for x in range(2, 99) if x != chk])
        s = cc + "%02d" % chk + bban
        if s in WELL_KNOWN:
            continue
        return s


IBAN_FORMS = ["compact", "space4", "space4", "nbsp4", "dash4", "lower_compact", "lower_space4"]


def fmt_iban(s, form):
    groups = [s[i:i + 4] for i in range(0, len(s), 4)]
    if form == "compact":
        return s
    if form == "space4":
        return " ".join(groups)
    if form == "nbsp4":
        return NBSP.join(groups)
    if form == "dash4":
        return "-".join(groups)
    if form == "lower_compact":
        return s.lower()
    if form == "lower_space4":
        return " ".join(groups).lower()
    raise ValueError(form)


def gen_iban(form=None, cc=None):
    form = form or ch(IBAN_FORMS)
    cc = cc or ch(IBAN_COUNTRIES)
    return fmt_iban(iban_make(cc), form), form


def iban_valid(v):
    s = re.sub(r"[ \u00a0-]", "", v).upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]+", s):
        return False
    cc = s[:2]
    if cc not in IBAN_LEN or len(s) != IBAN_LEN[cc]:
        return False
    pat = ""
    for cnt, kind in re.findall(r"(\d+)([nac])", IBAN_SPEC[cc]):
        pat += {"n": "[0-9]", "a": "[A-Z]", "c": "[A-Z0-9]"}[kind] + "{%s}" % cnt
    if not re.fullmatch(pat, s[4:]):
        return False
    return iban_mod(s) == 1


# IP ----------------------------------------------------------------------
DOC4 = [ipaddress.ip_network(x) for x in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "100.64.0.0/10",
                                          "198.18.0.0/15", "0.0.0.0/8", "127.0.0.0/8", "169.254.0.0/16",
                                          "224.0.0.0/3", "192.0.0.0/24", "192.88.99.0/24")]


def ipv4_forbidden(s):
    try:
        a = ipaddress.IPv4Address(s)
    except ValueError:
        return True
    if any(a in n for n in DOC4):
        return True
    if a.is_loopback or a.is_multicast or a.is_reserved or a.is_unspecified or a.is_link_local:
        return True
    v = int(a)
    inv = (~v) & 0xFFFFFFFF
    if v and (inv & (inv + 1)) == 0 and bin(v).count("1") >= 8:   # netmask-shaped
        return True
    if s.endswith(".0") or s.endswith(".255"):
        return True
    return False


def ipv4_rand(kind):
    while True:
        if kind == "private":
            r = R.random()
            if r < 0.4:
                s = "10.%d.%d.%d" % (R.randint(0, 255), R.randint(0, 255), R.randint(1, 254))
            elif r < 0.7:
                s = "172.%d.%d.%d" % (R.randint(16, 31), R.randint(0, 255), R.randint(1, 254))
            else:
                s = "192.168.%d.%d" % (R.randint(0, 255), R.randint(1, 254))
        else:
            f = R.randint(1, 223)
            if f in (10, 100, 127, 169, 172, 192, 198, 203, 0):
                continue
            s = "%d.%d.%d.%d" % (f, R.randint(0, 255), R.randint(0, 255), R.randint(1, 254))
        if not ipv4_forbidden(s):
            return s


IPV4_FORMS = ["private", "public", "public", "defanged", "with_port", "with_cidr"]


def gen_ipv4(form=None):
    form = form or ch(IPV4_FORMS)
    if form == "private":
        return ipv4_rand("private"), form
    if form == "defanged":
        s = ipv4_rand(ch(["public", "public", "private"]))
        return s.replace(".", "[.]"), form
    if form == "public":
        return ipv4_rand("public"), form
    return ipv4_rand(ch(["public", "private"])), form


def ipv4_valid(v):
    s = v.replace("[.]", ".")
    if not re.fullmatch(r"(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}", s):
        return False
    return not ipv4_forbidden(s)


def ipv6_excluded(a):
    return (a in ipaddress.ip_network("2001:db8::/32") or a.is_loopback or a.is_unspecified or a.is_multicast
            or a in ipaddress.ip_network("2001::/23"))


def ipv6_rand(kind):
    while True:
        if kind == "ula":
            groups = [0xfd00 | R.randint(0, 255)] + [R.randint(0, 0xffff) for _ in range(3)]
        elif kind == "link":
            groups = [0xfe80, 0, 0, 0]
        else:
            first = ch([0x2a00, 0x2a01, 0x2a02, 0x2a03, 0x2600, 0x2604, 0x2607, 0x2400, 0x2403, 0x2800, 0x2c0f, 0x2a0e])
            groups = [first | R.randint(0, 15), R.randint(0, 0xffff), R.randint(0, 0xffff), R.randint(0, 0xffff)]
        iid_kind = R.random()
        if iid_kind < 0.35:
            iid = [0, 0, 0, R.randint(1, 0xff)]
        elif iid_kind < 0.55:
            iid = [0, 0, R.randint(1, 0xffff), R.randint(1, 0xffff)]
        else:
            iid = [R.randint(0, 0xffff) for _ in range(4)]
            iid[0] |= 0x0200
        g = groups + iid
        a = ipaddress.IPv6Address(":".join("%x" % x for x in g))
        if ipv6_excluded(a):
            continue
        return a


IPV6_FORMS = ["compressed", "compressed", "full", "upper", "leading_zeros", "ula", "v4_tail", "bracket_port",
              "link_local_zone", "cidr"]


def gen_ipv6(form=None):
    form = form or ch(IPV6_FORMS)
    if form == "ula":
        return ipv6_rand("ula").compressed, form
    if form == "link_local_zone":
        return ipv6_rand("link").compressed, form
    if form == "full":
        return ipv6_rand("global").exploded, form
    if form == "upper":
        return ipv6_rand("global").compressed.upper(), form
    if form == "leading_zeros":
        while True:
            a = ipv6_rand("global")
            gs = a.exploded.split(":")
            out = []
            for gg in gs:
                out.append(gg if R.random() < 0.6 else (gg.lstrip("0") or "0"))
            s = ":".join(out)
            if re.search(r"(^|:)0[0-9a-f]{3}", s) and s != a.exploded and ":0:0:0:" not in s:
                return s, form
    if form == "v4_tail":
        v4 = ipv4_rand(ch(["public", "private"]))
        pre = ch(["::ffff:", "64:ff9b::", "::ffff:"])
        return pre + v4, form
    return ipv6_rand("global").compressed, form


def ipv6_valid(v):
    try:
        a = ipaddress.IPv6Address(v)
    except ValueError:
        return False
    if ipv6_excluded(a):
        return False
    if a.ipv4_mapped is not None and ipv4_forbidden(str(a.ipv4_mapped)):
        return False
    m = re.search(r"(\d+\.\d+\.\d+\.\d+)$", v)
    if m and ipv4_forbidden(m.group(1)):
        return False
    return True


# keys ----------------------------------------------------------------------
def gen_openai(form=None):
    form = form or ch(["legacy", "proj", "proj", "svcacct", "admin"])
    if form == "legacy":
        return "sk-" + rs(20, B62) + "T3BlbkFJ" + rs(20, B62), form
    pre = {"proj": "sk-proj-", "svcacct": "sk-svcacct-", "admin": "sk-admin-"}[form]
    n = ch([74, 64, 58])
    return pre + rs(n, B64U) + "T3BlbkFJ" + rs(n, B64U), form


def openai_valid(v):
    return bool(re.fullmatch(r"sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}", v) or
                re.fullmatch(r"sk-(proj|svcacct|admin)-[A-Za-z0-9_-]{40,}T3BlbkFJ[A-Za-z0-9_-]{40,}", v))


def gen_anthropic(form=None):
    form = form or ch(["api03", "api03", "api03", "admin01"])
    pre = "sk-ant-api03-" if form == "api03" else "sk-ant-admin01-"
    body = rs(93, B64U)
    while body[0] in "-_":
        body = rs(93, B64U)
    return pre + body + "AA", form


def anthropic_valid(v):
    return bool(re.fullmatch(r"sk-ant-(api03|admin01)-[A-Za-z0-9_-]{93}AA", v))


def gen_aws(form=None):
    form = form or ch(["AKIA", "AKIA", "ASIA"])
    while True:
        v = form + rs(16, B32)
        if "EXAMPLE" not in v:
            return v, form


def aws_valid(v):
    return bool(re.fullmatch(r"(AKIA|ASIA)[A-Z2-7]{16}", v)) and "EXAMPLE" not in v


def gen_github(form=None):
    form = form or ch(["ghp", "ghp", "gho", "ghu", "ghs", "ghr", "github_pat", "github_pat"])
    if form == "github_pat":
        return "github_pat_" + rs(22, B62) + "_" + rs(59, B62), form
    return form + "_" + rs(36, B62), form


def github_valid(v):
    return bool(re.fullmatch(r"gh[pousr]_[A-Za-z0-9]{36}", v) or re.fullmatch(r"github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}", v))


SIG_LEN = {"HS256": 32, "HS384": 48, "HS512": 64, "RS256": 256, "RS384": 256, "RS512": 256, "PS256": 256,
           "ES256": 64, "ES384": 96, "ES512": 132, "EdDSA": 64}
ALGS = sorted(SIG_LEN)


def jwt_header(alg):
    h = {"alg": alg}
    r = R.random()
    if r < 0.6:
        h["typ"] = "JWT"
    if r > 0.4:
        h["kid"] = rs(ch([8, 12, 16]), B62 if R.random() < 0.5 else HEX)
    if R.random() < 0.5:
        h = dict(sorted(h.items(), key=lambda kv: kv[0]))
    return h


def jwt_payload():
    now = R.randint(1690000000, 1760000000)
    p = {"sub": rs(ch([10, 24]), B62 if R.random() < 0.5 else DIG), "iat": now, "exp": now + ch([900, 3600, 86400])}
    if R.random() < 0.6:
        p["iss"] = "https://auth." + ch(DOMAINS)
    if R.random() < 0.5:
        p["scope"] = ch(["read:orders", "openid profile", "admin", "reports:write billing:read"])
    if R.random() < 0.4:
        p["tenant"] = rs(6, LO)
    return p


def jenc_seg(obj):
    return b64u(json.dumps(obj, separators=(",", ":")).encode())


def gen_jwt(form=None):
    form = form or ch(["HS256", "HS256", "RS256", "ES256", "HS512", "PS256", "ES384", "EdDSA",
                       "jose_non_json_payload", "jose_short_sig", "jose_alg_none"])
    if form == "jose_alg_none":
        h = {"alg": "none", "typ": "JWT"} if R.random() < 0.7 else {"typ": "JWT", "alg": "none"}
        return jenc_seg(h) + "." + jenc_seg(jwt_payload()) + ".", form
    if form == "jose_non_json_payload":
        alg = ch(["HS256", "RS256", "ES256"])
        return jenc_seg(jwt_header(alg)) + "." + b64u(rbytes(ch([24, 40, 57]))) + "." + b64u(rbytes(SIG_LEN[alg])), form
    if form == "jose_short_sig":
        alg = ch(["HS256", "RS256", "HS512"])
        sig = b64u(rbytes(SIG_LEN[alg]))
        return jenc_seg(jwt_header(alg)) + "." + jenc_seg(jwt_payload()) + "." + sig[:R.randint(6, len(sig) // 2)], form
    alg = form
    return jenc_seg(jwt_header(alg)) + "." + jenc_seg(jwt_payload()) + "." + b64u(rbytes(SIG_LEN[alg])), form


def jose_header_of(seg):
    try:
        h = json.loads(b64u_dec(seg).decode("utf-8"))
    except Exception:
        return None
    if isinstance(h, dict) and "alg" in h:
        return h
    return None


def jwt_valid(v, form):
    parts = v.split(".")
    if len(parts) != 3 or not re.fullmatch(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*", v):
        return False
    h = jose_header_of(parts[0])
    if h is None:
        return False
    if form.startswith("jose_"):
        if form == "jose_alg_none":
            return h["alg"] == "none" and parts[2] == ""
        return h["alg"] in SIG_LEN
    try:
        p = json.loads(b64u_dec(parts[1]).decode())
    except Exception:
        return False
    if not isinstance(p, dict) or h["alg"] not in SIG_LEN:
        return False
    return len(b64u_dec(parts[2])) == SIG_LEN[h["alg"]]


def bearer_qualifies(t):
    if len(t) < 16:
        return False
    if re.fullmatch(r"[0-9a-f]+", t) or re.fullmatch(r"[0-9A-F]+", t):
        return bool(re.search(r"\d", t))
    return bool(re.search(r"\d", t) and re.search(r"[a-z]", t) and re.search(r"[A-Z]", t))


def provider_shape(t):
    return bool(t.startswith("eyJ") or t.startswith("sk-") or re.match(r"(AKIA|ASIA|gh[pousr]_|github_pat_)", t))


def gen_bearer(form=None):
    form = form or ch(["opaque_alnum", "opaque_alnum", "opaque_symbols", "hex", "prefixed"])
    while True:
        if form == "hex":
            t = rs(ch([32, 40, 48, 64]), HEX)
        elif form == "opaque_symbols":
            t = rs(R.randint(12, 20), B62) + ch(["-", "_", "."]) + rs(R.randint(10, 24), B62)
        elif form == "prefixed":
            t = ch(["at_", "oat_", "tok_", "pat."]) + rs(R.randint(24, 40), B62)
        else:
            t = rs(R.randint(20, 48), B62)
        if bearer_qualifies(t) and not provider_shape(t):
            return t, form


# private keys ------------------------------------------------------------
def der_len(n):
    if n < 128:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def der(tag, content):
    return bytes([tag]) + der_len(len(content)) + content


def der_int(x):
    return der(0x02, x.to_bytes((x.bit_length() + 8) // 8, "big"))


def der_oid(s):
    p = [int(x) for x in s.split(".")]
    body = bytes([40 * p[0] + p[1]])
    for v in p[2:]:
        enc = [v & 0x7f]
        v >>= 7
        while v:
            enc.append(0x80 | (v & 0x7f))
            v >>= 7
        body += bytes(reversed(enc))
    return der(0x06, body)


DER_NULL = b"\x05\x00"


def rsa_pkcs1(bits=2048):
    half = bits // 2
    p = R.getrandbits(half) | (3 << (half - 2)) | 1
    q = R.getrandbits(half) | (3 << (half - 2)) | 1
    n = p * q
    e = 65537
    d = R.getrandbits(bits - 1) | (1 << (bits - 2))
    body = b"".join(der_int(x) for x in (0, n, e, d, p, q, d % (p - 1), d % (q - 1), R.getrandbits(half - 1) % p))
    return der(0x30, body), n


def ec_sec1(params=True):
    d = b"\x01" + rbytes(31) if R.random() < 0.1 else bytes([R.randint(1, 255)]) + rbytes(31)
    body = der_int(1) + der(0x04, d)
    if params:
        body += der(0xA0, der_oid("1.2.840.10045.3.1.7"))
    body += der(0xA1, der(0x03, b"\x00\x04" + rbytes(64)))
    return der(0x30, body)


def pkcs8_wrap(alg_seq, inner):
    return der(0x30, der_int(0) + der(0x30, alg_seq) + der(0x04, inner))


def pem_lines(label, blob, width=64):
    b = base64.b64encode(blob).decode()
    return ["-----BEGIN %s-----" % label] + [b[i:i + width] for i in range(0, len(b), width)] + ["-----END %s-----" % label]


def sshstr(b):
    return struct.pack(">I", len(b)) + b


def mpint(x):
    return sshstr(x.to_bytes((x.bit_length() + 8) // 8, "big"))


def openssh_blob(kind):
    comment = ch([b"deploy", b"ci-runner", b"backup-host", b"laptop-2023", b""])
    check = rbytes(4)
    if kind == "ed25519":
        pk, sk = rbytes(32), rbytes(32)
        pub = sshstr(b"ssh-ed25519") + sshstr(pk)
        priv = check + check + sshstr(b"ssh-ed25519") + sshstr(pk) + sshstr(sk + pk) + sshstr(comment)
    else:
        q = b"\x04" + rbytes(64)
        pub = sshstr(b"ecdsa-sha2-nistp256") + sshstr(b"nistp256") + sshstr(q)
        priv = check + check + sshstr(b"ecdsa-sha2-nistp256") + sshstr(b"nistp256") + sshstr(q) + \
            mpint(R.getrandbits(255) | (1 << 250)) + sshstr(comment)
    pad = 1
    while len(priv) % 8:
        priv += bytes([pad])
        pad += 1
    return (b"openssh-key-v1\x00" + sshstr(b"none") + sshstr(b"none") + sshstr(b"") + struct.pack(">I", 1) +
            sshstr(pub) + sshstr(priv))


PEM_KINDS = ["rsa_pkcs1", "rsa_pkcs8", "ec_sec1", "ec_pkcs8", "ed25519_pkcs8", "openssh_ed25519", "openssh_ecdsa",
             "encrypted_pkcs8"]


def private_key_lines(kind):
    if kind == "rsa_pkcs1":
        return pem_lines("RSA PRIVATE KEY", rsa_pkcs1(ch([2048, 2048, 3072]))[0])
    if kind == "rsa_pkcs8":
        return pem_lines("PRIVATE KEY", pkcs8_wrap(der_oid("1.2.840.113549.1.1.1") + DER_NULL, rsa_pkcs1(2048)[0]))
    if kind == "ec_sec1":
        return pem_lines("EC PRIVATE KEY", ec_sec1(True))
    if kind == "ec_pkcs8":
        return pem_lines("PRIVATE KEY", pkcs8_wrap(der_oid("1.2.840.10045.2.1") + der_oid("1.2.840.10045.3.1.7"), ec_sec1(False)))
    if kind == "ed25519_pkcs8":
        return pem_lines("PRIVATE KEY", pkcs8_wrap(der_oid("1.3.101.112"), der(0x04, rbytes(32))))
    if kind == "openssh_ed25519":
        return pem_lines("OPENSSH PRIVATE KEY", openssh_blob("ed25519"), 70)
    if kind == "openssh_ecdsa":
        return pem_lines("OPENSSH PRIVATE KEY", openssh_blob("ecdsa"), 70)
    if kind == "encrypted_pkcs8":
        inner_len = ch([1232, 1216, 144, 160])
        algid = der(0x30, der_oid("1.2.840.113549.1.5.13") + der(0x30,
                    der(0x30, der_oid("1.2.840.113549.1.5.12") + der(0x30, der(0x04, rbytes(16)) + der_int(ch([2048, 10000, 100000])) +
                                                                   der(0x30, der_oid("1.2.840.113549.2.9") + DER_NULL))) +
                    der(0x30, der_oid("2.16.840.1.101.3.4.1.42") + der(0x04, rbytes(16)))))
        return pem_lines("ENCRYPTED PRIVATE KEY", der(0x30, algid + der(0x04, rbytes(inner_len))))
    raise ValueError(kind)


PEM_LAYOUTS = ["lf", "crlf", "json_escaped", "yaml_block", "flattened", "env_quoted", "env_escaped"]


def der_walk_ok(b):
    def walk(s, e, depth):
        i = s
        while i < e:
            tag = b[i]
            i += 1
            if i >= e:
                return False
            ln = b[i]
            i += 1
            if ln & 0x80:
                nb = ln & 0x7f
                if nb == 0 or nb > 3 or i + nb > e:
                    return False
                ln = int.from_bytes(b[i:i + nb], "big")
                i += nb
            if i + ln > e:
                return False
            if tag & 0x20 and depth < 12:
                if not walk(i, i + ln, depth + 1):
                    return False
            i += ln
        return i == e
    return len(b) > 2 and b[0] == 0x30 and walk(0, len(b), 0)


def openssh_ok(b):
    magic = b"openssh-key-v1\x00"
    if not b.startswith(magic):
        return False
    i = len(magic)
    try:
        for _ in range(3):
            n = struct.unpack(">I", b[i:i + 4])[0]
            i += 4 + n
        cnt = struct.unpack(">I", b[i:i + 4])[0]
        i += 4
        if cnt != 1:
            return False
        for _ in range(2):
            n = struct.unpack(">I", b[i:i + 4])[0]
            i += 4 + n
        return i == len(b)
    except struct.error:
        return False


def pem_valid(v):
    s = v.replace("\\r\\n", "\n").replace("\\n", "\n").replace("\r\n", "\n")
    m = re.fullmatch(r"-----BEGIN ((?:RSA |EC |OPENSSH |ENCRYPTED )?PRIVATE KEY)-----(.*)-----END \1-----", s, re.S)
    if not m:
        return False
    body = re.sub(r"\s+", "", m.group(2))
    try:
        blob = base64.b64decode(body, validate=True)
    except Exception:
        return False
    if m.group(1) == "OPENSSH PRIVATE KEY":
        return openssh_ok(blob)
    return der_walk_ok(blob)

# phone ---------------------------------------------------------------------
# (country, kind, calling code, area choices, intl template, national template, trunk0 in national)
PHONES = [
    ("DE", "landline", "49", ["30", "40", "89", "221", "69", "711", "351"], "+49 {A} XXXXXXX", "0{A} XXXXXXX"),
    ("DE", "mobile", "49", ["151", "152", "160", "170", "171", "176", "157"], "+49 {A} XXXXXXXX", "0{A} XXXXXXXX"),
    ("AT", "landline", "43", ["1", "316", "512", "662"], "+43 {A} XXXXXX", "0{A} XXXXXX"),
    ("AT", "mobile", "43", ["664", "660", "676", "699"], "+43 {A} XXXXXXX", "0{A} XXXXXXX"),
    ("CH", "landline", "41", ["44", "31", "61", "21", "22"], "+41 {A} XXX XX XX", "0{A} XXX XX XX"),
    ("CH", "mobile", "41", ["76", "77", "78", "79"], "+41 {A} XXX XX XX", "0{A} XXX XX XX"),
    ("FR", "landline", "33", ["1", "2", "3", "4", "5"], "+33 {A} XX XX XX XX", "0{A} XX XX XX XX"),
    ("FR", "mobile", "33", ["6", "7"], "+33 {A} XX XX XX XX", "0{A} XX XX XX XX"),
    ("GB", "landline", "44", ["20 3", "20 8"], "+44 {A}XXX XXXX", "0{A}XXX XXXX"),
    ("GB", "landline", "44", ["161 7", "131 6", "117 3", "113 2"], "+44 {A}XX XXXX", "0{A}XX XXXX"),
    ("GB", "mobile", "44", ["74", "75", "78", "79"], "+44 {A}XX XXXXXX", "0{A}XX XXXXXX"),
    ("US", "landline", "1", ["212", "312", "415", "617", "206", "512", "303", "404", "702", "919"], "+1 {A} NXX XXXX", "({A}) NXX-XXXX"),
    ("US", "mobile", "1", ["646", "347", "213", "786", "857", "628"], "+1 {A}-NXX-XXXX", "{A}-NXX-XXXX"),
    ("IT", "landline", "39", ["02", "06", "011", "055", "081"], "+39 {A} XXXX XXXX", "{A} XXXX XXXX"),
    ("IT", "mobile", "39", ["320", "328", "333", "347", "349", "366"], "+39 {A} XXX XXXX", "{A} XXX XXXX"),
    ("ES", "mobile", "34", ["6", "7"], "+34 {A}XX XX XX XX", "{A}XX XX XX XX"),
    ("ES", "landline", "34", ["91", "93", "96", "95"], "+34 {A} XXX XX XX", "{A} XXX XX XX"),
    ("NL", "mobile", "31", ["6"], "+31 {A} XXXXXXXX", "0{A}-XXXXXXXX"),
    ("NL", "landline", "31", ["20", "10", "30", "70"], "+31 {A} XXX XXXX", "0{A} XXX XXXX"),
    ("BE", "mobile", "32", ["470", "475", "485", "495"], "+32 {A} XX XX XX", "0{A} XX XX XX"),
    ("BE", "landline", "32", ["2", "3", "9"], "+32 {A} XXX XX XX", "0{A} XXX XX XX"),
    ("PL", "mobile", "48", ["5XX", "6XX", "7XX", "88X"], "+48 {A} XXX XXX", "{A} XXX XXX"),
    ("PL", "landline", "48", ["22", "12", "58", "71"], "+48 {A} XXX XX XX", "{A} XXX XX XX"),
    ("SE", "mobile", "46", ["70", "72", "73", "76"], "+46 {A} XXX XX XX", "0{A}-XXX XX XX"),
    ("SE", "landline", "46", ["8"], "+46 {A} XXX XXX XX", "0{A}-XXX XXX XX"),
    ("NO", "mobile", "47", ["9XX", "4XX"], "+47 {A} XX XXX", "{A} XX XXX"),
    ("DK", "mobile", "45", ["2X", "3X", "4X", "5X"], "+45 {A} XX XX XX", "{A} XX XX XX"),
    ("FI", "mobile", "358", ["40", "44", "45", "50"], "+358 {A} XXX XXXX", "0{A} XXX XXXX"),
    ("PT", "mobile", "351", ["91", "92", "93", "96"], "+351 {A}X XXX XXX", "{A}X XXX XXX"),
    ("BR", "mobile", "55", ["11", "21", "31", "41", "51"], "+55 {A} 9XXXX-XXXX", "({A}) 9XXXX-XXXX"),
    ("BR", "landline", "55", ["11", "21", "31", "41", "51"], "+55 {A} 3XXX-XXXX", "({A}) 3XXX-XXXX"),
    ("MX", "mobile", "52", ["55", "33", "81"], "+52 {A} XXXX XXXX", "{A} XXXX XXXX"),
    ("AR", "mobile", "54", ["11"], "+54 9 {A} XXXX-XXXX", "0{A} 15-XXXX-XXXX"),
    ("JP", "mobile", "81", ["90", "80", "70"], "+81 {A}-XXXX-XXXX", "0{A}-XXXX-XXXX"),
    ("JP", "landline", "81", ["3", "6"], "+81 {A}-XXXX-XXXX", "0{A}-XXXX-XXXX"),
    ("KR", "mobile", "82", ["10"], "+82 {A}-XXXX-XXXX", "0{A}-XXXX-XXXX"),
    ("KR", "landline", "82", ["2"], "+82 {A}-XXXX-XXXX", "0{A}-XXXX-XXXX"),
    ("CN", "mobile", "86", ["138", "139", "150", "186", "177"], "+86 {A} XXXX XXXX", "{A} XXXX XXXX"),
    ("CN", "landline", "86", ["10", "21"], "+86 {A} XXXX XXXX", "0{A}-XXXXXXXX"),
    ("IN", "mobile", "91", ["98", "97", "91", "88", "70"], "+91 {A}XXX XXXXX", "0{A}XXX XXXXX"),
    ("AU", "mobile", "61", ["4"], "+61 {A}XX XXX XXX", "0{A}XX XXX XXX"),
    ("AU", "landline", "61", ["2", "3", "7", "8"], "+61 {A} XXXX XXXX", "(0{A}) XXXX XXXX"),
    ("RU", "mobile", "7", ["9XX"], "+7 {A} XXX-XX-XX", "8 ({A}) XXX-XX-XX"),
    ("RU", "landline", "7", ["495", "812"], "+7 {A} XXX-XX-XX", "8 ({A}) XXX-XX-XX"),
    ("TR", "mobile", "90", ["532", "533", "505", "542"], "+90 {A} XXX XX XX", "0{A} XXX XX XX"),
    ("GR", "mobile", "30", ["69X"], "+30 {A} XXX XXXX", "{A} XXX XXXX"),
    ("IL", "mobile", "972", ["50", "52", "54"], "+972 {A}-XXX-XXXX", "0{A}-XXX-XXXX"),
    ("AE", "mobile", "971", ["50", "55", "56"], "+971 {A} XXX XXXX", "0{A} XXX XXXX"),
    ("ZA", "mobile", "27", ["82", "83", "72", "71"], "+27 {A} XXX XXXX", "0{A} XXX XXXX"),
    ("CZ", "mobile", "420", ["60X", "72X", "77X"], "+420 {A} XXX XXX", "{A} XXX XXX"),
    ("HU", "mobile", "36", ["20", "30", "70"], "+36 {A} XXX XXXX", "06 {A} XXX XXXX"),
    ("RO", "mobile", "40", ["72X", "74X", "75X"], "+40 {A} XXX XXX", "0{A} XXX XXX"),
    ("IE", "mobile", "353", ["83", "85", "86", "87"], "+353 {A} XXX XXXX", "0{A} XXX XXXX"),
    ("KE", "mobile", "254", ["7XX"], "+254 {A} XXXXXX", "0{A} XXXXXX"),
    ("EG", "mobile", "20", ["10", "11", "12"], "+20 {A} XXXX XXXX", "0{A} XXXX XXXX"),
    ("TH", "mobile", "66", ["8X", "9X", "6X"], "+66 {A} XXX XXXX", "0{A} XXX XXXX"),
    ("VN", "mobile", "84", ["9X", "3X"], "+84 {A} XXX XX XX", "0{A} XXX XX XX"),
    ("ID", "mobile", "62", ["81X"], "+62 {A}-XXXX-XXXX", "0{A}-XXXX-XXXX"),
    ("PH", "mobile", "63", ["917", "918", "927"], "+63 {A} XXX XXXX", "0{A} XXX XXXX"),
    ("UA", "mobile", "380", ["67", "50", "63"], "+380 {A} XXX XX XX", "0{A} XXX XX XX"),
    ("SG", "mobile", "65", ["9"], "+65 {A}XXX XXXX", "{A}XXX XXXX"),
    ("NG", "mobile", "234", ["803", "806", "813"], "+234 {A} XXX XXXX", "0{A} XXX XXXX"),
]
PHONE_BAD_PREFIX = ["2079460", "1614960", "1314960", "1174960", "7700900", "4915", "25550", "27010", "555"]


def fill(t):
    out = []
    for c in t:
        if c == "X":
            out.append(ch(DIG))
        elif c == "N":
            out.append(str(R.randint(2, 9)))
        else:
            out.append(c)
    return "".join(out)


PHONE_FORMS = ["intl_plus", "intl_plus", "intl_00", "national", "national", "trunk_paren", "area_brackets", "nbsp",
               "thin_space", "fullwidth", "tel_link", "intl_dash", "dotted"]


def phone_pick(form):
    cands = PHONES
    if form == "trunk_paren":
        cands = [p for p in PHONES if p[5].startswith("0") and p[0] in ("DE", "AT", "CH", "GB", "NL", "BE", "FR", "FI", "SE", "IE", "ZA")]
    elif form == "area_brackets":
        cands = [p for p in PHONES if "(" in p[5] or p[0] in ("DE", "AT", "NL", "CH")]
    elif form == "fullwidth":
        cands = [p for p in PHONES if p[0] in ("JP", "CN", "KR")]
    elif form == "dotted":
        cands = [p for p in PHONES if p[0] in ("FR", "US", "BE")]
    return ch(cands)


def gen_phone(form=None):
    form = form or ch(PHONE_FORMS)
    for _ in range(100):
        p = phone_pick(form)
        cc, kind, code, areas, it, nt = p
        area = fill(ch(areas))
        sub_it = it.replace("{A}", area)
        # fill both templates with the same digits
        digits = [ch(DIG) if c == "X" else (str(R.randint(2, 9)) if c == "N" else None) for c in sub_it]
        intl = "".join(d if d is not None else c for d, c in zip(digits, sub_it))
        sub_digits = [d for d, c in zip(digits, sub_it) if c in "XN"]
        rest = sub_it[sub_it.index(area) + len(area):] if area in sub_it else sub_it
        first = re.search(r"[0-9XN]", rest)
        if first and first.group(0) == "X" and sub_digits and sub_digits[0] in "01":
            continue
        nat_t = nt.replace("{A}", area)
        k = 0
        nat = []
        for c in nat_t:
            if c in "XN":
                nat.append(sub_digits[k])
                k += 1
            else:
                nat.append(c)
        nat = "".join(nat)
        nsn = re.sub(r"\D", "", intl)[len(code):]
        if any(nsn.startswith(b) or nsn[len(area.replace(" ", "")):].startswith(b) for b in PHONE_BAD_PREFIX):
            continue
        if cc == "US" and nsn[3:6] == "555":
            continue
        if form == "intl_plus":
            v = intl
        elif form == "intl_00":
            v = "00" + intl[1:]
        elif form == "national":
            v = nat
        elif form == "trunk_paren":
            v = intl.replace("+%s " % code, "+%s (0)" % code, 1)
            v = v.replace("(0)", "(0) " if R.random() < 0.5 else "(0)", 1)
        elif form == "area_brackets":
            if "(" in nat:
                v = nat
            else:
                a, rest = nat.split(" ", 1) if " " in nat else nat.split("-", 1)
                v = "(%s) %s" % (a, rest)
        elif form == "nbsp":
            v = intl.replace(" ", NBSP)
        elif form == "thin_space":
            v = intl.replace(" ", THIN)
        elif form == "fullwidth":
            v = (nat if R.random() < 0.5 else intl).translate(FW)
        elif form == "tel_link":
            v = ch([intl.replace(" ", ""), intl.replace(" ", "-"), "00" + intl[1:].replace(" ", "")])
        elif form == "intl_dash":
            v = intl.replace(" ", "-")
        elif form == "dotted":
            v = ".".join(re.findall(r"\d+", nat.replace("(", "").replace(")", ""))) if cc != "US" else \
                "%s.%s.%s" % (nsn[:3], nsn[3:6], nsn[6:])
            if cc == "FR":
                v = nat.replace(" ", ".")
        else:
            raise ValueError(form)
        if not phone_valid(v):
            continue
        return v, form
    raise RuntimeError("phone")


def phone_valid(v):
    s = v.translate(UNFW)
    d = re.sub(r"\D", "", s)
    if not (7 <= len(d) <= 15):
        return False
    if not re.fullmatch(r"[+0-9 ()\-./\u00a0\u2009]+", s):
        return False
    if s.startswith("+") or s.startswith("00"):
        return True
    return bool(re.search(r"[ ()\-./\u00a0\u2009]", s))


# email ---------------------------------------------------------------------
EMAIL_FORMS = ["plain", "plain", "upper", "plus_tag", "subdomain", "bracket_at", "paren_at", "words_at_dot",
               "spaced_at", "bracket_dot", "fullwidth_at", "zwsp_at", "angle_brackets", "mailto"]


def email_local(person=None):
    if person is not None and person["script"] == "latin":
        g, f = fold(person["given"]).replace(" ", ""), fold(person["family"]).replace(" ", "").replace("-", "")
        return ch(["%s.%s" % (g, f), "%s%s" % (g[0], f), "%s_%s" % (g, f[:1]), "%s.%s%d" % (g, f, R.randint(1, 99)), f + "." + g[0]])
    r = R.random()
    if r < 0.5:
        return ch(HANDLES)
    return rs(1, LO) + "." + ch(["nowak", "ferro", "sato", "kim", "oduya", "lind", "moreau", "reyes", "haddad", "weiss"]) + (str(R.randint(2, 99)) if R.random() < 0.4 else "")


def gen_email(form=None, person=None):
    form = form or ch(EMAIL_FORMS)
    local = email_local(person)
    dom = ch(DOMAINS)
    if form == "plus_tag":
        return "%s+%s@%s" % (local, ch(["news", "billing", "2024", "shop", "ci"]), dom), form
    if form == "subdomain":
        return "%s@%s.%s" % (local, ch(["mail", "eu", "staff", "corp.mx", "lists"]), dom), form
    if form == "upper":
        return ("%s@%s" % (local, dom)).upper(), form
    if form == "bracket_at":
        if R.random() < 0.5:
            return "%s[at]%s" % (local, dom), form
        return "%s [at] %s" % (local, dom.replace(".", " [dot] ")), form
    if form == "paren_at":
        return "%s(at)%s" % (local, dom) if R.random() < 0.5 else "%s (at) %s" % (local, dom.replace(".", " (dot) ")), form
    if form == "words_at_dot":
        return "%s at %s" % (local.replace(".", " dot "), dom.replace(".", " dot ")), form
    if form == "spaced_at":
        return "%s @ %s" % (local, dom), form
    if form == "bracket_dot":
        return "%s@%s" % (local, dom.replace(".", "[.]")), form
    if form == "fullwidth_at":
        return "%s\uff20%s" % (local, dom), form
    if form == "zwsp_at":
        return "%s%s@%s%s" % (local, ZWSP, ZWSP, dom), form
    return "%s@%s" % (local, dom), form


def email_valid(v):
    s = v.replace(ZWSP, "").replace("\uff20", "@")
    s = re.sub(r"\s*\[at\]\s*|\s*\(at\)\s*|\s+at\s+|\s+@\s+", "@", s, flags=re.I)
    s = re.sub(r"\s*\[dot\]\s*|\s*\(dot\)\s*|\s+dot\s+|\[\.\]", ".", s, flags=re.I)
    return bool(re.fullmatch(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}", s))


# person names ----------------------------------------------------------------
NAME_FORMS = ["given_family", "family_given", "middle_initial", "caps_family", "particle", "compound",
              "native_script", "title_outside", "honorific_suffix"]


def pick_person(pred=None):
    c = [p for p in NAMES if pred is None or pred(p)]
    return ch(c)


def name_variant(form):
    """Return (value, prefix, suffix, person, form)."""
    if form == "family_given":
        p = pick_person(lambda p: p["order"] == "fg" or p["script"] == "latin")
        if p["order"] == "fg":
            return p["display"], "", "", p
        return p["family"] + " " + p["given"], "", "", p
    if form == "middle_initial":
        p = pick_person(lambda p: p["lang"] in ("en", "de", "nl", "sv", "da", "nb", "fi", "tl", "id", "sw"))
        return "%s %s. %s" % (p["given"], ch(UP.replace("X", "")), p["family"]), "", "", p
    if form == "caps_family":
        p = pick_person(lambda p: p["script"] in ("latin", "greek", "cyrillic") and p["lang"] != "vi")
        if R.random() < 0.5:
            return p["family"].upper() + " " + p["given"], "", "", p
        return p["given"] + " " + p["family"].upper(), "", "", p
    if form == "particle":
        p = pick_person(lambda p: p["family"].startswith(PARTICLES) or " da " in p["family"])
        return p["display"], "", "", p
    if form == "compound":
        p = pick_person(lambda p: ("-" in p["family"] or " " in p["family"]) and p["script"] == "latin"
                        and not p["family"].startswith(PARTICLES))
        return p["display"], "", "", p
    if form == "native_script":
        p = pick_person(lambda p: p["script"] != "latin")
        return p["display"], "", "", p
    if form == "title_outside":
        p = pick_person(lambda p: p["lang"] in TITLES)
        t = ch(TITLES[p["lang"]][0 if p["gender"] == "m" else 1])
        return p["display"], t + " ", "", p
    if form == "honorific_suffix":
        p = pick_person(lambda p: p["lang"] in SUFFIXES)
        return p["display"], "", ch(SUFFIXES[p["lang"]]), p
    p = pick_person(lambda p: p["order"] == "gf" and p["script"] == "latin")
    return p["display"], "", "", p


def name_valid(v):
    for p in NAMES:
        g, f = p["given"], p["family"]
        cands = [p["display"], g + " " + f, f + " " + g, g + " " + f.upper(), f.upper() + " " + g]
        if v in cands:
            return True
        m = re.fullmatch(re.escape(g) + r" [A-Z]\. " + re.escape(f), v)
        if m:
            return True
    return False


def street_valid(v):
    for s in STREETS:
        nm = s["street"]
        if v.startswith(nm) and re.fullmatch(r"(, | )\d+([a-cA-C]|-\d+| bis| ter|/\d+)?", v[len(nm):]):
            return True
        if v.endswith(" " + nm) and re.fullmatch(r"\d+([a-cA-C]|-\d+| bis| ter)?", v[:-len(nm) - 1]):
            return True
    return False

# ---------------------------------------------------------------------------
# validators per detector
# ---------------------------------------------------------------------------
def card_brand_ok(d):
    n = len(d)
    p2, p3, p4 = int(d[:2]), int(d[:3]), int(d[:4])
    if d[0] == "4" and n in (13, 16, 19):
        return True
    if 51 <= p2 <= 55 and n == 16:
        return True
    if 2221 <= p4 <= 2720 and n == 16:
        return True
    if p2 in (34, 37) and n == 15:
        return True
    if (p2 == 36 or 300 <= p3 <= 305) and n == 14:
        return True
    if (p4 == 6011 or 644 <= p3 <= 649 or p2 == 65) and n == 16:
        return True
    if 3528 <= p4 <= 3589 and n == 16:
        return True
    if p2 == 62 and 16 <= n <= 19:
        return True
    if d[:4] in ("5018", "5020", "5038", "5893", "6304", "6759", "6761", "6762", "6763") and n in (16, 19):
        return True
    return False


def card_valid(v):
    s = v.translate(UNFW)
    if not re.fullmatch(r"\d+([ \-\u00a0\u2009]\d+)*", s):
        return False
    d = re.sub(r"\D", "", s)
    return luhn_ok(d) and card_brand_ok(d) and d not in WELL_KNOWN


VALIDATORS = {
    "email": lambda v, f: email_valid(v),
    "phone": lambda v, f: phone_valid(v),
    "credit_card": lambda v, f: card_valid(v),
    "ssn": lambda v, f: ssn_valid(v),
    "iban": lambda v, f: iban_valid(v),
    "ipv4": lambda v, f: ipv4_valid(v),
    "ipv6": lambda v, f: ipv6_valid(v),
    "openai_key": lambda v, f: openai_valid(v),
    "anthropic_key": lambda v, f: anthropic_valid(v),
    "aws_access_key": lambda v, f: aws_valid(v),
    "github_token": lambda v, f: github_valid(v),
    "jwt": lambda v, f: jwt_valid(v, f),
    "bearer_token": lambda v, f: bearer_qualifies(v) and not provider_shape(v),
    "private_key": lambda v, f: pem_valid(v),
    "person_name": lambda v, f: name_valid(v),
    "street_address": lambda v, f: street_valid(v),
}
DETECTORS = sorted(VALIDATORS)

# ---------------------------------------------------------------------------
# conservative scanner: run on texts with labelled values masked out
# ---------------------------------------------------------------------------
E_STD = re.compile(r"[\w.%+-]+(?:@|\uff20)[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")
E_SPACED = re.compile(r"[\w.%+-]+ @ [\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")
E_OBF = re.compile(r"[\w.%+-]+\s*(?:\[at\]|\(at\)|\{at\}|\[@\]|<at>)\s*[\w-]+(?:\s*(?:\.|\[\.\]|\[dot\]|\(dot\)|\{dot\})\s*[\w-]+)+", re.I)
E_WORDS = re.compile(r"[\w%+-]+(?: dot [\w-]+)* at [\w-]+(?: dot [\w-]+)+", re.I)
E_BDOT = re.compile(r"[\w.%+-]+@[\w-]+(?:\[\.\][\w-]+)+")
RUN_RE = re.compile(r"\d+(?:[ \-\u00a0\u2009]\d+)*")
IBAN_RE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?:[ \-\u00a0]?[A-Za-z0-9]){10,32}")
QUAD_RE = re.compile(r"(?<![\d.])(\d{1,3})(?:\.|\[\.\]|\(\.\)|\[dot\])(\d{1,3})(?:\.|\[\.\]|\(\.\)|\[dot\])(\d{1,3})(?:\.|\[\.\]|\(\.\)|\[dot\])(\d{1,3})(?!\d)")
V6_RE = re.compile(r"[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")
PHONE_INTL = re.compile(r"(?<![0-9A-Za-z])(?:\+|00)[1-9][0-9 \-\u00a0\u2009().\/]{5,22}[0-9]")
PHONE_NAT = re.compile(r"(?<![\d])\(?0\d{1,4}\)?[ \-/.]\d{2,4}(?:[ \-.]\d{2,4}){1,3}(?!\d)")
PHONE_US = re.compile(r"(?<!\d)\(?[2-9]\d{2}\)?[ \-.]\d{3}[ \-.]\d{4}(?!\d)")
SSN_RE = re.compile(r"(?<!\d)(\d{3})([-. ]?)(\d{2})\2(\d{4})(?!\d)")
KEY_RES = [re.compile(r"sk-[A-Za-z0-9_-]{20,}"), re.compile(r"(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{12,}"),
           re.compile(r"gh[pousr]_[A-Za-z0-9]{20,}"), re.compile(r"github_pat_[A-Za-z0-9_]{20,}"),
           re.compile(r"BEGIN[A-Z ]*PRIVATE KEY"), re.compile(r"b3BlbnNzaC1rZXktdjE")]
JWT_RE = re.compile(r"eyJ[A-Za-z0-9_-]{2,}(?:\.[A-Za-z0-9_-]*){0,2}")
BEARER_RE = re.compile(r"bearer\s+([^\s\"',;)\]}>]+)", re.I)


def _name_patterns():
    pats = []
    for p in NAMES:
        g, f = p["given"].lower(), p["family"].lower()
        pats += [g + " " + f, f + " " + g]
        if p["sep"] == "":
            pats += [g + f, f + g]
    return sorted(set(pats))


NAME_PATS = _name_patterns()
STREET_PATS = sorted(set(s["street"].lower() for s in STREETS))


def scan(t):
    """Return a list of findings (kind, text) in t."""
    out = []
    tn = t.translate(UNFW)
    tz = tn.replace(ZWSP, "")
    for rx in (E_STD, E_SPACED, E_OBF, E_WORDS, E_BDOT):
        for m in rx.finditer(tz):
            out.append(("email", m.group(0)))
    for m in RUN_RE.finditer(tn):
        groups = re.split(r"[ \-\u00a0\u2009]", m.group(0))
        for i in range(len(groups)):
            acc = ""
            for j in range(i, len(groups)):
                acc += groups[j]
                if len(acc) > 19:
                    break
                if len(acc) >= 13 and luhn_ok(acc):
                    out.append(("luhn", acc))
    for m in IBAN_RE.finditer(tn):
        s = re.sub(r"[ \-\u00a0]", "", m.group(0)).upper()
        cc = s[:2]
        lens = [IBAN_LEN[cc]] if cc in IBAN_LEN else list(range(15, 35))
        for ln in lens:
            if len(s) >= ln and re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]+", s[:ln]) and iban_mod(s[:ln]) == 1:
                out.append(("iban", s[:ln]))
    for m in QUAD_RE.finditer(tn):
        if all(int(x) <= 255 for x in m.groups()):
            out.append(("ipv4", m.group(0)))
    for m in V6_RE.finditer(tn):
        s = m.group(0)
        if s.count(":") < 2:
            continue
        st = m.start()
        if st > 0 and (tn[st - 1].isalnum() or tn[st - 1] == "_"):
            continue
        for c in sorted({s, s.strip(":."), s.rstrip("."), s.rstrip(":"), s.lstrip(":")}):
            try:
                ipaddress.IPv6Address(c)
                out.append(("ipv6", c))
                break
            except ValueError:
                pass
    for rx in (PHONE_INTL, PHONE_NAT, PHONE_US):
        for m in rx.finditer(tn):
            if len(re.sub(r"\D", "", m.group(0))) >= 7 and (rx is not PHONE_NAT or 9 <= len(re.sub(r"\D", "", m.group(0))) <= 12):
                out.append(("phone", m.group(0)))
    if re.search(r"ssn|social security number", tn, re.I):
        for m in SSN_RE.finditer(tn):
            if ssn_valid(m.group(0)):
                out.append(("ssn", m.group(0)))
    for rx in KEY_RES:
        for m in rx.finditer(tn):
            out.append(("key", m.group(0)))
    for m in JWT_RE.finditer(tn):
        if jose_header_of(m.group(0).split(".")[0]) is not None:
            out.append(("jwt", m.group(0)))
    for m in BEARER_RE.finditer(tn):
        tok = m.group(1)
        if bearer_qualifies(tok) or provider_shape(tok):
            out.append(("bearer", tok))
    low = tn.lower()
    for p in NAME_PATS:
        if p in low:
            out.append(("name", p))
    for s in STREET_PATS:
        i = low.find(s)
        while i >= 0:
            after = low[i + len(s):i + len(s) + 3]
            before = low[max(0, i - 3):i]
            if re.match(r"[ ,]{0,2}\d", after) or re.search(r"\d[a-z]?\s$", before):
                out.append(("street", s))
            i = low.find(s, i + 1)
    return out


def forbidden_ipv4_anywhere(t):
    for m in QUAD_RE.finditer(t.translate(UNFW)):
        if all(int(x) <= 255 for x in m.groups()):
            s = ".".join(str(int(x)) for x in m.groups())
            if ipv4_forbidden(s) or any(len(x) > 1 and x[0] == "0" for x in m.groups()):
                return True
    return False


def well_known_anywhere(t):
    flat = re.sub(r"[ \-\u00a0\u2009.]", "", t.translate(UNFW))
    for w in sorted(WELL_KNOWN):
        if w in t or w in flat:
            return True
    return False


def occurrences(text, v):
    out = []
    i = text.find(v)
    while i >= 0:
        out.append(i)
        i = text.find(v, i + 1)
    return out


def check_sample(text, labels):
    """Return None if the sample passes every check, else a reason string."""
    cnt = {}
    for lb in labels:
        cnt[lb["value"]] = cnt.get(lb["value"], 0) + 1
        if not lb["value"] or lb["value"] != lb["value"].strip():
            return "blank-edge"
    spans = []
    for v in sorted(cnt):
        occ = occurrences(text, v)
        if len(occ) != cnt[v]:
            return "count:" + v[:30]
        spans += [(s, s + len(v)) for s in occ]
    spans.sort()
    for a, b in zip(spans, spans[1:]):
        if b[0] < a[1]:
            return "overlap"
    for lb in labels:
        if not VALIDATORS[lb["detector"]](lb["value"], lb["form"]):
            return "invalid:%s:%s" % (lb["detector"], lb["value"][:40])
        if lb["detector"] == "ssn" and not re.search(r"SSN|social security number", text, re.I):
            return "ssn-word"
    if well_known_anywhere(text):
        return "well-known"
    if forbidden_ipv4_anywhere(text):
        return "forbidden-ipv4"
    masked = text
    for v in sorted(cnt, key=lambda x: (-len(x), x)):
        masked = masked.replace(v, "\x00")
    found = scan(masked)
    if found:
        return "scan:%s:%s" % found[0]
    return None


def scanner_selftest():
    pos = ["write to lena.k@bluequill.io today", "lena [at] bluequill [dot] io", "lena at bluequill dot io",
           "lena @ bluequill.io", "lena@bluequill[.]io", "lena\uff20bluequill.io", "lena\u200b@\u200bbluequill.io",
           "card " + fmt_card(*card_digits("visa"), "space"), "pan " + card_digits("amex")[1],
           "iban " + fmt_iban(iban_make("DE"), "space4"), "ip 10.20.30.40 ok", "ioc 45[.]77[.]12[.]9",
           "host 2a01:4f8:1c1c::1 up", "call +49 30 1234567", "ring 0044 20 3123 4567", "SSN 219-44-7781",
           gen_openai()[0], gen_anthropic()[0], gen_aws()[0], gen_github()[0], gen_jwt("HS256")[0],
           "Authorization: Bearer Ab3kLm9QrT5vWx2YzP7n", "\n".join(private_key_lines("ec_sec1")),
           NAMES[0]["display"] + " said", STREETS[0]["street"] + " 12", "12 " + STREETS[60]["street"],
           "tel 030 1234 5678", "(415) 382-1945"]
    neg = ["version 2.14.3 and 10.0.19045.3803", "mac 3c:52:82:1a:0f:9b", "std::vector<int> x", "meet @ the gate",
           "Bearer <token>", "Bearer YOUR_TOKEN_HERE", "follow @moss.and.fern now", "at 12:30:45 sharp",
           "iban DE47 2175 9312 4486 5521 97", "roadworks on " + STREETS[0]["street"] + " again",
           "eyJwYWdlIjoyfQ.eyJjdXJzb3IiOiJhYmMifQ.abc", "sk-...", "AKIA****", "ghp_<token>", "price 1.249,00 EUR"]
    assert iban_mod("DE47217593124486552197") != 1
    for s in pos:
        assert scan(s), "scanner missed: %r" % s[:60]
    for s in neg:
        assert not scan(s), "scanner false hit: %r -> %r" % (s[:60], scan(s)[:2])
    return len(pos), len(neg)

# ---------------------------------------------------------------------------
# single-value samples
# ---------------------------------------------------------------------------
GLUE = [("", ""), ("", ""), ("", ""), ("", ""), ('"', '"'), ("\u201c", "\u201d"), ("\u00ab", "\u00bb"), ("(", ")"),
        ("[", "]"), ("**", "**"), ("`", "`"), ("'", "'"), ("", "."), ("", ","), ("", ";"), ("\u300c", "\u300d"),
        ("*", "*"), ("", "!"), ("\u3010", "\u3011"), ("", "\u3002")]
MULTILINE_CTX = [c for c in CONTEXTS if c[0] in ("chat", "email", "llm_prompt", "forum_post")]
CFG_NAMES = ["config.env", "settings.py", ".env.local", "deploy.yaml", "notes.txt", "app.config.js", "secrets.tfvars"]
KEY_LINES = {
    "openai_key": ["OPENAI_API_KEY={v}", 'export OPENAI_API_KEY="{v}"', 'openai.api_key = "{v}"', '"apiKey": "{v}",',
                   "Authorization: Bearer {v}", "curl https://api.openai.com/v1/models -H 'Authorization: Bearer {v}'"],
    "anthropic_key": ["ANTHROPIC_API_KEY={v}", "x-api-key: {v}", 'client = Anthropic(api_key="{v}")',
                      'anthropic_api_key: "{v}"', "$env:ANTHROPIC_API_KEY = '{v}'"],
    "aws_access_key": ["aws_access_key_id = {v}", "AWS_ACCESS_KEY_ID={v}", '"AccessKeyId": "{v}",',
                       "aws configure set aws_access_key_id {v}", "access_key: {v}"],
    "github_token": ["GITHUB_TOKEN={v}", "gh auth login --with-token <<< {v}", "token: {v}", '"github_token": "{v}"',
                     "//npm.pkg.github.com/:_authToken={v}"],
    "jwt": ["Authorization: Bearer {v}", "Cookie: session={v}; Path=/; HttpOnly", "id_token={v}&state=ok",
            '{"access_token": "{v}", "expires_in": 3600}', "JWT={v}"],
    "bearer_token": ["Authorization: Bearer {v}", "curl -s -H \"Authorization: Bearer {v}\" https://api.{d}/v2/me",
                     "headers = {{'Authorization': 'Bearer {v}'}}", "fetch(url, {{ headers: {{ Authorization: `Bearer {v}` }} }})",
                     "authorization: Bearer {v}", "Proxy-Authorization: Bearer {v}"],
}
NOUN_OF = {"email": "email", "phone": "phone", "credit_card": "card", "iban": "iban", "ipv4": "ip", "ipv6": "ip",
           "ssn": "ssn", "openai_key": "key", "anthropic_key": "key", "aws_access_key": "key", "github_token": "token",
           "jwt": "token", "bearer_token": "token"}
_lang_cycle = {"i": 0}


def next_lang():
    _lang_cycle["i"] += 1
    return LANGS[(_lang_cycle["i"] * 11 + R.randrange(2)) % len(LANGS)]


def glue(v, det):
    pre, post = ch(GLUE)
    if det == "ipv6" and (pre == "[" or post in (";",)):
        pre, post = "", ""
    if det == "email" and pre == "*" and "_" in v:
        pre, post = "", ""
    return pre + v + post


def wrap_ctx(s, multiline=False):
    ctx, fn = ch(MULTILINE_CTX if multiline or "\n" in s else CONTEXTS)
    return fn(s, None), ctx


def inline_value(det, v, form):
    """Text in which value v is embedded (value plus port/prefix/link syntax)."""
    if det == "ipv4":
        if form == "with_port":
            return v + ":" + str(ch([22, 443, 8080, 5432, 3389, 6443, 9200]))
        if form == "with_cidr":
            return v + "/" + str(ch([24, 16, 28, 32, 20]))
    if det == "ipv6":
        if form == "bracket_port":
            return "[" + v + "]:" + str(ch([443, 8443, 22, 5060]))
        if form == "link_local_zone":
            return v + "%" + ch(["eth0", "en0", "wlan0", "ens3"])
        if form == "cidr":
            return v + "/" + ch(["48", "56", "64"])
    if det == "phone" and form == "tel_link":
        return ch(["[\U0001F4DE](tel:%s)", "<a href=\"tel:%s\">\u260e</a>", "tel:%s"]) % v
    if det == "email" and form == "angle_brackets":
        return "<" + v + ">"
    if det == "email" and form == "mailto":
        return ch(["mailto:%s", "[\u2709](mailto:%s?subject=hi)", "<a href=\"mailto:%s\">\u2709</a>"]) % v
    return None


def single_simple(det, form):
    gen = {"email": gen_email, "phone": gen_phone, "credit_card": gen_card, "iban": gen_iban, "ipv4": gen_ipv4,
           "ipv6": gen_ipv6, "ssn": gen_ssn}[det]
    v, form = gen(form)
    lang = next_lang()
    iv = inline_value(det, v, form)
    body = iv if iv is not None else glue(v, det)
    fr = ch(L[lang]["G"])
    s = fr.replace("{n}", L[lang]["N"][NOUN_OF[det]]).replace("{v}", body)
    text, ctx = wrap_ctx(s)
    return text, [lab(det, v, form)], lang, form, ctx


def lab(det, v, form):
    return {"detector": det, "value": v, "form": form}


def single_key(det, form):
    gen = {"openai_key": gen_openai, "anthropic_key": gen_anthropic, "aws_access_key": gen_aws,
           "github_token": gen_github, "jwt": gen_jwt, "bearer_token": gen_bearer}[det]
    v, form = gen(form)
    lang = next_lang()
    if det == "bearer_token" or R.random() < 0.55:
        line = ch(KEY_LINES[det]).replace("{d}", ch(DOMAINS)).replace("{{", "{").replace("}}", "}").replace("{v}", v)
        intro = ch(L[lang]["NG"]).replace("{x}", ch(CFG_NAMES))
        s = intro + "\n" + line if R.random() < 0.75 else line + "\n" + intro
        text, ctx = wrap_ctx(s, True)
        ctx = ctx + "+config_line"
    else:
        fr = ch(L[lang]["G"])
        s = fr.replace("{n}", L[lang]["N"][NOUN_OF[det]]).replace("{v}", glue(v, det))
        text, ctx = wrap_ctx(s)
    return text, [lab(det, v, form)], lang, form, ctx


def layout_pem(lines, layout):
    """Return (text_before, value, text_after)."""
    if layout == "lf":
        return "", "\n".join(lines), "\n"
    if layout == "crlf":
        return "", "\r\n".join(lines), "\r\n"
    if layout == "json_escaped":
        v = "\\n".join(lines)
        return '{"type": "service_account", "key_id": "%s", "private_key": "' % rs(12, HEX), v, '\\n", "rotate": true}'
    if layout == "yaml_block":
        v = "\n    ".join(lines)
        return "tls:\n  enabled: true\n  key: |\n    ", v, "\n  cert_ref: vault/tls/edge\n"
    if layout == "flattened":
        return ch(["key was pasted like this -> ", "one-liner from the form: ", ""]), " ".join(lines), ""
    if layout == "env_quoted":
        return ch(["SSH_PRIVATE_KEY=\"", "SIGNING_KEY=\"", "JWT_PRIVATE_KEY=\""]), "\n".join(lines), "\"\n"
    if layout == "env_escaped":
        return ch(["PRIVATE_KEY=\"", "export GH_APP_KEY=\""]), "\\n".join(lines), "\\n\"\n"
    raise ValueError(layout)


def single_pem(form):
    kind, layout = form.split("/")
    lines = private_key_lines(kind)
    pre, v, post = layout_pem(lines, layout)
    lang = next_lang()
    intro = ch(L[lang]["NG"]).replace("{x}", ch(["id_ed25519", "server.key", "signing.pem", "the key below", "vault export"]))
    s = intro + "\n\n" + pre + v + post
    text, ctx = wrap_ctx(s, True)
    return text, [lab("private_key", v, form)], lang, form, ctx + "+" + layout


def single_name(form):
    v, pre, suf, p = name_variant(form)
    lang = p["lang"] if (form in ("title_outside", "honorific_suffix") or R.random() < 0.7) else next_lang()
    body = pre + v + suf
    if not pre and not suf:
        body = glue(v, "person_name")
    s = ch(L[lang]["NM"]).replace("{v}", body)
    text, ctx = wrap_ctx(s)
    return text, [lab("person_name", v, form)], lang, form, ctx


def single_street(form):
    cand = {
        "number_after": lambda s: s["style"] in ("post", "slash"),
        "number_first": lambda s: s["style"] == "pre",
        "comma_number": lambda s: s["style"] == "comma" or s["country"] == "IT",
        "letter": lambda s: s["style"] in ("post", "comma") or s["country"] in ("GB", "IE", "AU", "NZ"),
        "range": lambda s: s["style"] in ("post", "comma") or s["country"] in ("GB", "AU", "NZ", "IE"),
        "bis": lambda s: s["country"] == "FR",
        "slash_number": lambda s: s["style"] == "slash",
    }[form]
    for _ in range(100):
        street = ch([s for s in STREETS if cand(s)])
        variant = {"letter": "letter", "range": "range", "bis": "bis", "slash_number": "slash"}.get(form, "plain")
        v, tail, f2, street = full_address(street, variant)
        if f2 == form:
            break
    lang = COUNTRY_LANG[street["country"]] if R.random() < 0.65 else next_lang()
    body = v + (tail if R.random() < 0.5 else "")
    if body == v:
        body = glue(v, "street_address")
    s = ch(L[lang]["AD"]).replace("{v}", body)
    text, ctx = wrap_ctx(s)
    return text, [lab("street_address", v, f2)], lang, f2, ctx


SINGLE_PLAN = [
    ("email", 100, EMAIL_FORMS[1:]), ("phone", 110, PHONE_FORMS[1:]), ("credit_card", 90, None),
    ("ssn", 70, SSN_FORMS[1:]), ("iban", 80, IBAN_FORMS[1:]), ("ipv4", 80, IPV4_FORMS[1:]),
    ("ipv6", 75, IPV6_FORMS[1:]), ("openai_key", 65, ["legacy", "proj", "svcacct", "admin", "proj"]),
    ("anthropic_key", 55, ["api03", "api03", "admin01"]), ("aws_access_key", 60, ["AKIA", "ASIA", "AKIA"]),
    ("github_token", 65, ["ghp", "gho", "ghu", "ghs", "ghr", "github_pat", "github_pat"]),
    ("jwt", 80, ["HS256", "RS256", "ES256", "HS512", "PS256", "ES384", "EdDSA", "HS384", "RS512", "ES512",
                 "jose_non_json_payload", "jose_short_sig", "jose_alg_none"]),
    ("bearer_token", 60, ["opaque_alnum", "opaque_symbols", "hex", "prefixed"]),
    ("private_key", 60, None), ("person_name", 100, NAME_FORMS), ("street_address", 100,
                                                                   ["number_after", "number_first", "comma_number", "letter", "range", "bis", "slash_number"]),
]


def single_forms(det, n, forms):
    if det == "credit_card":
        out = []
        brands = [b[0] for b in CARD_BRANDS]
        for i in range(n):
            out.append((brands[i % len(brands)], CARD_SEPS[(i // len(brands) + i) % len(CARD_SEPS)]))
        return out
    if det == "private_key":
        return ["%s/%s" % (PEM_KINDS[i % len(PEM_KINDS)], PEM_LAYOUTS[(i // len(PEM_KINDS) + i) % len(PEM_LAYOUTS)]) for i in range(n)]
    return [forms[i % len(forms)] for i in range(n)]


def build_single(det, form):
    if det == "credit_card":
        brand, sep = form
        name, d = card_digits(brand)
        v = fmt_card(name, d, sep)
        f = "%s_%s" % (name, sep)
        lang = next_lang()
        fr = ch(L[lang]["G"])
        s = fr.replace("{n}", L[lang]["N"]["card"]).replace("{v}", glue(v, det))
        text, ctx = wrap_ctx(s)
        return text, [lab(det, v, f)], lang, f, ctx
    if det in ("email", "phone", "iban", "ipv4", "ipv6", "ssn"):
        return single_simple(det, form)
    if det in KEY_LINES:
        return single_key(det, form)
    if det == "private_key":
        return single_pem(form)
    if det == "person_name":
        return single_name(form)
    if det == "street_address":
        return single_street(form)
    raise ValueError(det)

# ---------------------------------------------------------------------------
# hard negatives: (kind, generator returning (snippet, is_block))
# ---------------------------------------------------------------------------
def isbn13():
    body = "978" + str(R.randint(0, 1)) + rs(8, DIG)
    s = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(body))
    c = (10 - s % 10) % 10
    d = body + str(c)
    return "ISBN %s-%s-%s-%s-%s" % (d[:3], d[3], d[4:7], d[7:12], d[12])


def issn():
    b = rs(7, DIG)
    s = sum(int(c) * w for c, w in zip(b, range(8, 1, -1)))
    c = (11 - s % 11) % 11
    return "ISSN %s-%s%s" % (b[:4], b[4:], "X" if c == 10 else str(c))


def spki_rsa():
    n = R.getrandbits(2048) | (1 << 2047) | 1
    rsapub = der(0x30, der_int(n) + der_int(65537))
    return der(0x30, der(0x30, der_oid("1.2.840.113549.1.1.1") + DER_NULL) + der(0x03, b"\x00" + rsapub))


def spki_ec():
    return der(0x30, der(0x30, der_oid("1.2.840.10045.2.1") + der_oid("1.2.840.10045.3.1.7")) + der(0x03, b"\x00\x04" + rbytes(64)))


def fake_cert():
    name = der(0x30, der(0x31, der(0x30, der_oid("2.5.4.3") + der(0x0c, ("edge-%s.internal" % rs(4, LO)).encode()))))
    validity = der(0x30, der(0x17, b"240101000000Z") + der(0x17, b"260101000000Z"))
    tbs = der(0x30, der(0xA0, der_int(2)) + der_int(R.getrandbits(120)) +
              der(0x30, der_oid("1.2.840.10045.4.3.2")) + name + validity + name + spki_ec())
    return der(0x30, tbs + der(0x30, der_oid("1.2.840.10045.4.3.2")) + der(0x03, b"\x00" + der(0x30, der_int(R.getrandbits(255)) + der_int(R.getrandbits(255)))))


def neg_card():
    name, d = card_digits(valid=False)
    return fmt_card(name, d, ch(["space", "dash", "compact", "nbsp"])), False


def neg_iban():
    return fmt_iban(iban_make(ch(IBAN_COUNTRIES), valid=False), ch(["compact", "space4", "space4"])), False


def neg_ssn_noctx():
    a, g, s = ssn_parts()
    v = ch(["%s-%s-%s", "%s %s %s", "%s%s%s"]) % (a, g, s)
    return ch(["ticket %s", "order ref %s", "Lot %s", "badge %s", "parcel id %s", "case no. %s"]) % v, False


def neg_ssn_invalid():
    a, g, s = ssn_parts()
    bad = ch(["area0", "area666", "area9", "group0", "serial0"])
    if bad == "area0":
        a = "000"
    elif bad == "area666":
        a = "666"
    elif bad == "area9":
        a = str(R.randint(900, 999))
    elif bad == "group0":
        g = "00"
    else:
        s = "0000"
    return ch(["SSN %s-%s-%s (rejected by the validator)", "ssn: %s-%s-%s", "SSN field shows %s-%s-%s, which cannot be issued"]) % (a, g, s), False


def neg_version():
    return ch(["v%d.%d.%d" % (R.randint(0, 9), R.randint(0, 30), R.randint(0, 40)),
               "%d.%d.%d-rc.%d" % (R.randint(1, 5), R.randint(0, 12), R.randint(0, 9), R.randint(1, 4)),
               "release %d.%d.%d+build.%d" % (R.randint(1, 9), R.randint(0, 20), R.randint(0, 9), R.randint(2, 99)),
               "%d.0.%d.%d" % (ch([10, 11]), R.randint(19041, 26100), R.randint(300, 4999)),
               "Python %d.%d.%d" % (3, R.randint(8, 13), R.randint(0, 12))]), False


def neg_build():
    return ch(["build %d.%d" % (R.randint(20230101, 20251231), R.randint(1, 9)), "Build #%d" % R.randint(1000, 99999),
               "CI run %d-%s" % (R.randint(1000, 9999), rs(1, LO)), "pipeline %d / job %d" % (R.randint(10000, 99999), R.randint(100000, 999999))]), False


def neg_hash():
    return ch(["sha256:" + rs(64, HEX), "commit " + rs(40, HEX), "md5 " + rs(32, HEX), "fixed in " + rs(7, HEX),
               "sha1sum " + rs(40, HEX) + "  backup.tar"]), False


def neg_uuid():
    u = "%s-%s-4%s-%s%s-%s" % (rs(8, HEX), rs(4, HEX), rs(3, HEX), ch("89ab"), rs(3, HEX), rs(12, HEX))
    return ch(["request id %s", "trace=%s", "{%s}", "device %s"]) % (u if R.random() < 0.8 else u.upper()), False


def neg_mac():
    m = [rs(2, HEX) for _ in range(6)]
    return ch(["MAC " + ":".join(m).upper(), "hwaddr " + "-".join(m), "ether " + ":".join(m),
               "%s%s.%s%s.%s%s" % tuple(m)]), False


def neg_b64():
    return base64.b64encode(rbytes(R.randint(30, 90))).decode(), R.random() < 0.5


def neg_timestamp():
    y, mo, d = R.randint(2019, 2026), R.randint(1, 12), R.randint(1, 28)
    h, mi, s = R.randint(0, 23), R.randint(0, 59), R.randint(0, 59)
    return ch(["%04d-%02d-%02dT%02d:%02d:%02dZ" % (y, mo, d, h, mi, s), "%02d.%02d.%04d %02d:%02d" % (d, mo, y, h, mi),
               "epoch %d" % R.randint(1500000000, 1800000000), "%04d/%02d/%02d %02d:%02d:%02d.%03d" % (y, mo, d, h, mi, s, R.randint(0, 999)),
               "Tue, %02d Mar %04d %02d:%02d:%02d GMT" % (d, y, h, mi, s)]), False


def neg_price():
    return ch(["\u20ac%d.%03d,%02d" % (R.randint(1, 9), R.randint(0, 999), R.randint(0, 99)),
               "USD %d,%03d.%02d" % (R.randint(1, 99), R.randint(0, 999), R.randint(0, 99)),
               "\u00a5%d,%03d" % (R.randint(1, 999), R.randint(0, 999)), "%d %03d,%02d z\u0142" % (R.randint(1, 99), R.randint(0, 999), R.randint(0, 99)),
               "\u20b9 %d,%03d" % (R.randint(1, 99), R.randint(0, 999)), "CHF %d.\u2013" % R.randint(10, 9000)]), False


def neg_tracking():
    return ch(["1Z %s %s %s %s" % (rs(3, UP + DIG), rs(3, UP + DIG), rs(2, DIG), rs(8, DIG)),
               "JJD%s" % rs(18, DIG), "%s %s %s %s %s" % ("94" + rs(2, DIG), rs(4, DIG), rs(4, DIG), rs(4, DIG), rs(4, DIG)),
               "RR%sDE" % rs(9, DIG), "tracking %s%s" % (str(R.randint(1, 9)), rs(11, DIG))]), False


def neg_isbn():
    return (isbn13() if R.random() < 0.6 else issn()), False


def neg_coords():
    la, lo = R.uniform(-60, 70), R.uniform(-170, 170)
    return ch(["%.5f, %.5f" % (la, lo), "lat=%.4f&lon=%.4f" % (la, lo),
               "N %d\u00b0 %.3f' E %03d\u00b0 %.3f'" % (abs(int(la)), R.uniform(0, 59.999), abs(int(lo)), R.uniform(0, 59.999))]), False


def neg_postcode():
    cc = ch(sorted(CITIES))
    return "%s %s" % (postcode(cc), ch(CITIES[cc])), False


def neg_masked():
    return ch(["**** **** **** %s" % rs(4, DIG), "XXX-XX-%s" % rs(4, DIG), "DE** **** **** **** **%s %s" % (rs(2, DIG), rs(2, DIG)),
               "+49 *** ****%s" % rs(2, DIG), "%s***@%s" % (rs(1, LO), "*" * 6 + ".com"), "card ending in \u2022\u2022\u2022\u2022 %s" % rs(4, DIG),
               "sk-\u2026%s" % rs(4, B62), "AKIA************%s" % rs(4, B32)[:0]]), False


def neg_placeholder():
    return ch(["sk-...", "sk-xxxxxxxx", "YOUR_API_KEY", "<OPENAI_API_KEY>", "${ANTHROPIC_API_KEY}", "AKIA\u2026",
               "ghp_<token>", "github_pat_<redacted>", "sk-ant-api03-\u2026", "Bearer <token>", "os.environ['OPENAI_API_KEY']"]), False


def neg_truncated():
    return ch(["sk-proj-" + rs(R.randint(6, 12), B62), "sk-ant-api03-" + rs(R.randint(5, 12), B64U),
               "AKIA" + rs(R.randint(6, 10), B32), "ghp_" + rs(R.randint(6, 14), B62), "github_pat_" + rs(R.randint(6, 14), B62),
               "sk-" + rs(R.randint(8, 15), B62)]), False


def neg_pubkey():
    r = R.random()
    if r < 0.35:
        return "\n".join(pem_lines("PUBLIC KEY", spki_rsa() if R.random() < 0.5 else spki_ec())), True
    if r < 0.7:
        return "\n".join(pem_lines("CERTIFICATE", fake_cert())), True
    blob = sshstr(b"ssh-ed25519") + sshstr(rbytes(32))
    return "ssh-ed25519 " + base64.b64encode(blob).decode() + " " + ch(["deploy-bot", "ci", "laptop"]), True


def neg_handle():
    return ch(["@%s" % rs(1, LO) + ch(["_dev", "lab", "_ops", "studio"]) + str(R.randint(1, 99)), "@%s_%s" % (ch(CHAT_HANDLES), rs(2, DIG)),
               "follow @%s and @%s" % (ch(CHAT_HANDLES), ch(CHAT_HANDLES)), "u/%s" % ch(CHAT_HANDLES), "#%s" % ch(["release", "oncall", "design"])]), False


def neg_at_prose():
    return ch(["meet @ the north entrance", "@here please review", "3 boxes @ %d EUR each" % R.randint(2, 40),
               "ping @channel before lunch", "@mention the owner, not me", "email me at the usual place"]), False


def neg_caps():
    return ch(["Every Tuesday The Logistics Team Reviews Open Claims", "Quarterly Results Will Be Shared After The Board Meeting",
               "Please Read The Updated Travel Policy Before Booking", "New Office Hours Start Next Week For All Teams",
               "Bring Your Own Mug To The Kitchen Opening"]), False


def neg_cities():
    return ch(["Porto, Salamanca and Bilbao", "train via Innsbruck to Verona", "Tallinn or Riga in spring",
               "Kraków \u2192 Wrocław \u2192 Poznań", "from Nagoya to Sendai", "Adelaide, then Perth"]), False


def neg_company():
    return ch(COMPANIES) + ch([" signed the renewal", " and " + ch(COMPANIES), " (supplier)", ""]), False


def neg_product():
    return ch(["Pixel 8 Pro", "ThinkPad X1 Carbon Gen 11", "Airbus A321neo", "PlayStation 5", "Galaxy S24 Ultra",
               "RTX 4090", "Model Y", "Boeing 787-9", "Canon EOS R6 Mark II", "Raspberry Pi 5"]), False


def neg_street_nonum():
    s = ch(STREETS)["street"]
    return ch(["roadworks on %s", "the bakery on %s", "%s is closed for the market", "somewhere near %s"]) % s, False


def neg_room():
    return ch(["Gate B%d" % R.randint(1, 60), "Seat %d%s" % (R.randint(1, 48), ch("ABCDEF")), "Room %d.%03d" % (R.randint(1, 9), R.randint(1, 250)),
               "Platform %d" % R.randint(1, 14), "Locker %04d" % R.randint(1, 999), "Hall %s, stand %s%d" % (ch("ABC"), ch("ABCDEFG"), R.randint(1, 90))]), False


def neg_score():
    return ch(["%d\u2013%d" % (R.randint(0, 6), R.randint(0, 6)), "6-4, 3-6, 7-5", "%d:%d after extra time" % (R.randint(0, 5), R.randint(0, 5)),
               "%d\u2013%d in the fourth quarter" % (R.randint(70, 120), R.randint(70, 120)), "final score %d-%d" % (R.randint(10, 40), R.randint(10, 40))]), False


def neg_chem():
    return ch(["C6H12O6", "H2SO4", "NaHCO3", "CH3COOH", "Ca(OH)2", "C8H10N4O2", "KMnO4", "Fe2O3"]), False


def neg_legal():
    return ch(["\u00a7 823 Abs. 1 BGB", "Art. 6(1)(f) GDPR", "pp. %d\u2013%d" % (R.randint(10, 200), R.randint(201, 400)),
               "17 U.S.C. \u00a7 107", "Rn. %d" % R.randint(1, 99), "ECLI:EU:C:%d:%d" % (R.randint(2000, 2024), R.randint(1, 999)),
               "Section %d(%d)(b)" % (R.randint(1, 99), R.randint(1, 9))]), False


def neg_jwt_lookalike():
    h = ch([{"page": R.randint(2, 40)}, {"kind": "cursor", "v": 2}, {"typ": "JWT"}, {"cty": "json", "ver": 1}])
    p = {"cursor": rs(12, B62), "limit": ch([25, 50, 100])}
    segs = [jenc_seg(h), jenc_seg(p)]
    if R.random() < 0.6:
        segs.append(b64u(rbytes(32)))
    return ".".join(segs), False


def neg_bearer():
    return ch(["Authorization: Bearer <token>", "Authorization: Bearer $ACCESS_TOKEN", "Bearer null",
               "Bearer undefined", "Authorization: Bearer tokenexpiredsoon", "Bearer ${{ secrets.TOKEN }}",
               "WWW-Authenticate: Bearer realm=\"api\"", "Bearer abcdefabcdefabcdef"]), False


def neg_ip_range():
    oct_ = [R.randint(0, 255) for _ in range(4)]
    i = R.randrange(4)
    oct_[i] = R.randint(256, 999)
    return ".".join(str(x) for x in oct_), False


def neg_ipv6_bad():
    a = ipv6_rand("global")
    r = R.random()
    c = a.compressed
    if r < 0.4:
        return (c + "::1" if "::" in c else c + ":1"), False
    if r < 0.7:
        return a.exploded + ":" + rs(4, HEX), False
    return "2a0g:" + c.split(":", 1)[1], False


def neg_order_digits():
    return ch(["order %s" % (str(R.randint(1, 9)) + rs(R.randint(9, 11), DIG)), "customer no. %s" % (str(R.randint(1, 9)) + rs(9, DIG)),
               "invoice %s" % (str(R.randint(1, 9)) + rs(10, DIG)), "serial %s" % (str(R.randint(1, 9)) + rs(11, DIG))]), False


NEG_KINDS = [
    ("luhn_invalid_card", neg_card), ("iban_bad_checksum", neg_iban), ("ssn_like_no_context", neg_ssn_noctx),
    ("ssn_invalid_with_word", neg_ssn_invalid), ("version_string", neg_version), ("build_number", neg_build),
    ("hex_hash", neg_hash), ("uuid", neg_uuid), ("mac_address", neg_mac), ("base64_blob", neg_b64),
    ("timestamp", neg_timestamp), ("price", neg_price), ("tracking_number", neg_tracking), ("isbn_issn", neg_isbn),
    ("coordinates", neg_coords), ("postcode", neg_postcode), ("masked_value", neg_masked),
    ("placeholder_key", neg_placeholder), ("truncated_provider_key", neg_truncated), ("public_key_or_cert", neg_pubkey),
    ("social_handle", neg_handle), ("at_in_prose", neg_at_prose), ("capitalised_sentence", neg_caps),
    ("city_names", neg_cities), ("company_names", neg_company), ("product_with_number", neg_product),
    ("street_without_number", neg_street_nonum), ("room_gate_seat", neg_room), ("sports_score", neg_score),
    ("chemical_formula", neg_chem), ("legal_page_ref", neg_legal), ("jwt_lookalike_no_jose", neg_jwt_lookalike),
    ("bearer_non_qualifying", neg_bearer), ("ipv4_octet_out_of_range", neg_ip_range), ("ipv6_malformed", neg_ipv6_bad),
    ("bare_order_digits", neg_order_digits),
]


def build_negative(kind, fn):
    x, block = fn()
    lang = next_lang()
    if block:
        intro = ch(L[lang]["NG"]).replace("{x}", ch(["server.crt", "the blob below", "pubkey.pem", "attachment.txt"]))
        s = intro + "\n\n" + x
    else:
        fr = ch(L[lang]["NG"])
        pre, post = ch([("", ""), ("", ""), ("`", "`"), ('"', '"'), ("(", ")"), ("**", "**"), ("\u300c", "\u300d")])
        s = fr.replace("{x}", pre + x + post)
    text, ctx = wrap_ctx(s, block)
    return text, [], lang, kind, ctx

# ---------------------------------------------------------------------------
# multi-value layouts
# ---------------------------------------------------------------------------
class B:
    def __init__(self):
        self.parts = []
        self.labels = []

    def t(self, x):
        self.parts.append(x)
        return self

    def v(self, det, val, form):
        self.parts.append(val)
        self.labels.append(lab(det, val, form))
        return self

    def text(self):
        return "".join(self.parts)


class J:
    """token store for JSON/JSON-like layouts: values are inserted after serialisation."""

    def __init__(self):
        self.vals = []

    def __call__(self, det, val, form):
        self.vals.append((det, val, form))
        return "\u00a7\u00a7V%d\u00a7\u00a7" % (len(self.vals) - 1)

    def finish(self, s, escape=True):
        labels = []
        for i, (det, val, form) in enumerate(self.vals):
            w = jenc(val) if escape else val
            s = s.replace("\u00a7\u00a7V%d\u00a7\u00a7" % i, w)
            labels.append(lab(det, w, form))
        return s, labels


def person_form(p):
    if p["script"] != "latin":
        return "native_script"
    if p["order"] == "fg":
        return "family_given"
    if p["family"].startswith(PARTICLES):
        return "particle"
    if "-" in p["family"] or " " in p["family"]:
        return "compound"
    return "given_family"


def two_people(lang=None):
    a = pick_person(lambda p: lang is None or p["lang"] == lang or R.random() < 0.3)
    b = pick_person(lambda p: p["display"] != a["display"] and p["family"] != a["family"] and p["given"] != a["given"])
    return a, b


def plain_phone():
    return gen_phone(ch(["intl_plus", "intl_plus", "national", "intl_00", "intl_dash", "nbsp"]))


def plain_email(p=None):
    return gen_email(ch(["plain", "plain", "plus_tag", "subdomain", "upper"]), p)


def lay_slack():
    lang = next_lang()
    a, b = two_people(lang)
    j = J()
    ts = R.randint(1700000000, 1760000000)
    e, ef = plain_email(a)
    ph, pf = plain_phone()
    msgs = [
        {"type": "message", "user": "U0" + rs(9, UP + DIG), "user_profile": {"real_name": j("person_name", a["display"], person_form(a)),
                                                                          "display_name": ch(CHAT_HANDLES)},
         "text": ch(L[lang]["G"]).replace("{n}", L[lang]["N"]["email"]).replace("{v}", j("email", e, ef)), "ts": "%d.%06d" % (ts, R.randint(0, 999999))},
        {"type": "message", "user": "U0" + rs(9, UP + DIG), "user_profile": {"real_name": j("person_name", b["display"], person_form(b))},
         "text": ch(L[lang]["G"]).replace("{n}", L[lang]["N"]["phone"]).replace("{v}", j("phone", ph, pf)), "ts": "%d.%06d" % (ts + 61, R.randint(0, 999999)),
         "thread_ts": "%d.000100" % ts},
    ]
    if R.random() < 0.5:
        ib, ibf = gen_iban(ch(["compact", "space4"]))
        msgs.append({"type": "message", "user": "U0" + rs(9, UP + DIG), "text": ch(L[lang]["G"]).replace("{n}", "IBAN").replace("{v}", j("iban", ib, ibf)),
                     "ts": "%d.%06d" % (ts + 300, R.randint(0, 999999)), "reactions": [{"name": "white_check_mark", "count": 1}]})
    s = json.dumps(msgs, ensure_ascii=False, indent=ch([None, 2]))
    text, labels = j.finish(s)
    return text, labels, lang, "json"


def lay_transcript():
    lang = next_lang()
    a, b = two_people(lang)
    bb = B()
    bb.t(ch(["Weekly sync \u2014 auto transcript\n", "Call recording (transcribed)\n", "Meeting notes / transcript\n"]))
    t0 = R.randint(0, 30)

    def tag(p, sec):
        bb.t("[00:%02d:%02d] " % (sec // 60, sec % 60)).v("person_name", p["display"], person_form(p)).t(": ")
    tag(a, t0)
    ph, pf = plain_phone()
    fr = ch(L[lang]["G"]).replace("{n}", L[lang]["N"]["phone"])
    x, y = fr.split("{v}")
    bb.t(x).v("phone", ph, pf).t(y + "\n")
    tag(b, t0 + R.randint(10, 50))
    bb.t(ch(L[lang]["NG"]).replace("{x}", ch(["the agenda", "slide 4", "the budget"])) + "\n")
    tag(a, t0 + R.randint(60, 200))
    sv, sf, _ = street_value()
    x, y = ch(L[lang]["AD"]).split("{v}")
    bb.t(x).v("street_address", sv, sf).t(y + "\n")
    if R.random() < 0.5:
        tag(b, t0 + R.randint(210, 400))
        e, ef = gen_email(ch(["plain", "words_at_dot", "spaced_at", "bracket_at"]), b)
        x, y = ch(L[lang]["G"]).replace("{n}", L[lang]["N"]["email"]).split("{v}")
        bb.t(x).v("email", e, ef).t(y + "\n")
    return bb.text(), bb.labels, lang, "meeting_transcript"


def lay_mdtable():
    lang = next_lang()
    bb = B()
    bb.t(ch(L[lang]["NG"]).replace("{x}", ch(["this table", "the roster", "the contact list"])) + "\n\n")
    bb.t("| # | Name | E-mail | Phone | City |\n|---|------|--------|-------|------|\n")
    used = set()
    for i in range(R.randint(2, 3)):
        p = pick_person(lambda q: q["display"] not in used and q["given"] not in [u.split(" ")[0] for u in used])
        used.add(p["display"])
        e, ef = plain_email(p)
        ph, pf = plain_phone()
        cc = ch(sorted(CITIES))
        bb.t("| %d | " % (i + 1)).v("person_name", p["display"], person_form(p)).t(" | ").v("email", e, ef).t(" | ")
        bb.v("phone", ph, pf).t(" | %s |\n" % ch(CITIES[cc]))
    return bb.text(), bb.labels, lang, "markdown"


def lay_journald():
    j = J()
    host = ch(["edge-3", "bastion-eu", "api-7f9c", "ingest-02"])
    lines = []
    ts = R.randint(1700000000, 1760000000) * 1000000
    for i in range(R.randint(3, 4)):
        r = i % 4
        if r == 0:
            msg = "Accepted publickey for deploy from %s port %d ssh2" % (j("ipv4", *gen_ipv4(ch(["public", "private"]))), R.randint(30000, 65000))
            ident = "sshd"
        elif r == 1:
            v6, f6 = gen_ipv6(ch(["compressed", "full", "upper", "ula", "v4_tail"]))
            msg = "Failed password for invalid user admin from %s port %d ssh2" % (j("ipv6", v6, f6), R.randint(30000, 65000))
            ident = "sshd"
        elif r == 2:
            e, ef = plain_email()
            msg = "login ok user=%s method=oidc" % j("email", e, ef)
            ident = "authsvc"
        else:
            msg = "rate limit hit for client %s (%d req/min)" % (j("ipv4", *gen_ipv4("public")), R.randint(100, 900))
            ident = "gateway"
        lines.append(json.dumps({"__REALTIME_TIMESTAMP": str(ts + i * R.randint(1000, 9000000)), "_HOSTNAME": host,
                                 "SYSLOG_IDENTIFIER": ident, "PRIORITY": str(ch([4, 5, 6])), "MESSAGE": msg}, ensure_ascii=False))
    text, labels = j.finish("\n".join(lines) + "\n")
    return text, labels, "en", "jsonl_log"


def lay_k8s():
    lang = next_lang()
    bb = B()
    app = ch(["billing", "ingest", "reports", "notifier", "checkout"])
    bb.t("# " + ch(L[lang]["NG"]).replace("{x}", "%s-credentials" % app) + "\n")
    bb.t("apiVersion: v1\nkind: Secret\nmetadata:\n  name: %s-credentials\n  namespace: %s\n  annotations:\n    owner: " % (app, ch(["prod", "staging", "team-data"])))
    e, ef = plain_email()
    bb.v("email", e, ef).t("\ntype: Opaque\nstringData:\n  AWS_ACCESS_KEY_ID: ")
    bb.v("aws_access_key", *gen_aws()).t("\n  AWS_SECRET_ACCESS_KEY: %s\n" % rs(40, B62 + "/+"))
    if R.random() < 0.5:
        bb.t("  GITHUB_TOKEN: ").v("github_token", *gen_github()).t("\n")
    else:
        bb.t("  SERVICE_JWT: ").v("jwt", *gen_jwt(ch(["RS256", "ES256", "HS256"]))).t("\n")
    if R.random() < 0.6:
        kind = ch(["ec_sec1", "rsa_pkcs8", "ed25519_pkcs8", "openssh_ed25519"])
        lines = private_key_lines(kind)
        bb.t("  tls.key: |\n    ").v("private_key", "\n    ".join(lines), kind + "/yaml_block").t("\n")
    return bb.text(), bb.labels, lang, "kubernetes_manifest"


def lay_terraform():
    lang = next_lang()
    bb = B()
    bb.t("# " + ch(L[lang]["NG"]).replace("{x}", "main.tf") + "\n")
    bb.t('provider "aws" {\n  region     = "%s"\n  access_key = "' % ch(["eu-central-1", "eu-west-1", "us-east-2", "ap-northeast-1"]))
    bb.v("aws_access_key", *gen_aws("AKIA")).t('"\n  secret_key = "%s"\n}\n\n' % rs(40, B62 + "/+"))
    e, ef = plain_email()
    bb.t('variable "alert_email" {\n  type    = string\n  default = "').v("email", e, ef).t('"\n}\n\n')
    ip, ipf = gen_ipv4(ch(["public", "private"]))
    bb.t('resource "aws_security_group_rule" "office_ssh" {\n  type        = "ingress"\n  from_port   = 22\n  to_port     = 22\n  protocol    = "tcp"\n  cidr_blocks = ["')
    bb.v("ipv4", ip, ipf).t('/32"]\n}\n')
    if R.random() < 0.4:
        v6, f6 = gen_ipv6(ch(["compressed", "ula"]))
        bb.t('\nlocals {\n  vpn_peer_v6 = "').v("ipv6", v6, f6).t('"\n}\n')
    return bb.text(), bb.labels, lang, "terraform_hcl"


def lay_har():
    j = J()
    dom = ch(DOMAINS)
    if R.random() < 0.5:
        auth = "Bearer " + j("jwt", *gen_jwt(ch(["HS256", "RS256", "ES256", "PS256"])))
    else:
        auth = "Bearer " + j("bearer_token", *gen_bearer())
    e, ef = plain_email()
    ph, pf = gen_phone(ch(["intl_plus", "intl_00"]))
    post = json.dumps({"email": j("email", e, ef), "phone": j("phone", ph, pf), "newsletter": False}, ensure_ascii=False)
    ipv = j("ipv4", *gen_ipv4("public")) if R.random() < 0.5 else j("ipv6", *gen_ipv6("compressed"))
    har = {"log": {"version": "1.2", "creator": {"name": "WebInspector", "version": "537.36"}, "entries": [{
        "startedDateTime": "2025-%02d-%02dT%02d:%02d:%02d.%03dZ" % (R.randint(1, 12), R.randint(1, 28), R.randint(0, 23), R.randint(0, 59), R.randint(0, 59), R.randint(0, 999)),
        "time": round(R.uniform(20, 900), 3),
        "request": {"method": "POST", "url": "https://api.%s/v2/profile" % dom, "httpVersion": "HTTP/2",
                    "headers": [{"name": "authorization", "value": auth}, {"name": "content-type", "value": "application/json"}],
                    "postData": {"mimeType": "application/json", "text": post}},
        "response": {"status": ch([200, 201, 422]), "statusText": "", "headers": []},
        "serverIPAddress": ipv, "connection": str(R.randint(1000, 99999))}]}}
    text, labels = j.finish(json.dumps(har, ensure_ascii=False, indent=2))
    return text, labels, "en", "har"


def lay_python():
    lang = next_lang()
    bb = B()
    bb.t("# " + ch(L[lang]["NG"]).replace("{x}", "fixtures.py") + "\n")
    bb.t("import pytest\n\nCUSTOMERS = [\n")
    a, b = two_people()
    for p in (a, b):
        ib, ibf = gen_iban(ch(["compact", "compact", "space4"]))
        bb.t('    {"name": "').v("person_name", p["display"], person_form(p)).t('", "iban": "').v("iban", ib, ibf).t('"')
        if R.random() < 0.5:
            cv, cf = gen_card(ch(["compact", "space", "dash"]))
            bb.t(', "card": "').v("credit_card", cv, cf).t('"')
        bb.t("},\n")
    bb.t("]\n\n")
    if R.random() < 0.5:
        bb.t('client = OpenAI(api_key="').v("openai_key", *gen_openai()).t('")\n')
    else:
        bb.t('client = anthropic.Anthropic(api_key="').v("anthropic_key", *gen_anthropic()).t('")\n')
    return bb.text(), bb.labels, lang, "python_code"


def lay_js():
    lang = next_lang()
    bb = B()
    bb.t("// " + ch(L[lang]["NG"]).replace("{x}", "config.js") + "\n")
    bb.t("const config = {\n  apiKey: process.env.ANTHROPIC_API_KEY ?? \"").v("anthropic_key", *gen_anthropic()).t("\",\n")
    e, ef = plain_email()
    bb.t("  supportEmail: '").v("email", e, ef).t("',\n")
    v6, f6 = gen_ipv6(ch(["compressed", "ula", "full"]))
    bb.t("  fallbackHost: \"").v("ipv6", v6, f6).t("\",\n")
    if R.random() < 0.5:
        bb.t("  githubToken: `").v("github_token", *gen_github()).t("`,\n")
    bb.t("  retries: %d,\n};\n\nexport default config;\n" % R.randint(1, 5))
    return bb.text(), bb.labels, lang, "javascript_code"


def lay_stacktrace():
    bb = B()
    e, ef = plain_email()
    if R.random() < 0.5:
        bb.t('Traceback (most recent call last):\n  File "/srv/app/billing/charge.py", line %d, in charge\n    gateway.capture(card=card, amount=amount)\n' % R.randint(20, 300))
        bb.t('  File "/srv/app/billing/gateway.py", line %d, in capture\n    raise PaymentDeclined(f"declined for {email}")\nbilling.errors.PaymentDeclined: declined for ' % R.randint(20, 300))
        bb.v("email", e, ef).t("\n\nLocals:\n  card = '")
        cv, cf = gen_card(ch(["compact", "space"]))
        bb.v("credit_card", cv, cf).t("'\n  amount = %d.%02d\n" % (R.randint(1, 900), R.randint(0, 99)))
        if R.random() < 0.6:
            sv, sf = gen_ssn(ch(["dashes", "bare"]))
            bb.t("  customer_ssn = '").v("ssn", sv, sf).t("'\n")
        bb.t("  client_ip = '").v("ipv4", *gen_ipv4(ch(["public", "private"]))).t("'\n")
        return bb.text(), bb.labels, "en", "python_traceback"
    ib, ibf = gen_iban("compact")
    bb.t("java.lang.IllegalStateException: duplicate account for ").v("email", e, ef).t(" (iban=").v("iban", ib, ibf).t(")\n")
    bb.t("\tat com.%s.accounts.AccountService.open(AccountService.java:%d)\n" % (ch(["acme", "kestrel", "nordlicht"]), R.randint(50, 400)))
    bb.t("\tat com.%s.web.SignupController.submit(SignupController.java:%d)\n" % (ch(["acme", "kestrel", "nordlicht"]), R.randint(20, 200)))
    bb.t("\tat java.base/java.lang.Thread.run(Thread.java:%d)\nCaused by: java.sql.SQLIntegrityConstraintViolationException: remote=" % R.randint(800, 1600))
    v6, f6 = gen_ipv6(ch(["compressed", "v4_tail"]))
    bb.v("ipv6", v6, f6).t("\n")
    return bb.text(), bb.labels, "en", "java_stacktrace"


def ocr_break(s):
    words = s.split(" ")
    out = []
    for w in words:
        if len(w) > 6 and R.random() < 0.25 and "{v}" not in w:
            k = R.randint(2, len(w) - 2)
            out.append(w[:k] + "-\n" + w[k:])
        else:
            out.append(w)
    return "  ".join(out) if R.random() < 0.3 else " ".join(out)


def lay_ocr():
    street = ch(STREETS)
    lang = COUNTRY_LANG[street["country"]]
    bb = B()
    bb.t("[scan p.%d \u2014 OCR]\n%s\n" % (R.randint(1, 3), ch(COMPANIES).upper()))
    v, tail, f, _ = full_address(street)
    bb.v("street_address", v, f).t(tail + "\n")
    ph, pf = gen_phone(ch(["intl_plus", "national", "trunk_paren"]))
    bb.t(ch(["Tel. ", "Tel: ", "T ", "\u260e "])).v("phone", ph, pf).t("\n\n")
    body = ch(L[lang]["NG"]).replace("{x}", ch(["ref. %d" % R.randint(100, 999), "no. %d/%d" % (R.randint(1, 99), R.randint(20, 25))]))
    bb.t(ocr_break(body) + "\n\n")
    p = pick_person(lambda q: q["lang"] == lang) if lang in NAME_SRC else pick_person()
    bb.v("person_name", p["display"], person_form(p)).t("\n")
    ib, ibf = gen_iban(ch(["space4", "space4", "compact"]))
    bb.t(ch(["IBAN: ", "IBAN ", "I BAN: "])).v("iban", ib, ibf).t("\n" + ch(["", "BIC: %sXX%s\n" % (rs(4, UP), rs(2, UP))]))
    return bb.text(), bb.labels, lang, "ocr_scan"


def lay_sms():
    lang = next_lang()
    bb = B()
    ph, pf = gen_phone(ch(["intl_plus", "national", "nbsp", "intl_dash"]))
    bb.t("SMS \u00b7 ").v("phone", ph, pf).t("\n")
    day = ch(["Mon", "Tue", "Wed", "Thu", "Fri"])
    e, ef = gen_email()
    x, y = ch(L[lang]["G"]).replace("{n}", L[lang]["N"]["email"]).split("{v}")
    bb.t("\u2039%s %s\u203a them: " % (day, _ts())).t(x).v("email", e, ef).t(y + "\n")
    bb.t("\u2039%s %s\u203a me: %s\n" % (day, _ts(), ch(["ok", "\U0001F44D", "k", "on it"])))
    sv, sf, _ = street_value()
    x, y = ch(L[lang]["AD"]).split("{v}")
    bb.t("\u2039%s %s\u203a them: " % (day, _ts())).t(x).v("street_address", sv, sf).t(y + "\n")
    return bb.text(), bb.labels, lang, "sms_thread"


def lay_ics():
    lang = next_lang()
    a, b = two_people()
    bb = B()
    nl = "\r\n"
    bb.t("BEGIN:VCALENDAR" + nl + "VERSION:2.0" + nl + "PRODID:-//Tidewell//Planner 4.2//EN" + nl + "BEGIN:VEVENT" + nl)
    bb.t("UID:%s-%s-%s" % (rs(8, HEX), rs(4, HEX), rs(12, HEX)) + nl)
    bb.t("DTSTART:2025%02d%02dT%02d0000Z" % (R.randint(1, 12), R.randint(1, 28), R.randint(6, 18)) + nl)
    bb.t("SUMMARY:" + ch(L[lang]["NG"]).replace("{x}", ch(["Q3 review", "handover", "kick-off"])) + nl)
    e1, f1 = gen_email("plain", a)
    e2, f2 = gen_email("plain", b)
    bb.t("ORGANIZER;CN=").v("person_name", a["display"], person_form(a)).t(":mailto:").v("email", e1, f1).t(nl)
    bb.t("ATTENDEE;CN=").v("person_name", b["display"], person_form(b)).t(";ROLE=REQ-PARTICIPANT:mailto:").v("email", e2, f2).t(nl)
    st = ch([s for s in STREETS if s["style"] != "comma" and s["country"] != "IT"])
    v, tail, f, _ = full_address(st)
    bb.t("LOCATION:").v("street_address", v, f).t(tail.replace(",", "\\,") + nl)
    ph, pf = gen_phone(ch(["intl_plus", "intl_00"]))
    bb.t("DESCRIPTION:Dial-in ").v("phone", ph, pf).t(" PIN %d#" % R.randint(1000, 999999) + nl)
    bb.t("END:VEVENT" + nl + "END:VCALENDAR" + nl)
    return bb.text(), bb.labels, lang, "calendar_invite"


def lay_tsv():
    lang = next_lang()
    bb = B()
    bb.t(ch(L[lang]["NG"]).replace("{x}", ch(["Sheet1", "export.xlsx", "payroll tab"])) + "\n")
    bb.t("id\tname\tiban\tphone\tteam\n")
    used = []
    for i in range(R.randint(2, 4)):
        p = pick_person(lambda q: q["display"] not in used and all(q["given"] not in u and q["family"] not in u for u in used))
        used.append(p["display"])
        ib, ibf = gen_iban(ch(["compact", "space4"]))
        ph, pf = plain_phone()
        bb.t("%d\t" % (R.randint(100, 999))).v("person_name", p["display"], person_form(p)).t("\t").v("iban", ib, ibf).t("\t")
        bb.v("phone", ph, pf).t("\t%s\n" % ch(["ops", "sales", "R&D", "support"]))
    return bb.text(), bb.labels, lang, "spreadsheet_paste"


STMT = {"de": ("Kontoauszug", "Kontoinhaber", "Datum", "Buchungstext", "Betrag"),
        "en": ("Statement", "Account holder", "Date", "Description", "Amount"),
        "fr": ("Relevé de compte", "Titulaire", "Date", "Libellé", "Montant"),
        "es": ("Extracto", "Titular", "Fecha", "Concepto", "Importe"),
        "it": ("Estratto conto", "Intestatario", "Data", "Descrizione", "Importo"),
        "nl": ("Rekeningafschrift", "Rekeninghouder", "Datum", "Omschrijving", "Bedrag"),
        "pl": ("Wyciąg", "Właściciel", "Data", "Opis", "Kwota"),
        "pt": ("Extrato", "Titular", "Data", "Descrição", "Valor")}


def lay_bank():
    lang = ch(sorted(STMT))
    title, holder, dt, desc, amt = STMT[lang]
    a, b = two_people(lang)
    bb = B()
    mo = R.randint(1, 12)
    bb.t("%s %02d/2025\n%s: " % (title, mo, holder)).v("person_name", a["display"], person_form(a)).t("\nIBAN: ")
    ib, ibf = gen_iban(ch(["space4", "compact"]), cc=ch(["DE", "FR", "ES", "IT", "NL", "PL", "PT", "AT", "BE"]))
    bb.v("iban", ib, ibf).t("\n\n%-12s%-46s%s\n" % (dt, desc, amt))
    ib2, ib2f = gen_iban("compact")
    bb.t("%02d.%02d.2025  SEPA " % (R.randint(1, 9), mo)).v("person_name", b["display"], person_form(b)).t(" ").v("iban", ib2, ib2f)
    bb.t("   -%d,%02d\n" % (R.randint(10, 2000), R.randint(0, 99)))
    bb.t("%02d.%02d.2025  POS ****%s %s   -%d,%02d\n" % (R.randint(10, 19), mo, rs(4, DIG), ch(["BAKERY", "PHARMACY", "FUEL"]), R.randint(2, 90), R.randint(0, 99)))
    if R.random() < 0.6:
        cv, cf = gen_card(ch(["space", "compact"]))
        bb.t("%02d.%02d.2025  REFUND card " % (R.randint(20, 28), mo)).v("credit_card", cv, cf).t("   %d,%02d\n" % (R.randint(2, 90), R.randint(0, 99)))
    return bb.text(), bb.labels, lang, "bank_statement"


INTAKE = {"en": ("PATIENT INTAKE FORM", "Name", "Date of birth", "Phone", "Address", "Emergency contact", "Allergies", "none known"),
          "es": ("FORMULARIO DE ADMISIÓN", "Nombre", "Fecha de nacimiento", "Teléfono", "Dirección", "Contacto de emergencia", "Alergias", "ninguna"),
          "de": ("PATIENTENAUFNAHME", "Name", "Geburtsdatum", "Telefon", "Adresse", "Notfallkontakt", "Allergien", "keine bekannt"),
          "fr": ("FICHE D'ADMISSION", "Nom", "Date de naissance", "Téléphone", "Adresse", "Contact d'urgence", "Allergies", "aucune"),
          "vi": ("PHIẾU TIẾP NHẬN", "Họ tên", "Ngày sinh", "Điện thoại", "Địa chỉ", "Liên hệ khẩn cấp", "Dị ứng", "không")}


def lay_intake():
    lang = ch(sorted(INTAKE))
    T = INTAKE[lang]
    a, b = two_people(lang)
    bb = B()
    bb.t(T[0] + "\n\n%s: " % T[1]).v("person_name", a["display"], person_form(a))
    bb.t("\n%s: %04d-%02d-%02d\nSSN: " % (T[2], R.randint(1940, 2010), R.randint(1, 12), R.randint(1, 28)))
    sv, sf = gen_ssn()
    bb.v("ssn", sv, sf).t("\n%s: " % T[3])
    ph, pf = gen_phone(ch(["national", "intl_plus", "area_brackets"]))
    bb.v("phone", ph, pf).t("\n%s: " % T[4])
    st = ch([s for s in STREETS if s["country"] == "US"]) if R.random() < 0.5 else ch(STREETS)
    v, tail, f, _ = full_address(st)
    bb.v("street_address", v, f).t(tail + "\n%s: " % T[5]).v("person_name", b["display"], person_form(b)).t(" (")
    ph2, pf2 = plain_phone()
    bb.v("phone", ph2, pf2).t(")\n%s: %s\n" % (T[6], T[7]))
    return bb.text(), bb.labels, lang, "medical_intake"


MIXED_PAIRS = []


def lay_mixed_chat():
    la = next_lang()
    lb = ch([x for x in LANGS if x != la])
    bb = B()
    h1, h2 = ch(CHAT_HANDLES), ch(CHAT_HANDLES[::-1])
    if h1 == h2:
        h2 = h2 + "_"
    e, ef = gen_email()
    x, y = ch(L[la]["G"]).replace("{n}", L[la]["N"]["email"]).split("{v}")
    bb.t("[%s] %s: " % (_ts(), h1)).t(x).v("email", e, ef).t(y + "\n")
    ph, pf = gen_phone()
    x, y = ch(L[lb]["G"]).replace("{n}", L[lb]["N"]["phone"]).split("{v}")
    if pf == "tel_link":
        ph, pf = gen_phone("intl_plus")
    bb.t("[%s] %s: " % (_ts(), h2)).t(x).v("phone", ph, pf).t(y + "\n")
    p = pick_person(lambda q: q["lang"] in (la, lb)) if any(q["lang"] in (la, lb) for q in NAMES) else pick_person()
    x, y = ch(L[la]["NM"]).split("{v}")
    bb.t("[%s] %s: " % (_ts(), h1)).t(x).v("person_name", p["display"], person_form(p)).t(y + "\n")
    MIXED_PAIRS.append(la + "+" + lb)
    return bb.text(), bb.labels, la, "mixed_language_chat"


LAYOUTS = [("slack_export_json", lay_slack), ("meeting_transcript", lay_transcript), ("markdown_table", lay_mdtable),
           ("journald_jsonl", lay_journald), ("kubernetes_secret", lay_k8s), ("terraform_hcl", lay_terraform),
           ("har_fragment", lay_har), ("python_fixture", lay_python), ("js_config", lay_js),
           ("stack_trace", lay_stacktrace), ("ocr_scan", lay_ocr), ("sms_thread", lay_sms),
           ("calendar_ics", lay_ics), ("spreadsheet_tsv", lay_tsv), ("bank_statement", lay_bank),
           ("medical_intake", lay_intake), ("mixed_language_chat", lay_mixed_chat)]

# ---------------------------------------------------------------------------
# main
# ---------------------------------------------------------------------------
SEEN = set()
REJECTS = {}
ACCEPTED_MIXED = []


def draw(fn, tries=600):
    for _ in range(tries):
        text, labels, lang, form, ctx = fn()
        if text in SEEN:
            REJECTS["duplicate"] = REJECTS.get("duplicate", 0) + 1
            continue
        why = check_sample(text, labels)
        if why is None:
            SEEN.add(text)
            if ctx == "mixed_language_chat":
                ACCEPTED_MIXED.append(MIXED_PAIRS[-1])
            return {"text": text, "labels": labels, "lang": lang, "form": form, "context": ctx}
        k = why.split(":")[0] + (":" + why.split(":")[1] if why.startswith("scan") or why.startswith("invalid") else "")
        REJECTS[k] = REJECTS.get(k, 0) + 1
    raise RuntimeError("no valid draw for %r (last reason %s)" % (fn, why))


def main():
    npos, nneg = scanner_selftest()
    singles, multis, negs = [], [], []
    for det, n, forms in SINGLE_PLAN:
        for f in single_forms(det, n, forms):
            singles.append(draw(lambda det=det, f=f: build_single(det, f)))
    per_layout = 18
    for name, fn in LAYOUTS:
        for _ in range(per_layout):
            def mk(fn=fn, name=name):
                text, labels, lang, ctx = fn()
                return text, labels, lang, name, ctx
            multis.append(draw(mk))
    for i, (kind, fn) in enumerate(NEG_KINDS):
        n = 27 if i < 14 else 26
        for _ in range(n):
            negs.append(draw(lambda kind=kind, fn=fn: build_negative(kind, fn)))
    samples = singles + multis + negs
    R.shuffle(samples)
    path = os.path.join(HERE, "heldout10.jsonl")
    data = "".join(json.dumps(s, ensure_ascii=False) + "\n" for s in samples).encode("utf-8")
    with open(path, "wb") as fh:
        fh.write(data)
    sha = hashlib.sha256(data).hexdigest()
    write_readme(samples, singles, multis, negs, sha, npos, nneg)
    print(len(samples))
    print(sha)


def count(items):
    d = {}
    for x in items:
        d[x] = d.get(x, 0) + 1
    return d


def table(d, h1, h2="count"):
    rows = ["| %s | %s |" % (h1, h2), "|---|---|"]
    for k in sorted(d):
        rows.append("| %s | %d |" % (k, d[k]))
    return "\n".join(rows)


def write_readme(samples, singles, multis, negs, sha, npos, nneg):
    all_labels = [lb for s in samples for lb in s["labels"]]
    det_counts = count(lb["detector"] for lb in all_labels)
    det_form = count("%s / %s" % (lb["detector"], lb["form"]) for lb in all_labels)
    langs = count(s["lang"] for s in samples)
    ctxs = count(s["context"] for s in samples)
    lays = count(s["form"] for s in multis)
    negk = count(s["form"] for s in negs)
    name_langs = sorted(set(p["lang"] for p in NAMES))
    street_cc = sorted(set(s["country"] for s in STREETS))
    per_multi = count(len(s["labels"]) for s in multis)
    out = []
    out.append("# heldout10 \u2014 blind held-out PII test corpus (tenth)\n")
    out.append("## Provenance\n")
    out.append("Written blind from the brief `COMMON10.md` only. No detector source, no other corpus, no git history and "
               "no other file of the project was read. Every sentence frame, layout, name combination, street, domain, "
               "company and negative was written for this corpus. Person names are real common given and family names "
               "combined at random by the generator; streets and domains are invented.\n")
    out.append("## Generator\n")
    out.append("`make_heldout10.py` \u2014 Python 3, standard library only, no input files, `SEED = %d`, one `random.Random` "
               "instance, no iteration over sets, dict keys sorted where picked. Run `python3 make_heldout10.py`; it writes "
               "`heldout10.jsonl` and this README and prints the sample count and SHA-256. Output was checked to be "
               "byte-identical for `PYTHONHASHSEED=1` and `PYTHONHASHSEED=2`.\n" % SEED)
    out.append("## Counts\n")
    out.append("- samples: **%d**\n- single-value samples: %d\n- multi-value samples: %d (%d layouts)\n- hard negatives: %d (%d kinds)\n"
               "- labels: %d\n- SHA-256 of `heldout10.jsonl`: `%s`\n" % (len(samples), len(singles), len(multis), len(lays), len(negs),
                                                                            len(negk), len(all_labels), sha))
    out.append("## Format\n")
    out.append("One JSON object per line, UTF-8, `ensure_ascii=False`:\n`{\"text\", \"labels\": [{\"detector\", \"value\", \"form\"}], "
               "\"lang\", \"form\", \"context\"}`. `labels: []` marks a hard negative. Sample `form` is the label form for "
               "single-value samples, the layout name for multi-value samples and the look-alike kind for negatives. "
               "`lang` is the ISO 639-1 code of the prose (for `mixed_language_chat` the first speaker language; the "
               "second language is listed below). `context` is the kind of text; for single-value secrets pasted as a "
               "config line it carries a `+config_line` suffix, for private keys `+<layout>`.\n\n"
               "Values inside JSON layouts (Slack export, HAR, journald, JSON-escaped keys) are labelled as they appear in "
               "the text, i.e. JSON-escaped (`\\n` for newlines in a key block).\n")
    out.append("## What each label covers\n")
    out.append("The conventions of the brief are followed: email = the address alone (no `mailto:`, `<>`, query), obfuscated forms "
               "as written; phone = the number with its own separators / `+` / `00` / `(0)` / area brackets, never a bare national "
               "digit run, `tel:` links label the part after `tel:`; credit_card = Luhn-valid PAN with brand IIN and length; "
               "ssn = AAA-GG-SSSS (dashes, spaces, dots or bare) and every SSN text contains `SSN`/`ssn` or `social security number`; "
               "iban = whole IBAN; ipv4/ipv6 = the address only (port, `/prefix`, brackets and `%zone` outside); keys and tokens = "
               "the token only; after `Authorization: Bearer` a JWT is labelled `jwt` and an OpenAI key `openai_key` only; "
               "private_key = the whole block from BEGIN to END as written; person_name = the name only (titles and honorific "
               "suffixes outside); street_address = street + house number only (postcode, city, floor outside).\n")
    out.append("## Checks (a draw is thrown away when one fails)\n")
    out.append("1. every value is a substring and occurs exactly as often as it is labelled (overlapping occurrences counted); "
               "no two labelled spans overlap;\n"
               "2. per-detector validity: Luhn + brand IIN + length; IBAN country length, BBAN shape and mod-97 (BE, FR and ES "
               "national check digits are also computed); SSN ranges (area 001\u2013899 without 666, group 01\u201399, serial "
               "0001\u20139999); IPv4 octets without leading zeros and outside documentation, loopback, 0/8, link-local, CGNAT, "
               "benchmark, multicast/reserved and netmask shapes (and not ending .0/.255); IPv6 parses with `ipaddress` and is "
               "outside 2001:db8::/32, 2001::/23, loopback, unspecified, multicast (embedded IPv4 tails checked like IPv4); key "
               "shapes by regex; JWT header (and for standard forms payload) decode as JSON, header has a known `alg`, signature "
               "byte length matches the alg; `jose_*` forms only need a JOSE header; private-key bodies are base64 with a DER "
               "structure that parses completely (PKCS#1, PKCS#8, SEC1, PBES2 encrypted PKCS#8) or a complete `openssh-key-v1` "
               "container; person names must be pool combinations; streets must be pool streets with a number;\n"
               "3. no well-known sample values (test PANs, AKIAIOSFODNN7EXAMPLE, 078-05-1120 and other famous SSNs, jwt.io "
               "token segments, textbook IBANs), checked also with separators removed; no forbidden IPv4 anywhere in the text "
               "(including defanged quads and IPv4 tails);\n"
               "4. with labelled values masked out, a conservative scanner finds nothing: emails (plain, ` @ `, `[at]`, `(at)`, "
               "` at \u2026 dot \u2026`, `[.]`, full-width `\uff20`, U+200B), Luhn-valid digit runs of 13\u201319 digits (whole run and "
               "every group-aligned window), valid IBANs, dotted quads incl. defanged, parseable IPv6, `sk-`/AKIA/ASIA/gh*_/"
               "github_pat_ shapes, BEGIN \u2026 PRIVATE KEY, OpenSSH key magic, JOSE-header JWTs, qualifying Bearer tokens, "
               "`+`/`00` phone shapes, trunk-0 national and NANP shapes, valid SSNs when SSN wording is present, every pool name "
               "in both orders (case-insensitive, also without space for CJK/Hangul), every pool street next to a number. The "
               "same scan runs over every hard negative. Duplicate texts are rejected.\n"
               "The scanner is self-tested on start-up (%d strings it must flag, %d it must not).\n" % (npos, nneg))
    out.append("Discarded draws by reason: " + ", ".join("%s %d" % (k, REJECTS[k]) for k in sorted(REJECTS)) + ".\n")
    out.append("## Labels per detector\n")
    out.append(table(det_counts, "detector", "labels") + "\n")
    out.append("## Labels per detector and form\n")
    out.append(table(det_form, "detector / form", "labels") + "\n")
    out.append("## Multi-value layouts\n")
    out.append(table(lays, "layout", "samples") + "\n\nLabels per multi-value sample: " +
               ", ".join("%d values: %d" % (k, per_multi[k]) for k in sorted(per_multi)) + ".\n")
    out.append("Language pairs (first speaker + second speaker) in `mixed_language_chat`: " + ", ".join(ACCEPTED_MIXED) + ".\n")
    out.append("## Hard-negative kinds\n")
    out.append(table(negk, "kind", "samples") + "\n")
    out.append("## Languages (`lang`)\n")
    out.append("%d languages. " % len(langs) + ", ".join("%s %d" % (k, langs[k]) for k in sorted(langs)) + "\n")
    out.append("## Contexts\n")
    out.append(table(ctxs, "context", "samples") + "\n")
    out.append("## Pools\n")
    out.append("- person names: %d combinations over %d languages (%s); given and family names drawn at random from per-language "
               "lists of common names (gender-matched family forms for pl, cs, ru, bg), a few placeholder-like combinations are blocked.\n"
               "- streets: %d invented street names (plants, landscape, trades; none named after a person) in %d countries (%s), "
               "each with the local house-number style (number after, number first, `, 14`, `812/3`, `12a`, `12-14`, `12 bis`).\n"
               "- domains: %d invented domains; companies: %d invented company names; chat handles: %d.\n" % (
                   len(NAMES), len(name_langs), ", ".join(name_langs), len(STREETS), len(street_cc), ", ".join(street_cc),
                   len(DOMAINS), len(COMPANIES), len(CHAT_HANDLES)))
    out.append("## Notes and limits\n")
    out.append("- Private-key bodies are structurally correct DER / OpenSSH containers filled with random numbers; they are not "
               "mathematically consistent keys (RSA n = p\u00b7q holds, but p and q are not prime).\n"
               "- Hard negatives wrap one look-alike in a sentence frame of a random language; the frames themselves were scanned "
               "like everything else.\n"
               "- Names that are also ordinary words, cities or companies in unlabelled text are not searched for beyond the pool "
               "scan described above.\n")
    with open(os.path.join(HERE, "README.md"), "w", encoding="utf-8") as fh:
        fh.write("\n".join(out))


if __name__ == "__main__":
    main()
