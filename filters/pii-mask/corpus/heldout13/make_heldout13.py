#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""make_heldout13.py -- blind held-out PII test corpus number 13.

Written from the brief only.  Standard library only, no input files,
deterministic (SEED = 131313): every random draw comes from one
random.Random(SEED); no set is ever iterated and dict keys are sorted
before picking, so the output is byte-identical under any PYTHONHASHSEED.

Writes heldout13.jsonl and README.md next to this script and prints the
sample count and the SHA-256 of heldout13.jsonl.
"""
import base64
import hashlib
import ipaddress
import json
import os
import random
import re
import sys
import unicodedata
import zlib

SEED = 131313
HERE = os.path.dirname(os.path.abspath(__file__))
R = random.Random(SEED)

# ---------------------------------------------------------------------------
# small helpers
# ---------------------------------------------------------------------------
UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
LOWER = "abcdefghijklmnopqrstuvwxyz"
DIGITS = "0123456789"
ALNUM = UPPER + LOWER + DIGITS
B64URL = ALNUM + "-_"
B32 = UPPER + "234567"
HEXL = "0123456789abcdef"


def rs(chars, n):
    return "".join(R.choice(chars) for _ in range(n))


def chance(p):
    return R.random() < p


def pick(seq):
    return seq[R.randrange(len(seq))]


def pick_key(d):
    return pick(sorted(d))


def rbytes(n):
    return bytes(R.getrandbits(8) for _ in range(n))


def b64u(b):
    return base64.urlsafe_b64encode(b).decode("ascii").rstrip("=")


def b64u_dec(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


FW_DIGITS = {ord(c): ord(c) + 0xFEE0 for c in "0123456789+"}
FW_BACK = {ord(c) + 0xFEE0: ord(c) for c in "0123456789+@()-."}


def to_fullwidth(s):
    return s.translate(FW_DIGITS)


SPECIAL_FOLD = {"ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ł": "l",
                "Ł": "L", "đ": "d", "Đ": "D", "ı": "i", "œ": "oe", "ð": "d",
                "þ": "th"}


def fold(s):
    s = "".join(SPECIAL_FOLD.get(c, c) for c in s)
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c) and ord(c) < 128)


def is_latin(s):
    for c in s:
        if c.isalpha() and "LATIN" not in unicodedata.name(c, ""):
            return False
    return True


def count_overlapping(text, sub):
    n, i = 0, text.find(sub)
    while i != -1:
        n += 1
        i = text.find(sub, i + 1)
    return n


# ---------------------------------------------------------------------------
# pools: person names (real common given and family names, combined at
# random), invented streets, invented domains
# ---------------------------------------------------------------------------
# order: gf = given family, fg = family given.  sep: between the two parts.
NAME_SRC = {
    "en": dict(m=["James", "Daniel", "Marcus", "Owen", "Nathan", "Gareth"],
               f=["Emily", "Hannah", "Rachel", "Megan", "Laura", "Chloe"],
               fam=["Whitfield", "Carver", "Holloway", "Pennington", "Ashby",
                    "Brennan", "Caldwell", "Thornton", "Mercer", "Fairbanks"]),
    "de": dict(m=["Jörg", "Lukas", "Matthias", "Tobias", "Florian"],
               f=["Katrin", "Sabine", "Anja", "Birgit", "Ulrike"],
               fam=["Hartmann", "Vogel", "Brandt", "Kessler", "Lindner", "Pohl",
                    "Seidel", "Franke", "von Bergen", "Kühn"]),
    "fr": dict(m=["Julien", "Mathieu", "Nicolas", "Thibault", "Yannick"],
               f=["Camille", "Élodie", "Aurélie", "Sandrine", "Maëlle"],
               fam=["Roussel", "Lefebvre", "Garnier", "Chevalier", "Perrin",
                    "Marchand", "Fontaine", "Barbier", "Delaunay", "Le Guennec"]),
    "es": dict(m=["Javier", "Sergio", "Álvaro", "Rubén", "Iñaki"],
               f=["Lucía", "Carmen", "Nuria", "Pilar", "Marta"],
               fam=["Fernández", "Navarro", "Ortega", "Delgado", "Castillo",
                    "Morales", "Romero", "Vidal", "de la Fuente", "Iglesias"],
               compound=True),
    "it": dict(m=["Alessandro", "Lorenzo", "Matteo", "Davide", "Stefano"],
               f=["Giulia", "Chiara", "Francesca", "Elena", "Silvia"],
               fam=["Ferrara", "Colombo", "Greco", "Marchetti", "Rinaldi",
                    "Galli", "Conti", "De Santis", "Di Stefano", "Bellini"]),
    "pt": dict(m=["Tiago", "Rui", "Gonçalo", "Duarte", "João"],
               f=["Inês", "Beatriz", "Mariana", "Catarina", "Joana"],
               fam=["Ferreira", "Carvalho", "Sousa", "Pinto", "Teixeira",
                    "Correia", "Moreira", "da Costa", "dos Santos", "Lopes"],
               compound=True),
    "nl": dict(m=["Joris", "Bram", "Daan", "Ruben", "Thijs"],
               f=["Sanne", "Femke", "Lotte", "Anouk", "Marloes"],
               fam=["de Vries", "van Dijk", "Bakker", "Visser", "Smit", "Meijer",
                    "de Boer", "van Leeuwen", "van der Linden", "Mulder"]),
    "pl": dict(m=["Tomasz", "Paweł", "Krzysztof", "Michał", "Marek"],
               f=["Agnieszka", "Katarzyna", "Magdalena", "Joanna", "Ewa"],
               fam=["Nowak", "Wójcik", "Kowalczyk", "Kaczmarek", "Mazur",
                    "Krawczyk", "Zając", "Król"]),
    "cs": dict(m=["Jakub", "Petr", "Ondřej", "Tomáš"],
               f=["Tereza", "Lucie", "Kateřina", "Veronika"],
               fam_m=["Novák", "Dvořák", "Procházka", "Kučera", "Veselý", "Horák"],
               fam_f=["Nováková", "Dvořáková", "Procházková", "Kučerová", "Veselá",
                      "Horáková"]),
    "sv": dict(m=["Erik", "Johan", "Anders", "Mattias"],
               f=["Karin", "Linnea", "Maja", "Ingela"],
               fam=["Lindqvist", "Bergström", "Nyberg", "Holmgren", "Sandberg",
                    "Ekström"]),
    "da": dict(m=["Rasmus", "Mads", "Søren", "Kasper"],
               f=["Mette", "Signe", "Freja", "Pernille"],
               fam=["Jørgensen", "Mikkelsen", "Lauridsen", "Bech", "Østergaard",
                    "Thomsen"]),
    "no": dict(m=["Håkon", "Eirik", "Sindre", "Øyvind"],
               f=["Ingrid", "Solveig", "Marit", "Kari"],
               fam=["Haugen", "Bakke", "Solberg", "Lunde", "Moen", "Strand"]),
    "fi": dict(m=["Mikko", "Juha", "Antti", "Teemu"],
               f=["Aino", "Sanna", "Riikka", "Tiina"],
               fam=["Virtanen", "Mäkinen", "Heikkinen", "Koskinen", "Laaksonen",
                    "Järvinen"]),
    "hu": dict(m=["László", "Gábor", "Zoltán", "Péter"],
               f=["Eszter", "Katalin", "Zsófia", "Réka"],
               fam=["Nagy", "Kovács", "Tóth", "Szabó", "Horváth", "Varga", "Molnár"],
               order="fg"),
    "ro": dict(m=["Andrei", "Mihai", "Bogdan", "Radu"],
               f=["Ioana", "Alina", "Roxana", "Diana"],
               fam=["Popescu", "Ionescu", "Dumitru", "Stan", "Munteanu",
                    "Constantinescu"]),
    "hr": dict(m=["Ivan", "Marko", "Luka", "Tomislav"],
               f=["Ivana", "Petra", "Maja", "Ana"],
               fam=["Horvat", "Kovačević", "Babić", "Marić", "Jurić", "Knežević"]),
    "tr": dict(m=["Mehmet", "Emre", "Burak", "Kerem"],
               f=["Elif", "Zeynep", "Ayşe", "Derya"],
               fam=["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Aydın", "Öztürk"]),
    "el": dict(m=["Γιώργος", "Νίκος", "Δημήτρης", "Κώστας"],
               f=["Μαρία", "Ελένη", "Κατερίνα", "Σοφία"],
               fam_m=["Παπαδόπουλος", "Οικονόμου", "Γεωργίου", "Νικολάου", "Μαυρίδης"],
               fam_f=["Παπαδοπούλου", "Οικονόμου", "Γεωργίου", "Νικολάου", "Μαυρίδου"]),
    "ru": dict(m=["Алексей", "Дмитрий", "Сергей", "Игорь"],
               f=["Ольга", "Наталья", "Екатерина", "Ирина"],
               fam_m=["Смирнов", "Кузнецов", "Попов", "Соколов", "Лебедев", "Морозов"],
               fam_f=["Смирнова", "Кузнецова", "Попова", "Соколова", "Лебедева",
                      "Морозова"]),
    "uk": dict(m=["Олександр", "Тарас", "Андрій", "Богдан"],
               f=["Оксана", "Ірина", "Наталія", "Олена"],
               fam=["Шевчук", "Коваленко", "Бондаренко", "Ткаченко", "Мельник",
                    "Кравчук"]),
    "ar": dict(m=["أحمد", "عمر", "خالد", "يوسف"],
               f=["فاطمة", "مريم", "ليلى", "نور"],
               fam=["الحداد", "الخطيب", "النجار", "الشامي", "العطار", "البزاز"]),
    "he": dict(m=["יוסי", "אבי", "דניאל", "איתי"],
               f=["נועה", "מיכל", "שירה", "רותם"],
               fam=["כהן", "לוי", "מזרחי", "פרץ", "ביטון", "אברהם"]),
    "fa": dict(m=["رضا", "مهدی", "امیر", "حسین"],
               f=["زهرا", "مریم", "سارا", "نگار"],
               fam=["محمدی", "حسینی", "رضایی", "کریمی", "احمدی", "موسوی"]),
    "hi": dict(m=["राहुल", "अमित", "विकास", "संजय"],
               f=["प्रिया", "नेहा", "पूजा", "अंजलि"],
               fam=["शर्मा", "वर्मा", "गुप्ता", "मिश्रा", "पटेल", "जोशी"]),
    "bn": dict(m=["অর্ণব", "সৌরভ", "তানভীর", "রফিক"],
               f=["তানিয়া", "নুসরাত", "মৌমিতা", "ফারহানা"],
               fam=["রহমান", "চৌধুরী", "হোসেন", "দাস", "বসু", "ইসলাম"]),
    "ja": dict(m=["翔太", "大輔", "健一", "拓也"],
               f=["美咲", "陽子", "優子", "彩香"],
               fam=["佐藤", "鈴木", "高橋", "田中", "渡辺", "伊藤", "山本", "中村"],
               order="fg"),
    "zh": dict(m=["俊杰", "志明", "浩然", "宇航"],
               f=["丽娟", "婷婷", "雪梅", "晓燕"],
               fam=["王", "张", "刘", "陈", "杨", "赵", "黄", "周"],
               order="fg", sep=""),
    "ko": dict(m=["민준", "지훈", "현우", "성민"],
               f=["지은", "서연", "민지", "수빈"],
               fam=["김", "이", "박", "최", "정", "강"],
               order="fg", sep=""),
    "vi": dict(m=["Văn Minh", "Đức Anh", "Quốc Bảo", "Hữu Phước"],
               f=["Thị Lan", "Thu Hà", "Ngọc Anh", "Bích Ngọc"],
               fam=["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ"],
               order="fg"),
    "th": dict(m=["สมชาย", "ธนากร", "ปกรณ์", "วีรพงษ์"],
               f=["สุดารัตน์", "กมลชนก", "พิมพ์ชนก", "ศิริพร"],
               fam=["ศรีสุข", "วงศ์ใหญ่", "แสงทอง", "บุญมา", "ทองดี", "จันทร์เพ็ญ"]),
    "id": dict(m=["Budi", "Agus", "Rizky", "Dimas"],
               f=["Dewi", "Putri", "Rina", "Ayu"],
               fam=["Santoso", "Wijaya", "Hidayat", "Saputra", "Kurniawan", "Pratama"]),
    "sw": dict(m=["Baraka", "Juma", "Hamisi", "Mosi"],
               f=["Amani", "Zawadi", "Neema", "Rehema"],
               fam=["Mwangi", "Otieno", "Kamau", "Njoroge", "Mutua", "Odhiambo"]),
    "ca": dict(m=["Jordi", "Pau", "Oriol", "Marc"],
               f=["Montserrat", "Laia", "Núria", "Mireia"],
               fam=["Puig", "Soler", "Vila", "Ferrer", "Font", "Serra", "Riera"],
               compound=True),
}
PARTICLES = ("van", "von", "de", "da", "dos", "das", "di", "del", "der", "den", "le", "la", "du")


def build_people():
    people = []
    seen = []
    for lang in sorted(NAME_SRC):
        src = NAME_SRC[lang]
        order = src.get("order", "gf")
        sep = src.get("sep", " ")
        made = 0
        guard = 0
        while made < 8 and guard < 500:
            guard += 1
            gender = pick(["m", "f"])
            given = pick(src[gender])
            fams = src.get("fam_" + gender) or src["fam"]
            family = pick(fams)
            compound = False
            if src.get("compound") and made in (2, 5, 7):
                second = pick(fams)
                if second == family or " " in second or " " in family:
                    continue
                family = family + (" i " if lang == "ca" else " ") + second
                compound = True
            key = (given, family)
            if key in seen:
                continue
            # keep the Chinese and Korean pools clear of obvious famous pairs
            seen.append(key)
            first_tok = family.split(" ")[0].lower()
            people.append(dict(lang=lang, given=given, family=family, gender=gender,
                               order=order, sep=(pick(["", " "]) if lang == "ja" else sep),
                               latin=is_latin(given + family),
                               particle=(" " in family and first_tok in PARTICLES),
                               compound=compound))
            made += 1
    return people


PEOPLE = build_people()

# Invented street names (no person names), by country: (cc, lang, style, name)
# style: after = "Name 12", comma = "Name, 12", before = "12 Name",
#        tr = "Name No: 12", ru = "Name, д. 12"
STREET_SRC = [
    ("DE", "de", "after", ["Birkenhainweg", "Am Kiesgrund", "Holunderstieg", "Mühlbachweg",
                           "Eschenwinkel", "Kranichsteg"]),
    ("AT", "de", "after", ["Zwetschkengasse", "Föhrenhofweg", "Marillengasse", "Am Lerchenfeld",
                           "Schilfrohrgasse"]),
    ("CH", "de", "after", ["Seeblickstrasse", "Rebhaldenweg", "Kirschgartenweg", "Alpenrosenstrasse"]),
    ("FR", "fr", "before", ["rue des Trois Saules", "avenue du Vieux Moulin", "impasse des Glycines",
                            "chemin de la Source Claire", "allée des Hirondelles",
                            "boulevard des Coquelicots"]),
    ("BE", "fr", "after", ["Rue des Alouettes", "Rue du Bois Joli", "Avenue des Genêts"]),
    ("BE", "nl", "after", ["Meidoornstraat", "Kouterdreef", "Lindekensstraat"]),
    ("NL", "nl", "after", ["Kastanjegaard", "Zeilmakerskade", "Watermolenpad", "Lisdoddestraat",
                           "Meeuwenhof", "Korenbloemlaan"]),
    ("ES", "es", "comma", ["Calle del Olivar Viejo", "Calle de las Azucenas", "Avenida de los Almendros",
                           "Paseo de la Alameda Verde", "Travesía de las Eras"]),
    ("ES", "ca", "comma", ["Carrer de les Moreres", "Passatge del Rierol", "Carrer dels Til·lers",
                           "Rambla de les Oliveres"]),
    ("IT", "it", "comma", ["Via dei Gelsi Rossi", "Via delle Ginestre", "Viale dei Pini Marittimi",
                           "Vicolo del Pozzo Antico", "Via della Fontana Vecchia"]),
    ("PT", "pt", "comma", ["Rua das Acácias Brancas", "Travessa do Moinho Velho", "Avenida das Laranjeiras",
                           "Rua da Fonte Nova", "Largo das Oliveiras"]),
    ("BR", "pt", "comma", ["Rua das Palmeiras Altas", "Avenida dos Ipês Amarelos", "Rua do Cajueiro",
                           "Alameda das Bromélias", "Rua das Cigarras"]),
    ("MX", "es", "after", ["Calle Jacarandas", "Avenida de los Fresnos", "Calle del Colibrí",
                           "Privada de los Nogales"]),
    ("AR", "es", "after", ["Calle Los Aromos", "Pasaje Las Magnolias", "Avenida del Ombú", "Calle Los Talas"]),
    ("PL", "pl", "after", ["ul. Jaśminowa", "ul. Wrzosowa", "ul. Konwaliowa", "ul. Modrzewiowa",
                           "ul. Nad Potokiem"]),
    ("CZ", "cs", "after", ["Lipová", "Pod Vinicí", "Třešňová", "Na Výsluní", "Kaštanová"]),
    ("SK", "cs", "after", ["Javorová", "Pod Hájom", "Orgovánová", "Jarabinová"]),
    ("SE", "sv", "after", ["Björkhagsvägen", "Lingonstigen", "Sjöbrisgatan", "Tallbacksvägen",
                           "Hagtornsgränd"]),
    ("DK", "da", "after", ["Solsikkevej", "Bøgeskovvej", "Hyldebærvej", "Lærkevænget"]),
    ("NO", "no", "after", ["Multebærstien", "Furulivegen", "Fjordgløttveien", "Granåsvegen"]),
    ("FI", "fi", "after", ["Kuusikkotie", "Pihlajapolku", "Kanervakuja", "Koivurinne", "Lähdekatu"]),
    ("HU", "hu", "after", ["Hársfa utca", "Diófa sor", "Pipacs köz", "Gesztenyés út", "Szőlőhegy utca"]),
    ("RO", "ro", "after", ["Strada Plopilor", "Aleea Castanilor", "Strada Fagului", "Calea Izvorului"]),
    ("HR", "hr", "after", ["Lipova ulica", "Maslinska ulica", "Put Vinograda", "Ulica Lavande"]),
    ("TR", "tr", "tr", ["Çınaraltı Sokak", "Papatya Sokak", "Menekşe Sokak", "Ihlamur Caddesi",
                        "Kavaklı Sokak"]),
    ("GR", "el", "after", ["Οδός Λεμονιών", "Οδός Κυπαρίσσων", "Οδός Αμυγδαλιάς", "Οδός Πλατάνων"]),
    ("RU", "ru", "ru", ["ул. Рябиновая", "ул. Черёмуховая", "ул. Сосновая", "пер. Ключевой",
                        "ул. Луговая"]),
    ("UA", "uk", "ru", ["вул. Каштанова", "вул. Вишнева", "вул. Калинова", "пров. Тихий"]),
    ("US", "en", "before", ["Maple Hollow Road", "Cedar Ridge Lane", "Quail Run Drive",
                            "Sycamore Bend Court", "Bluebonnet Trail", "Willow Creek Parkway"]),
    ("GB", "en", "before", ["Heron Close", "Bramble Mews", "Thistle Row", "Kingfisher Way",
                            "Hawthorn Crescent", "Millpond Lane"]),
    ("IE", "en", "before", ["Blackthorn Grove", "Rowan Park", "Heather View", "Seaview Terrace"]),
    ("CA", "en", "before", ["Spruce Bend Crescent", "Tamarack Road", "Loon Bay Drive"]),
    ("CA", "fr", "before", ["chemin du Lac Bleu", "rue des Épinettes"]),
    ("AU", "en", "before", ["Wattle Creek Drive", "Banksia Parade", "Lyrebird Avenue",
                            "Bottlebrush Court"]),
    ("NZ", "en", "before", ["Kowhai Ridge Road", "Pohutukawa Lane"]),
    ("IL", "he", "after", ["רחוב הדקלים", "רחוב הזית", "רחוב התאנה", "רחוב הגפן"]),
]
STREETS = []
for _cc, _lang, _style, _names in STREET_SRC:
    for _n in _names:
        STREETS.append(dict(cc=_cc, lang=_lang, style=_style, name=_n))

DOMAINS = [
    "kestrelbyte.io", "fernwald-logistik.de", "mareluce.it", "nordlys-data.no", "bluequill.co.uk",
    "tallgrass-labs.com", "vinhasdosul.pt", "pixelharbor.net", "zeltwerk.at", "ostravacloud.cz",
    "lumenfjord.se", "kaffeeklappe.de", "solandra.es", "maplecrest-health.ca", "koalagrid.com.au",
    "rivierabits.fr", "jadewharf.cn", "sakura-kobo.jp", "dalbit-works.kr", "bosphoruspixel.com.tr",
    "akropoli-tech.gr", "volgaport.ru", "kyivcraft.com.ua", "nilebridge.eg", "cedarline.co.il",
    "parsmoj.ir", "gangesflow.in", "padmaweb.com.bd", "hanoistack.vn", "chaophraya-dev.co.th",
    "nusantara-kode.id", "savannahmail.co.ke", "codirocaviva.cat", "brightmoor.io", "quietpine.dev",
    "orbitfolk.org", "harborlight.eu", "cobaltfinch.com", "emberline.app", "tidewaterhq.us",
    "wolkenhain.ch", "polderpost.nl",
]
COMPANIES = ["Fernwald Logistik GmbH", "Cobaltfinch AG", "Nordlys Data AS", "Tallgrass Labs Inc.",
             "Mareluce S.r.l.", "Zeltwerk KG", "Lumenfjord AB", "Solandra S.L.", "Brightmoor Ltd",
             "Koalagrid Pty Ltd", "Quietpine BV", "Emberline Oy", "Harborlight SAS",
             "Polderpost B.V.", "Wolkenhain GmbH", "Padma Web Ltd."]
CITIES = ["Porto", "Vilnius", "Graz", "Tampere", "Aarhus", "Bergen", "Brno", "Gdańsk", "Lyon",
          "Valencia", "Bologna", "Utrecht", "Cluj-Napoca", "Split", "Izmir", "Thessaloniki",
          "Kazan", "Lviv", "Haifa", "Pune", "Osaka", "Chengdu", "Busan", "Da Nang", "Chiang Mai",
          "Bandung", "Mombasa", "Girona", "Tromsø", "Uppsala", "Debrecen", "Ghent"]
NICKS = ["mossback", "tidewalker", "zeb_42", "nightowl", "kelp", "quartzfox", "dr_null",
         "lowtide", "bitflip", "pinecone", "saltmarsh", "oddjob", "hexwren", "gravelpit"]


# ---------------------------------------------------------------------------
# value generators.  Each returns (value, form).
# ---------------------------------------------------------------------------
EMAIL_FORMS = ["plain", "plus_tag", "subdomain", "uppercase", "obf_bracket_at", "obf_paren_at",
               "obf_words", "spaced_at", "defanged_dot", "fullwidth_at", "zwsp_at"]
EMAIL_STRUCTURED = ["plain", "plain", "plus_tag", "subdomain", "uppercase"]
GENERIC_LOCALS = ["info", "kontakt", "office", "billing", "support", "hr", "jobs", "press", "orders",
                  "team", "hello", "accounts", "reception", "studio", "sales", "ops", "helpdesk",
                  "bookings", "facturacion", "compta", "ufficio", "secretariaat", "biuro", "kundeservice"]
PLUS_TAGS = ["newsletter", "invoices", "jira", "shop", "alerts", "travel", "school", "crm", "q3"]
SUBDOMAINS = ["mail", "eu", "corp", "students", "lists", "staff", "mx1", "intra"]


def email_local(person=None):
    if person is not None and person["latin"]:
        g = re.sub(r"[^a-z]", "", fold(person["given"]).lower())
        f = re.sub(r"[^a-z]", "", fold(person["family"]).lower())
        if g and f:
            return pick([g + "." + f, g[0] + "." + f, g + f[0], f + "." + g, g + "_" + f,
                         g[0] + f, g + "." + f + str(R.randint(2, 99))])
    w = pick(GENERIC_LOCALS)
    return w if chance(0.6) else w + pick([".", "-", ""]) + pick(["de", "eu", "nord", str(R.randint(1, 49))])


def gen_email(form=None, person=None, domain=None):
    form = form or pick(EMAIL_FORMS)
    local = email_local(person)
    dom = domain or pick(DOMAINS)
    if form == "plain":
        v = local + "@" + dom
    elif form == "plus_tag":
        v = local + "+" + pick(PLUS_TAGS) + "@" + dom
    elif form == "subdomain":
        v = local + "@" + pick(SUBDOMAINS) + "." + dom
    elif form == "uppercase":
        v = (local + "@" + dom).upper() if chance(0.6) else local.capitalize() + "@" + dom.upper()
    elif form == "obf_bracket_at":
        v = local + pick(["[at]", " [at] ", "[AT]"]) + dom
    elif form == "obf_paren_at":
        v = local + pick(["(at)", " (at) "]) + dom
    elif form == "obf_words":
        if chance(0.7):
            v = local + " at " + dom.replace(".", " dot ")
        else:
            v = local + " AT " + dom.replace(".", " DOT ")
    elif form == "spaced_at":
        v = local + " @ " + dom
    elif form == "defanged_dot":
        v = local + "@" + dom.replace(".", "[.]")
    elif form == "fullwidth_at":
        v = local + "＠" + dom
    elif form == "zwsp_at":
        v = local + pick(["\u200b@\u200b", "\u200b@", "@\u200b"]) + dom
    else:
        raise ValueError(form)
    return v, form


def email_normalise(v):
    s = v.replace("\u200b", "").replace("＠", "@")
    s = re.sub(r"\s*[\[\(]at[\]\)]\s*", "@", s, flags=re.I)
    s = s.replace("[.]", ".")
    s = re.sub(r"\s+at\s+", "@", s, flags=re.I)
    s = re.sub(r"\s+dot\s+", ".", s, flags=re.I)
    s = s.replace(" @ ", "@")
    return s


EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")


def valid_email(v):
    n = email_normalise(v)
    if not EMAIL_RE.match(n):
        return False
    dom = n.split("@", 1)[1].lower()
    return any(dom == d or dom.endswith("." + d) for d in DOMAINS)


# ---- phone ---------------------------------------------------------------
# (iso, cc, trunk, templates); template: g = groups of the national
# significant number, i = international formats (without + / 00),
# n = national formats, b = formats with the area code in brackets.
def T(g, i=None, n=None, b=None):
    return dict(g=g, i=i, n=n, b=b)


PHONE_PLANS = [
    ("DE", "49", "0", [T(["(151|152|157|160|162|170|171|172|175|176|177|178|179)", "%###", "####"],
                         n=["0{0} {1}{2}", "0{0} {1} {2}", "0{0}-{1}{2}", "0{0}/{1}{2}"]),
                       T(["(30|40|69|89)", "%###", "####"], n=["0{0} {1} {2}", "0{0}/{1} {2}", "0{0} {1}{2}"]),
                       T(["(221|341|351|511|711|911)", "%##", "####"], n=["0{0} {1} {2}", "0{0}/{1}{2}"])]),
    ("AT", "43", "0", [T(["(650|660|664|676|680|699)", "%##", "####"]),
                       T(["1", "%##", "####"], n=["01 {1} {2}", "01/{1}{2}"])]),
    ("CH", "41", "0", [T(["(76|77|78|79)", "%##", "##", "##"]), T(["(21|22|31|44|61|71)", "%##", "##", "##"])]),
    ("FR", "33", "0", [T(["(6|7)", "##", "##", "##", "##"], n=["0{0} {1} {2} {3} {4}", "0{0}.{1}.{2}.{3}.{4}"]),
                       T(["(1|2|3|4|5)", "##", "##", "##", "##"], n=["0{0} {1} {2} {3} {4}", "0{0}.{1}.{2}.{3}.{4}"])]),
    ("GB", "44", "0", [T(["7%##", "######"]), T(["20", "(3|7|8)###", "####"]),
                       T(["(113|114|117|121|131|141|151|161)", "%##", "####"])]),
    ("IE", "353", "0", [T(["(83|85|86|87|89)", "%##", "####"]), T(["1", "%##", "####"])]),
    ("ES", "34", "", [T(["6##", "###", "###"], n=["{0} {1} {2}", "{0}-{1}-{2}"]),
                      T(["9(1|3|4|5|6)", "%##", "##", "##"], n=["{0} {1} {2} {3}"])]),
    ("IT", "39", "", [T(["3(20|27|28|33|35|38|39|40|45|47|48|49|66|88|92)", "###", "####"],
                        n=["{0} {1} {2}", "{0} {1}{2}", "{0}-{1}{2}"]),
                      T(["0(2|6)", "%###", "####"], n=["{0} {1} {2}", "{0} {1}{2}"], b=["({0}) {1} {2}"])]),
    ("PT", "351", "", [T(["9(1|2|3|6)#", "###", "###"]), T(["2(1|2)#", "###", "###"])]),
    ("NL", "31", "0", [T(["6", "%#######"], n=["06-{1}", "06 {1}"], b=["(06) {1}"]),
                       T(["(10|20|30|70)", "%##", "####"], n=["0{0}-{1} {2}", "0{0} {1} {2}"])]),
    ("BE", "32", "0", [T(["4(70|71|72|73|75|76|77|78|79|84|85|86|87|88|89|91|92|93|94|95|96|97|98|99)",
                          "##", "##", "##"]),
                       T(["2", "%##", "##", "##"], n=["02 {1} {2} {3}", "02/{1}.{2}.{3}"])]),
    ("PL", "48", "", [T(["(50|51|53|57|60|66|69|72|73|78|79|88)#", "###", "###"], n=["{0} {1} {2}", "{0}-{1}-{2}"]),
                      T(["(12|22|42|58|61|71)", "%##", "##", "##"], n=["{0} {1} {2} {3}"])]),
    ("CZ", "420", "", [T(["(60|72|73|77|79)#", "###", "###"], n=["{0} {1} {2}"]),
                       T(["2##", "###", "###"], n=["{0} {1} {2}"])]),
    ("SE", "46", "0", [T(["7(0|2|3|6)", "%##", "##", "##"], n=["0{0}-{1} {2} {3}", "0{0} {1} {2} {3}"]),
                       T(["8", "%##", "###", "##"], n=["08-{1} {2} {3}", "08 {1} {2} {3}"])]),
    ("DK", "45", "", [T(["%#", "##", "##", "##"], n=["{0} {1} {2} {3}"])]),
    ("NO", "47", "", [T(["(4|9)##", "##", "###"], n=["{0} {1} {2}"]), T(["2#", "##", "##", "##"], n=["{0} {1} {2} {3}"])]),
    ("FI", "358", "0", [T(["(40|41|44|45|50)", "%##", "####"]), T(["9", "%###", "###"])]),
    ("HU", "36", "06", [T(["(20|30|70)", "%##", "####"], n=["06 {0} {1} {2}", "06-{0}-{1}-{2}", "06 {0}/{1}-{2}"],
                          b=["06 ({0}) {1} {2}"]),
                        T(["1", "%##", "####"], n=["06 1 {1} {2}"], b=["06 (1) {1} {2}"])]),
    ("RO", "40", "0", [T(["7(2|3|4|5|6)#", "###", "###"]), T(["21", "%##", "####"])]),
    ("HR", "385", "0", [T(["9(1|2|5|8)", "%##", "####"]), T(["1", "%###", "###"])]),
    ("GR", "30", "", [T(["69(4|7|8|9)", "###", "####"], n=["{0} {1} {2}"]),
                      T(["21(0|1)", "%##", "####"], n=["{0} {1} {2}"])]),
    ("TR", "90", "0", [T(["5(3|4|5)#", "###", "##", "##"], n=["0{0} {1} {2} {3}", "0 {0} {1} {2} {3}"],
                         b=["0 ({0}) {1} {2} {3}", "({0}) {1} {2} {3}"]),
                       T(["(212|216|312|232)", "%##", "##", "##"], b=["0 ({0}) {1} {2} {3}"])]),
    ("RU", "7", "8", [T(["9##", "%##", "##", "##"], i=["{cc} {0} {1}-{2}-{3}", "{cc} ({0}) {1}-{2}-{3}"],
                        n=["8 {0} {1}-{2}-{3}", "8-{0}-{1}-{2}-{3}"], b=["8 ({0}) {1}-{2}-{3}"]),
                      T(["(495|499|812|343)", "%##", "##", "##"], i=["{cc} {0} {1}-{2}-{3}", "{cc} ({0}) {1}-{2}-{3}"],
                        n=["8 {0} {1}-{2}-{3}"], b=["8 ({0}) {1}-{2}-{3}"])]),
    ("UA", "380", "0", [T(["(50|63|66|67|68|73|93|96|97|98)", "%##", "##", "##"],
                          n=["0{0} {1} {2} {3}", "0{0}-{1}-{2}-{3}"], b=["(0{0}) {1}-{2}-{3}"])]),
    ("US", "1", "", [T(["(201|206|212|303|305|312|404|415|503|512|602|617|646|702|713|720|773|919)", "%##", "####"],
                       i=["{cc} {0} {1} {2}", "{cc} ({0}) {1}-{2}", "{cc}-{0}-{1}-{2}", "{cc}.{0}.{1}.{2}"],
                       n=["{0}-{1}-{2}", "{0}.{1}.{2}", "{0} {1} {2}"], b=["({0}) {1}-{2}", "({0}) {1} {2}"])]),
    ("CA", "1", "", [T(["(416|437|514|604|613|403|780|902)", "%##", "####"],
                       i=["{cc} {0} {1} {2}", "{cc} ({0}) {1}-{2}", "{cc}-{0}-{1}-{2}"],
                       n=["{0}-{1}-{2}", "{0} {1} {2}"], b=["({0}) {1}-{2}"])]),
    ("AU", "61", "0", [T(["4##", "###", "###"], n=["0{0} {1} {2}"]),
                       T(["(2|3|7|8)", "%###", "####"], b=["(0{0}) {1} {2}"])]),
    ("NZ", "64", "0", [T(["2(1|2|7)", "###", "####"]), T(["9", "%##", "####"])]),
    ("BR", "55", "", [T(["(11|21|31|41|51|61|71|81|85)", "9%###", "####"], i=["{cc} {0} {1}-{2}", "{cc} ({0}) {1}-{2}"],
                        n=["({0}) {1}-{2}", "{0} {1}-{2}"], b=["({0}) {1}-{2}"]),
                      T(["(11|21|31)", "(2|3)###", "####"], i=["{cc} {0} {1}-{2}"], n=["({0}) {1}-{2}"],
                        b=["({0}) {1}-{2}"])]),
    ("MX", "52", "", [T(["(55|33|81)", "%###", "####"], n=["{0} {1} {2}"], b=["({0}) {1} {2}"])]),
    ("AR", "54", "", [T(["11", "%###", "####"], i=["{cc} 9 {0} {1}-{2}", "{cc} 9 {0} {1} {2}"],
                        n=["0{0} 15-{1}-{2}"], b=["(0{0}) 15-{1}-{2}"])]),
    ("CL", "56", "", [T(["9", "%###", "####"], n=["09 {1} {2}"])]),
    ("CO", "57", "", [T(["3(00|01|10|11|12|15|20)", "###", "####"], n=["{0} {1} {2}"])]),
    ("IN", "91", "0", [T(["(6|7|8|9)####", "#####"], i=["{cc} {0} {1}", "{cc}-{0}-{1}", "{cc} {0}-{1}"],
                         n=["0{0} {1}", "0{0}-{1}"]),
                       T(["(11|22|33|44|80)", "%###", "####"], n=["0{0} {1} {2}", "0{0}-{1}{2}"], b=["(0{0}) {1} {2}"])]),
    ("PK", "92", "0", [T(["3(00|01|21|33|45)", "#######"], n=["0{0}-{1}", "0{0} {1}"])]),
    ("JP", "81", "0", [T(["(70|80|90)", "%###", "####"], i=["{cc} {0}-{1}-{2}", "{cc} {0} {1} {2}", "{cc}-{0}-{1}-{2}"],
                         n=["0{0}-{1}-{2}"], b=["0{0}({1}){2}"]),
                       T(["(3|6)", "%###", "####"], i=["{cc} {0}-{1}-{2}", "{cc} {0} {1} {2}"],
                         n=["0{0}-{1}-{2}"], b=["(0{0}) {1}-{2}"])]),
    ("CN", "86", "0", [T(["1(3|5|8)#", "####", "####"], i=["{cc} {0} {1} {2}", "{cc}-{0}-{1}-{2}"],
                         n=["{0} {1} {2}", "{0}-{1}-{2}"], b=["{0} {1} {2}"]),
                       T(["(10|21)", "%###", "####"], n=["0{0}-{1}{2}", "0{0}-{1} {2}"], b=["(0{0}) {1} {2}"])]),
    ("KR", "82", "0", [T(["10", "%###", "####"], i=["{cc} {0}-{1}-{2}", "{cc} {0} {1} {2}"],
                         n=["0{0}-{1}-{2}"], b=["(0{0}) {1}-{2}"]),
                       T(["2", "%###", "####"], i=["{cc} {0}-{1}-{2}"], n=["02-{1}-{2}"], b=["(02) {1}-{2}"])]),
    ("TW", "886", "0", [T(["9##", "###", "###"], n=["0{0}-{1}-{2}", "0{0} {1} {2}"])]),
    ("HK", "852", "", [T(["(5|6|9)###", "####"], n=["{0} {1}"])]),
    ("SG", "65", "", [T(["(8|9)###", "####"], n=["{0} {1}"])]),
    ("VN", "84", "0", [T(["9(0|1|3|4|6|7|8)", "###", "##", "##"], n=["0{0} {1} {2} {3}", "0{0}.{1}.{2}.{3}"])]),
    ("TH", "66", "0", [T(["(8|9)#", "###", "####"], n=["0{0}-{1}-{2}", "0{0} {1} {2}"]),
                       T(["2", "%##", "####"], n=["02-{1}-{2}", "02 {1} {2}"])]),
    ("ID", "62", "0", [T(["8(11|12|13|21|22|52|56|57|77|78)", "####", "####"], n=["0{0}-{1}-{2}", "0{0} {1} {2}"])]),
    ("PH", "63", "0", [T(["9(05|06|15|16|17|18|19|27|28)", "###", "####"], n=["0{0} {1} {2}"])]),
    ("MY", "60", "0", [T(["1(2|3|6|7|9)", "%##", "####"], n=["0{0}-{1} {2}"])]),
    ("KE", "254", "0", [T(["7(0|1|2|9)#", "###", "###"])]),
    ("NG", "234", "0", [T(["(80|81|70|90)#", "###", "####"])]),
    ("ZA", "27", "0", [T(["(72|73|76|82|83|84)", "%##", "####"]), T(["(11|21)", "%##", "####"])]),
    ("EG", "20", "0", [T(["1(0|1|2|5)", "####", "####"])]),
    ("MA", "212", "0", [T(["6", "##", "##", "##", "##"], n=["06 {1} {2} {3} {4}", "06-{1}-{2}-{3}-{4}"])]),
    ("SA", "966", "0", [T(["5#", "###", "####"])]),
    ("AE", "971", "0", [T(["5(0|2|4|5|6|8)", "###", "####"])]),
    ("IL", "972", "0", [T(["5(0|2|3|4|8)", "%##", "####"], i=["{cc} {0}-{1}-{2}", "{cc} {0} {1} {2}"],
                          n=["0{0}-{1}-{2}", "0{0}-{1}{2}"]),
                        T(["(2|3|4|8|9)", "%##", "####"], n=["0{0}-{1}{2}", "0{0}-{1}-{2}"])]),
    ("IR", "98", "0", [T(["9(12|19|35|36|90)", "###", "####"])]),
    ("KZ", "7", "8", [T(["7(01|05|07|47|77)", "%##", "##", "##"], i=["{cc} {0} {1} {2} {3}"],
                        n=["8 {0} {1} {2} {3}"], b=["8 ({0}) {1} {2} {3}"])]),
]
PHONE_FORMS = ["intl_plus", "intl_00", "trunk_paren", "national", "area_brackets", "nbsp_separated",
               "thin_space_separated", "fullwidth_digits", "tel_link"]
LANG_PHONE_CC = {"en": ["US", "GB", "IE", "CA", "AU", "NZ", "IN", "SG", "ZA", "NG", "PH"],
                 "de": ["DE", "AT", "CH"], "fr": ["FR", "BE", "CH", "MA", "CA"], "es": ["ES", "MX", "AR", "CL", "CO"],
                 "it": ["IT", "CH"], "pt": ["PT", "BR"], "nl": ["NL", "BE"], "pl": ["PL"], "cs": ["CZ"],
                 "sv": ["SE"], "da": ["DK"], "no": ["NO"], "fi": ["FI"], "hu": ["HU"], "ro": ["RO"], "hr": ["HR"],
                 "tr": ["TR"], "el": ["GR"], "ru": ["RU", "KZ"], "uk": ["UA"], "ar": ["EG", "SA", "AE", "MA"],
                 "he": ["IL"], "fa": ["IR"], "hi": ["IN"], "bn": ["IN"], "ja": ["JP"], "zh": ["CN", "TW", "HK", "SG"],
                 "ko": ["KR"], "vi": ["VN"], "th": ["TH"], "id": ["ID", "MY"], "sw": ["KE"], "ca": ["ES"]}


def expand_group(pat):
    out = []
    i = 0
    while i < len(pat):
        c = pat[i]
        if c == "(":
            j = pat.index(")", i)
            out.append(pick(pat[i + 1:j].split("|")))
            i = j + 1
            continue
        if c == "#":
            out.append(R.choice(DIGITS))
        elif c == "%":
            out.append(R.choice("23456789"))
        else:
            out.append(c)
        i += 1
    return "".join(out)


def fill(fmt, cc, t, groups):
    return fmt.replace("{cc}", cc).replace("{t}", t).format(*groups)


def gen_phone(form=None, iso=None):
    form = form or pick(PHONE_FORMS)
    plans = [p for p in PHONE_PLANS if (iso is None or p[0] == iso)]
    if form == "trunk_paren":
        plans = [p for p in plans if p[2] == "0"] or [p for p in PHONE_PLANS if p[2] == "0"]
    iso_, cc, trunk, temps = pick(plans)
    tpl = pick(temps)
    g = [expand_group(x) for x in tpl["g"]]
    n = len(g)
    i_fmt = pick(tpl["i"]) if tpl["i"] else "{cc} " + " ".join("{%d}" % k for k in range(n))
    n_fmt = pick(tpl["n"]) if tpl["n"] else "{t}{0} " + " ".join("{%d}" % k for k in range(1, n))
    b_fmt = pick(tpl["b"]) if tpl["b"] else "({t}{0}) " + " ".join("{%d}" % k for k in range(1, n))
    intl = fill(i_fmt, cc, trunk, g)
    if form == "intl_plus":
        v = "+" + intl
    elif form == "intl_00":
        v = "00" + intl
    elif form == "trunk_paren":
        v = "+" + cc + " (0)" + g[0] + " " + " ".join(g[1:])
    elif form == "national":
        v = fill(n_fmt, cc, trunk, g)
    elif form == "area_brackets":
        v = fill(b_fmt, cc, trunk, g)
    elif form == "nbsp_separated":
        v = "+" + intl.replace(" ", "\u00a0")
        if "\u00a0" not in v:
            v = "+" + cc + "\u00a0" + "\u00a0".join(g)
    elif form == "thin_space_separated":
        v = "+" + intl.replace(" ", "\u2009")
        if "\u2009" not in v:
            v = "+" + cc + "\u2009" + "\u2009".join(g)
    elif form == "fullwidth_digits":
        v = to_fullwidth("+" + intl)
    elif form == "tel_link":
        v = "+" + cc + pick(["", "-"]) + pick(["", "-"]).join(g)
    else:
        raise ValueError(form)
    return v, form, iso_


def valid_phone(v):
    s = v.translate(FW_BACK)
    digits = re.sub(r"\D", "", s)
    if not 8 <= len(digits) <= 15:
        return False
    if not re.fullmatch(r"[+(\d][\d \-./()\u00a0\u2009]*\d", s):
        return False
    # either + / 00 prefix, or separators present (never a bare digit run)
    return s.startswith("+") or s.startswith("00") or bool(re.search(r"[ \-./()\u00a0\u2009]", s))


# ---- payment cards ---------------------------------------------------------
def luhn_ok(d):
    s = 0
    for i, ch in enumerate(reversed(d)):
        x = int(ch)
        if i % 2 == 1:
            x *= 2
            if x > 9:
                x -= 9
        s += x
    return s % 10 == 0


def luhn_digit(partial):
    for c in DIGITS:
        if luhn_ok(partial + c):
            return c
    raise AssertionError


CARD_BRANDS = {
    "visa": (lambda: "4", [16, 16, 16, 13, 19]),
    "mastercard": (lambda: str(R.randint(51, 55)) if chance(0.6) else str(R.randint(2221, 2720)), [16]),
    "amex": (lambda: pick(["34", "37"]), [15]),
    "diners": (lambda: pick(["36", str(R.randint(300, 305))]), [14]),
    "discover": (lambda: pick(["6011", str(R.randint(644, 649)), "65"]), [16]),
    "jcb": (lambda: str(R.randint(3528, 3589)), [16]),
    "unionpay": (lambda: "62" + str(R.randint(12, 88)), [16, 19]),
    "maestro": (lambda: pick(["5018", "5020", "5038", "6304", "6759", "6761", "6763"]), [16, 19]),
}
CARD_SEPS = ["space", "dash", "compact", "nbsp", "thin_space", "fullwidth"]
WELL_KNOWN_CARDS = ["4111111111111111", "4012888888881881", "5555555555554444", "5105105105105100",
                    "378282246310005", "371449635398431", "6011111111111117", "6011000990139424",
                    "3530111333300000", "3566002020360505", "30569309025904", "38520000023237",
                    "4222222222222", "4242424242424242", "5200828282828210", "6200000000000005",
                    "4000056655665556", "2223003122003222", "4917610000000000", "6759649826438453"]


def card_brand(d):
    n = len(d)
    p2, p3, p4, p6 = int(d[:2]), int(d[:3]), int(d[:4]), int(d[:6])
    if d[0] == "4" and n in (13, 16, 19):
        return "visa"
    if (51 <= p2 <= 55 or 2221 <= p4 <= 2720) and n == 16:
        return "mastercard"
    if p2 in (34, 37) and n == 15:
        return "amex"
    if (p2 == 36 or 300 <= p3 <= 305) and n == 14:
        return "diners"
    if (p4 == 6011 or 644 <= p3 <= 649 or p2 == 65) and n == 16:
        return "discover"
    if 3528 <= p4 <= 3589 and n == 16:
        return "jcb"
    if p4 in (5018, 5020, 5038, 6304, 6759, 6761, 6763) and n in (16, 19):
        return "maestro"
    if p2 == 62 and n in (16, 19):
        return "unionpay"
    return None


def card_groups(n):
    return {16: [4, 4, 4, 4], 15: [4, 6, 5], 14: [4, 6, 4], 13: [4, 4, 5], 19: [4, 4, 4, 4, 3]}[n]


def card_digits(brand):
    pfx_fn, lens = CARD_BRANDS[brand]
    while True:
        pfx = pfx_fn()
        n = pick(lens)
        body = pfx + rs(DIGITS, n - len(pfx) - 1)
        d = body + luhn_digit(body)
        if d not in WELL_KNOWN_CARDS and len(set(d)) > 4 and card_brand(d) == brand:
            return d


def format_grouped(d, groups, sep):
    out, i = [], 0
    for g in groups:
        out.append(d[i:i + g])
        i += g
    return sep.join(out)


def gen_card(form=None, brand=None):
    sep = None
    if form:
        brand, sep = form.split("_", 1)
    brand = brand or pick_key(CARD_BRANDS)
    sep = sep or pick(CARD_SEPS)
    d = card_digits(brand)
    gr = card_groups(len(d))
    if sep == "space":
        v = format_grouped(d, gr, " ")
    elif sep == "dash":
        v = format_grouped(d, gr, "-")
    elif sep == "compact":
        v = d
    elif sep == "nbsp":
        v = format_grouped(d, gr, "\u00a0")
    elif sep == "thin_space":
        v = format_grouped(d, gr, "\u2009")
    elif sep == "fullwidth":
        v = to_fullwidth(format_grouped(d, gr, pick([" ", ""])))
    else:
        raise ValueError(sep)
    return v, brand + "_" + sep


def valid_card(v):
    s = v.translate(FW_BACK)
    if not re.fullmatch(r"\d[\d \-\u00a0\u2009]*\d", s):
        return False
    d = re.sub(r"\D", "", s)
    return 13 <= len(d) <= 19 and luhn_ok(d) and card_brand(d) is not None and d not in WELL_KNOWN_CARDS


# ---- SSN -------------------------------------------------------------------
SSN_FORMS = ["dashed", "spaced", "dotted", "bare"]
WELL_KNOWN_SSN = ["078051120", "219099999", "123456789", "457555462", "111111111", "987654320"]


def ssn_ok_parts(a, g, s):
    return 1 <= a <= 899 and a != 666 and 1 <= g <= 99 and 1 <= s <= 9999


def gen_ssn(form=None):
    form = form or pick(SSN_FORMS)
    while True:
        a, g, s = R.randint(10, 899), R.randint(1, 99), R.randint(1, 9999)
        if ssn_ok_parts(a, g, s) and "%03d%02d%04d" % (a, g, s) not in WELL_KNOWN_SSN:
            break
    sep = {"dashed": "-", "spaced": " ", "dotted": ".", "bare": ""}[form]
    return "%03d%s%02d%s%04d" % (a, sep, g, sep, s), form


def valid_ssn(v):
    m = re.fullmatch(r"(\d{3})([- .]?)(\d{2})\2(\d{4})", v)
    if not m:
        return False
    a, g, s = int(m.group(1)), int(m.group(3)), int(m.group(4))
    return ssn_ok_parts(a, g, s) and (m.group(1) + m.group(3) + m.group(4)) not in WELL_KNOWN_SSN


# ---- IBAN ------------------------------------------------------------------
IBAN_SPEC = {
    "DE": (22, "8n10n"), "AT": (20, "5n11n"), "CH": (21, "5n12c"), "FR": (27, "5n5n11c2n"),
    "ES": (24, "4n4n2n10n"), "IT": (27, "1a5n5n12c"), "PT": (25, "4n4n11n2n"), "NL": (18, "4a10n"),
    "BE": (16, "3n7n2n"), "GB": (22, "4a6n8n"), "IE": (22, "4a6n8n"), "PL": (28, "8n16n"),
    "CZ": (24, "4n6n10n"), "SK": (24, "4n6n10n"), "SE": (24, "3n16n1n"), "DK": (18, "4n9n1n"),
    "NO": (15, "4n6n1n"), "FI": (18, "3n11n"), "HU": (28, "3n4n1n15n1n"), "RO": (24, "4a16c"),
    "HR": (21, "7n10n"), "TR": (26, "5n1n16c"), "GR": (27, "3n4n16c"), "LT": (20, "5n11n"),
    "EE": (20, "2n2n11n1n"), "LU": (20, "3n13c"), "SI": (19, "5n8n2n"), "SA": (24, "2n18c"),
    "AE": (23, "3n16n"), "IL": (23, "3n3n13n"), "BR": (29, "8n5n10n1a1c"), "MT": (31, "4a5n18c"),
    "CY": (28, "3n5n16c"), "LV": (21, "4a13c"), "BG": (22, "4a4n2n8c"), "IS": (26, "4n2n6n10n"),
}
IBAN_BANKS = {"GB": ["NWBK", "BARC", "LOYD", "HBUK", "MIDL", "NAIA"], "IE": ["AIBK", "BOFI", "IPBS"],
              "NL": ["ABNA", "INGB", "RABO", "TRIO", "SNSB", "KNAB", "BUNQ", "ASNB"],
              "RO": ["BTRL", "RNCB", "BRDE", "INGB"], "MT": ["MALT", "VALL"], "LV": ["HABA", "UNLA", "PARX"],
              "BG": ["UNCR", "BPBI", "STSA"]}
IBAN_FORMS = ["compact", "grouped_space", "grouped_nbsp", "grouped_dash", "lowercase"]
WELL_KNOWN_IBANS = ["DE89370400440532013000", "GB82WEST12345698765432", "GB29NWBK60161331926819",
                    "FR1420041010050500013M02606", "ES9121000418450200051332", "IT60X0542811101000000123456",
                    "NL91ABNA0417164300", "BE68539007547034", "CH9300762011623852957", "AT611904300234573201",
                    "PL61109010140000071219812874", "SE4550000000058398257466", "DK5000400440116243",
                    "NO9386011117947", "FI2112345600000785", "CZ6508000000192000145399", "PT50000201231234567890154"]


def iban_num(s):
    return int("".join(str(int(c, 36)) for c in s))


def iban_check(cc, bban):
    return "%02d" % (98 - iban_num(bban + cc + "00") % 97)


def iban_ok(s):
    s = s.upper()
    cc = s[:2]
    if cc not in IBAN_SPEC or len(s) != IBAN_SPEC[cc][0]:
        return False
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]+", s):
        return False
    if not re.fullmatch(bban_regex(IBAN_SPEC[cc][1]), s[4:]):
        return False
    return iban_num(s[4:] + s[:4]) % 97 == 1


def bban_regex(spec):
    out = ""
    for n, t in re.findall(r"(\d+)([nac])", spec):
        out += {"n": "[0-9]", "a": "[A-Z]", "c": "[A-Z0-9]"}[t] + "{%s}" % n
    return out


IT_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]


def it_cin(s):
    tot = 0
    for i, c in enumerate(s):
        v = int(c) if c.isdigit() else ord(c) - 65
        tot += IT_ODD[v] if i % 2 == 0 else v
    return chr(65 + tot % 26)


def fr_rib_key(bank, branch, acct):
    conv = {}
    for grp, val in (("AJ", 1), ("BKS", 2), ("CLT", 3), ("DMU", 4), ("ENV", 5), ("FOW", 6), ("GPX", 7),
                     ("HQY", 8), ("IRZ", 9)):
        for ch in grp:
            conv[ch] = str(val)
    a = int("".join(conv.get(c, c) for c in acct))
    return "%02d" % (97 - ((89 * int(bank) + 15 * int(branch) + 3 * a) % 97))


def es_dc(digits10):
    w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]
    d = 11 - sum(int(c) * k for c, k in zip(digits10, w)) % 11
    return str({11: 0, 10: 1}.get(d, d))


def gen_bban(cc):
    spec = IBAN_SPEC[cc][1]
    parts = []
    for n, t in re.findall(r"(\d+)([nac])", spec):
        n = int(n)
        if t == "n":
            parts.append(str(R.randint(1, 9)) + rs(DIGITS, n - 1) if n > 2 else rs(DIGITS, n))
        elif t == "a":
            parts.append(rs(UPPER, n))
        else:
            parts.append(rs(DIGITS, n) if chance(0.7) else rs(UPPER, 2) + rs(DIGITS, n - 2))
    if cc in IBAN_BANKS:
        parts[0] = pick(IBAN_BANKS[cc])
    if cc == "FR":
        parts[2] = rs(DIGITS, 11)
        parts[3] = fr_rib_key(parts[0], parts[1], parts[2])
    elif cc == "ES":
        parts[2] = es_dc("00" + parts[0] + parts[1]) + es_dc(parts[3])
    elif cc == "IT":
        parts[3] = rs(DIGITS, 12)
        parts[0] = it_cin(parts[1] + parts[2] + parts[3])
    elif cc == "BE":
        c = int(parts[0] + parts[1]) % 97
        parts[2] = "%02d" % (c if c else 97)
    return "".join(parts)


def gen_iban(form=None, cc=None):
    form = form or pick(IBAN_FORMS)
    cc = cc or pick_key(IBAN_SPEC)
    while True:
        bban = gen_bban(cc)
        s = cc + iban_check(cc, bban) + bban
        if s not in WELL_KNOWN_IBANS and iban_ok(s):
            break
    g4 = [s[i:i + 4] for i in range(0, len(s), 4)]
    if form == "compact":
        v = s
    elif form == "grouped_space":
        v = " ".join(g4)
    elif form == "grouped_nbsp":
        v = "\u00a0".join(g4)
    elif form == "grouped_dash":
        v = "-".join(g4)
    elif form == "lowercase":
        v = s.lower() if chance(0.5) else " ".join(g4).lower()
    else:
        raise ValueError(form)
    return v, form


def valid_iban(v):
    s = re.sub(r"[ \u00a0-]", "", v)
    return iban_ok(s) and s.upper() not in WELL_KNOWN_IBANS


# ---- IPv4 / IPv6 -------------------------------------------------------------
V4_FORBIDDEN = [ipaddress.ip_network(n) for n in (
    "0.0.0.0/8", "127.0.0.0/8", "169.254.0.0/16", "100.64.0.0/10", "192.0.0.0/24", "192.0.2.0/24",
    "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4", "192.88.99.0/24")]
V4_PRIVATE = [ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")]
IPV4_FORMS = ["private", "public", "with_port", "cidr_suffix", "in_url", "defanged"]


def v4_allowed(s):
    if not re.fullmatch(r"(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}", s):
        return False
    a = ipaddress.IPv4Address(s)
    if any(a in n for n in V4_FORBIDDEN):
        return False
    last = int(s.split(".")[-1])
    return 1 <= last <= 254


def gen_v4_raw(private):
    while True:
        if private:
            k = R.randrange(3)
            if k == 0:
                s = "10.%d.%d.%d" % (R.randint(0, 255), R.randint(0, 255), R.randint(1, 254))
            elif k == 1:
                s = "172.%d.%d.%d" % (R.randint(16, 31), R.randint(0, 255), R.randint(1, 254))
            else:
                s = "192.168.%d.%d" % (R.randint(0, 255), R.randint(1, 254))
        else:
            s = "%d.%d.%d.%d" % (R.randint(1, 223), R.randint(0, 255), R.randint(0, 255), R.randint(1, 254))
            a = ipaddress.IPv4Address(s)
            if any(a in n for n in V4_PRIVATE):
                continue
        if v4_allowed(s):
            return s


def gen_ipv4(form=None):
    form = form or pick(IPV4_FORMS)
    s = gen_v4_raw(form == "private" or (form not in ("public",) and chance(0.5)))
    if form == "defanged":
        s = s.replace(".", "[.]")
    return s, form


def valid_ipv4(v):
    return v4_allowed(v.replace("[.]", "."))


IPV6_FORMS = ["compressed", "full", "leading_zeros", "uppercase", "ula", "link_local_zone",
              "ipv4_embedded", "bracketed_port", "with_prefix"]
V6_PREFIXES = ["2a00", "2a01", "2a02", "2a03", "2a05", "2a0d", "2600", "2601", "2603", "2604", "2605",
               "2606", "2607", "2620", "2800", "2803", "2804", "2400", "2401", "2402", "2403", "2404",
               "2405", "2406", "2407", "2408", "2409", "240e", "2c0f", "2001"]
V6_BAD = [ipaddress.ip_network(n) for n in ("2001:db8::/32", "::/128", "::1/128", "ff00::/8", "2001::/32",
                                            "2002::/16", "100::/64")]


def v6_groups_global():
    g = [int(pick(V6_PREFIXES), 16)]
    if g[0] == 0x2001:
        while True:
            x = R.randint(0x0200, 0xffff)
            if x != 0x0db8:
                break
        g.append(x)
    else:
        g.append(R.randint(0x0001, 0xffff))
    g += [R.randint(0, 0xffff) for _ in range(6)]
    return g


def v6_with_zero_run(g):
    g = list(g)
    if chance(0.85):
        start = R.randint(2, 6)
        ln = R.randint(1, 8 - start - 1) if 8 - start - 1 >= 1 else 1
        for k in range(start, min(8, start + ln)):
            g[k] = 0
    return g


def v6_str(g):
    return str(ipaddress.IPv6Address(sum(x << (16 * (7 - i)) for i, x in enumerate(g))))


def gen_ipv6(form=None):
    form = form or pick(IPV6_FORMS)
    g = v6_groups_global()
    if form == "compressed" or form in ("bracketed_port", "with_prefix"):
        v = v6_str(v6_with_zero_run(g))
        if "::" not in v and chance(0.5):
            v = v6_str(v6_with_zero_run(g))
    elif form == "full":
        v = ":".join("%x" % x for x in g)
    elif form == "leading_zeros":
        gg = list(g)
        gg[R.randint(1, 7)] = R.randint(0, 0xff)
        v = ":".join("%04x" % x for x in gg)
    elif form == "uppercase":
        v = v6_str(v6_with_zero_run(g)).upper()
    elif form == "ula":
        gg = [0xfd00 | R.randint(0, 0xff)] + [R.randint(0, 0xffff) for _ in range(7)]
        v = v6_str(v6_with_zero_run(gg))
    elif form == "link_local_zone":
        gg = [0xfe80, 0, 0, 0] + [R.randint(0, 0xffff) for _ in range(4)]
        if chance(0.5):
            gg[5] = (gg[5] & 0xff00) | 0xff
            gg[6] = 0xfe00 | (gg[6] & 0xff)
        v = v6_str(gg)
    elif form == "ipv4_embedded":
        v4 = gen_v4_raw(chance(0.4))
        v = pick(["::ffff:", "64:ff9b::", "::FFFF:"]) + v4
    else:
        raise ValueError(form)
    return v, form


def valid_ipv6(v):
    if not re.fullmatch(r"[0-9A-Fa-f:.]+", v) or v.count(":") < 2:
        return False
    try:
        a = ipaddress.IPv6Address(v)
    except ValueError:
        return False
    if any(a in n for n in V6_BAD):
        return False
    if "." in v:
        return v4_allowed(v.rsplit(":", 1)[1])
    return True


# ---- provider keys -------------------------------------------------------------
OPENAI_FORMS = ["legacy", "project", "service_account", "admin"]


def tok_body(n, chars=B64URL):
    while True:
        s = rs(chars, n)
        if s[0] in ALNUM and s[-1] in ALNUM:
            return s


def gen_openai(form=None):
    form = form or pick(OPENAI_FORMS)
    if form == "legacy":
        v = "sk-" + rs(ALNUM, 20) + "T3BlbkFJ" + rs(ALNUM, 20)
    else:
        pfx = {"project": "sk-proj-", "service_account": "sk-svcacct-", "admin": "sk-admin-"}[form]
        v = pfx + tok_body(74) + "T3BlbkFJ" + tok_body(74)
    return v, form


def valid_openai(v):
    return bool(re.fullmatch(r"sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}", v) or
                re.fullmatch(r"sk-(proj|svcacct|admin)-[A-Za-z0-9_-]{74}T3BlbkFJ[A-Za-z0-9_-]{74}", v))


ANTHROPIC_FORMS = ["api03", "admin01"]


def gen_anthropic(form=None):
    form = form or pick(ANTHROPIC_FORMS)
    pfx = "sk-ant-api03-" if form == "api03" else "sk-ant-admin01-"
    return pfx + tok_body(93) + "AA", form


def valid_anthropic(v):
    return bool(re.fullmatch(r"sk-ant-(api03|admin01)-[A-Za-z0-9_-]{93}AA", v))


AWS_FORMS = ["akia", "asia"]


def gen_aws(form=None):
    form = form or pick(AWS_FORMS)
    while True:
        v = form.upper() + rs(B32, 16)
        if "EXAMPLE" not in v:
            return v, form


def valid_aws(v):
    return bool(re.fullmatch(r"(AKIA|ASIA)[A-Z2-7]{16}", v)) and v != "AKIAIOSFODNN7EXAMPLE"


GITHUB_FORMS = ["ghp", "gho", "ghu", "ghs", "ghr", "github_pat"]


def b62(n, width):
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = (DIGITS + UPPER + LOWER)[r] + out
    return out.rjust(width, "0")


def gen_github(form=None):
    form = form or pick(GITHUB_FORMS)
    if form == "github_pat":
        v = "github_pat_" + rs(ALNUM, 22) + "_" + rs(ALNUM, 59)
    else:
        body = rs(ALNUM, 30)
        v = form + "_" + body + b62(zlib.crc32(body.encode()), 6)
    return v, form


def valid_github(v):
    return bool(re.fullmatch(r"gh[pousr]_[A-Za-z0-9]{36}", v) or
                re.fullmatch(r"github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}", v))


BEARER_FORMS = ["mixed_alnum", "hex", "with_punctuation"]


def bearer_qualifies(tok):
    if len(tok) < 16 or not any(c.isdigit() for c in tok):
        return False
    if re.fullmatch(r"[0-9a-fA-F]+", tok):
        return True
    return any(c.isupper() for c in tok) and any(c.islower() for c in tok)


def gen_bearer(form=None):
    form = form or pick(BEARER_FORMS)
    while True:
        if form == "mixed_alnum":
            v = rs(ALNUM, R.randint(24, 48))
        elif form == "hex":
            v = rs(HEXL, pick([32, 40, 48, 64]))
        else:
            v = rs(ALNUM, R.randint(4, 8)) + pick([".", "~", "-", "_"]) + rs(ALNUM, R.randint(12, 30)) + \
                pick([".", "-", "_"]) + rs(ALNUM, R.randint(8, 20))
        if bearer_qualifies(v) and not re.match(r"(eyJ|sk-|gh[pousr]_|github_pat_|AKIA|ASIA)", v):
            return v, form


def valid_bearer(v):
    return bearer_qualifies(v) and not re.match(r"(eyJ|sk-|gh[pousr]_|github_pat_|AKIA|ASIA)", v) and \
        bool(re.fullmatch(r"[A-Za-z0-9._~+/-]+", v))


# ---------------------------------------------------------------------------
# private keys: DER / OpenSSH structures built from scratch
# ---------------------------------------------------------------------------
def der_len(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def tlv(tag, content):
    return bytes([tag]) + der_len(len(content)) + content


def der_int(x):
    return tlv(0x02, x.to_bytes(x.bit_length() // 8 + 1, "big"))


def der_seq(*parts):
    return tlv(0x30, b"".join(parts))


def der_oct(b):
    return tlv(0x04, b)


def der_null():
    return b"\x05\x00"


def der_bits(b):
    return tlv(0x03, b"\x00" + b)


def der_oid(s):
    a = [int(x) for x in s.split(".")]
    out = bytearray([40 * a[0] + a[1]])
    for v in a[2:]:
        enc = [v & 0x7f]
        v >>= 7
        while v:
            enc.append(0x80 | (v & 0x7f))
            v >>= 7
        out += bytes(reversed(enc))
    return tlv(0x06, bytes(out))


def der_ctx(n, content):
    return tlv(0xa0 | n, content)


def der_parse(b, i=0, end=None, depth=0):
    """Walk a DER buffer; raise ValueError on any inconsistency."""
    end = len(b) if end is None else end
    while i < end:
        tag = b[i]
        i += 1
        if i >= end:
            raise ValueError("short")
        ln = b[i]
        i += 1
        if ln & 0x80:
            k = ln & 0x7f
            if k == 0 or k > 4:
                raise ValueError("len")
            ln = int.from_bytes(b[i:i + k], "big")
            i += k
        if i + ln > end:
            raise ValueError("overrun")
        if tag in (0x30, 0x31) or (tag & 0xe0) == 0xa0:
            der_parse(b, i, i + ln, depth + 1)
        i += ln
    if i != end:
        raise ValueError("trailing")


def der_ok(b):
    try:
        if b[0] != 0x30:
            return False
        der_parse(b)
        # the outer SEQUENCE must span the whole buffer
        ln = b[1]
        if ln & 0x80:
            k = ln & 0x7f
            return 2 + k + int.from_bytes(b[2:2 + k], "big") == len(b)
        return 2 + ln == len(b)
    except (ValueError, IndexError):
        return False


SMALL_PRIMES = [p for p in range(3, 3000) if all(p % q for q in range(2, int(p ** 0.5) + 1))]


def probable_prime(n):
    for p in SMALL_PRIMES:
        if n % p == 0:
            return n == p
    d, s = n - 1, 0
    while d % 2 == 0:
        d //= 2
        s += 1
    for _ in range(16):
        a = R.randrange(2, n - 2)
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = x * x % n
            if x == n - 1:
                break
        else:
            return False
    return True


def gen_prime(bits):
    while True:
        c = R.getrandbits(bits) | (3 << (bits - 2)) | 1
        if probable_prime(c) and (c - 1) % 65537 != 0:
            return c


def rsa_pkcs1(bits=2048):
    e = 65537
    while True:
        p, q = gen_prime(bits // 2), gen_prime(bits // 2)
        if p != q:
            break
    if p < q:
        p, q = q, p
    n = p * q
    lam = (p - 1) * (q - 1) // _gcd(p - 1, q - 1)
    d = pow(e, -1, lam)
    assert (pow(pow(12345, e, n), d, n)) == 12345
    return der_seq(der_int(0), der_int(n), der_int(e), der_int(d), der_int(p), der_int(q),
                   der_int(d % (p - 1)), der_int(d % (q - 1)), der_int(pow(q, -1, p)))


def _gcd(a, b):
    while b:
        a, b = b, a % b
    return a


# P-256
P256_P = 2 ** 256 - 2 ** 224 + 2 ** 192 + 2 ** 96 - 1
P256_B = 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b
P256_N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551
P256_G = (0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296,
          0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5)


def ec_add(P, Q):
    p = P256_P
    if P is None:
        return Q
    if Q is None:
        return P
    if P[0] == Q[0] and (P[1] + Q[1]) % p == 0:
        return None
    if P == Q:
        lam = (3 * P[0] * P[0] - 3) * pow(2 * P[1], -1, p) % p
    else:
        lam = (Q[1] - P[1]) * pow(Q[0] - P[0], -1, p) % p
    x = (lam * lam - P[0] - Q[0]) % p
    return (x, (lam * (P[0] - x) - P[1]) % p)


def ec_mul(k, P):
    Q = None
    while k:
        if k & 1:
            Q = ec_add(Q, P)
        P = ec_add(P, P)
        k >>= 1
    return Q


def p256_on_curve(P):
    x, y = P
    return (y * y - (x * x * x - 3 * x + P256_B)) % P256_P == 0


OID_EC = "1.2.840.10045.2.1"
OID_P256 = "1.2.840.10045.3.1.7"
OID_RSA = "1.2.840.113549.1.1.1"
OID_ED25519 = "1.3.101.112"


def ec_keypair():
    d = R.randrange(1, P256_N)
    Q = ec_mul(d, P256_G)
    assert p256_on_curve(Q)
    pub = b"\x04" + Q[0].to_bytes(32, "big") + Q[1].to_bytes(32, "big")
    return d, pub


def sec1_der(d, pub, with_params=True):
    parts = [der_int(1), der_oct(d.to_bytes(32, "big"))]
    if with_params:
        parts.append(der_ctx(0, der_oid(OID_P256)))
    parts.append(der_ctx(1, der_bits(pub)))
    return der_seq(*parts)


# Ed25519 (RFC 8032) for OpenSSH / PKCS#8 keys
ED_P = 2 ** 255 - 19
ED_D = -121665 * pow(121666, -1, ED_P) % ED_P


def ed_xrecover(y, sign):
    x2 = (y * y - 1) * pow(ED_D * y * y + 1, -1, ED_P) % ED_P
    x = pow(x2, (ED_P + 3) // 8, ED_P)
    if (x * x - x2) % ED_P:
        x = x * pow(2, (ED_P - 1) // 4, ED_P) % ED_P
    if x % 2 != sign:
        x = ED_P - x
    return x


ED_BY = 4 * pow(5, -1, ED_P) % ED_P
ED_B = (ed_xrecover(ED_BY, 0), ED_BY)


def ed_add(P, Q):
    x1, y1 = P
    x2, y2 = Q
    t = ED_D * x1 * x2 * y1 * y2 % ED_P
    x3 = (x1 * y2 + x2 * y1) * pow(1 + t, -1, ED_P)
    y3 = (y1 * y2 + x1 * x2) * pow(1 - t, -1, ED_P)
    return (x3 % ED_P, y3 % ED_P)


def ed_mul(k, P):
    Q = (0, 1)
    while k:
        if k & 1:
            Q = ed_add(Q, P)
        P = ed_add(P, P)
        k >>= 1
    return Q


def ed25519_pub(seed):
    h = hashlib.sha512(seed).digest()
    a = int.from_bytes(h[:32], "little")
    a &= (1 << 254) - 8
    a |= 1 << 254
    x, y = ed_mul(a, ED_B)
    return (y | ((x & 1) << 255)).to_bytes(32, "little")


def sshstr(b):
    return len(b).to_bytes(4, "big") + b


def openssh_ed25519(encrypted=False):
    seed = rbytes(32)
    pub = ed25519_pub(seed)
    pub_blob = sshstr(b"ssh-ed25519") + sshstr(pub)
    comment = pick([b"deploy@build-07", b"backup-2024", b"ci-runner", b"laptop-key", b""])
    if encrypted:
        kdf = sshstr(rbytes(16)) + (16).to_bytes(4, "big")
        priv = rbytes(160)
        head = sshstr(b"aes256-ctr") + sshstr(b"bcrypt") + sshstr(kdf)
    else:
        chk = rbytes(4)
        priv = chk + chk + sshstr(b"ssh-ed25519") + sshstr(pub) + sshstr(seed + pub) + sshstr(comment)
        k = 1
        while len(priv) % 8:
            priv += bytes([k])
            k += 1
        head = sshstr(b"none") + sshstr(b"none") + sshstr(b"")
    return b"openssh-key-v1\x00" + head + (1).to_bytes(4, "big") + sshstr(pub_blob) + sshstr(priv)


def openssh_ok(b):
    try:
        if not b.startswith(b"openssh-key-v1\x00"):
            return False
        i = 15
        fields = []
        for _ in range(3):
            n = int.from_bytes(b[i:i + 4], "big")
            fields.append(b[i + 4:i + 4 + n])
            i += 4 + n
        nkeys = int.from_bytes(b[i:i + 4], "big")
        i += 4
        for _ in range(nkeys + 1):
            n = int.from_bytes(b[i:i + 4], "big")
            i += 4 + n
        return i == len(b) and nkeys == 1 and fields[0] in (b"none", b"aes256-ctr")
    except (IndexError, ValueError):
        return False


KEY_TYPES = ["rsa_pkcs1", "pkcs8_rsa", "pkcs8_ec", "pkcs8_ed25519", "sec1_ec", "openssh",
             "openssh_encrypted", "pkcs8_encrypted", "rsa_legacy_encrypted"]
PEM_LAYOUTS = ["lf", "crlf", "json_escaped", "yaml_block", "flattened_spaces", "env_quoted"]
PEM_LABEL = {"rsa_pkcs1": "RSA PRIVATE KEY", "pkcs8_rsa": "PRIVATE KEY", "pkcs8_ec": "PRIVATE KEY",
             "pkcs8_ed25519": "PRIVATE KEY", "sec1_ec": "EC PRIVATE KEY", "openssh": "OPENSSH PRIVATE KEY",
             "openssh_encrypted": "OPENSSH PRIVATE KEY", "pkcs8_encrypted": "ENCRYPTED PRIVATE KEY",
             "rsa_legacy_encrypted": "RSA PRIVATE KEY"}


def key_bytes(kt):
    """Returns (der_or_blob, header_lines)."""
    if kt == "rsa_pkcs1":
        return rsa_pkcs1(), []
    if kt == "pkcs8_rsa":
        return der_seq(der_int(0), der_seq(der_oid(OID_RSA), der_null()), der_oct(rsa_pkcs1())), []
    if kt == "pkcs8_ec":
        d, pub = ec_keypair()
        return der_seq(der_int(0), der_seq(der_oid(OID_EC), der_oid(OID_P256)),
                       der_oct(sec1_der(d, pub, with_params=False))), []
    if kt == "pkcs8_ed25519":
        return der_seq(der_int(0), der_seq(der_oid(OID_ED25519)), der_oct(der_oct(rbytes(32)))), []
    if kt == "sec1_ec":
        d, pub = ec_keypair()
        return sec1_der(d, pub), []
    if kt == "openssh":
        return openssh_ed25519(False), []
    if kt == "openssh_encrypted":
        return openssh_ed25519(True), []
    if kt == "pkcs8_encrypted":
        alg = der_seq(der_oid("1.2.840.113549.1.5.13"), der_seq(
            der_seq(der_oid("1.2.840.113549.1.5.12"),
                    der_seq(der_oct(rbytes(16)), der_int(pick([2048, 10000, 100000])),
                            der_seq(der_oid("1.2.840.113549.2.9"), der_null()))),
            der_seq(der_oid("2.16.840.1.101.3.4.1.42"), der_oct(rbytes(16)))))
        return der_seq(alg, der_oct(rbytes(16 * pick([10, 12, 76, 78])))), []
    if kt == "rsa_legacy_encrypted":
        cipher = pick(["AES-128-CBC", "AES-256-CBC", "DES-EDE3-CBC"])
        ivlen = 8 if cipher.startswith("DES") else 16
        return rbytes(16 * 76), ["Proc-Type: 4,ENCRYPTED",
                                 "DEK-Info: %s,%s" % (cipher, rbytes(ivlen).hex().upper())]
    raise ValueError(kt)


def pem_lines(kt):
    blob, headers = key_bytes(kt)
    if kt.startswith("openssh"):
        assert openssh_ok(blob)
        width = 70
    else:
        if kt != "rsa_legacy_encrypted":
            assert der_ok(blob), kt
        width = 64
    b64 = base64.b64encode(blob).decode()
    body = [b64[i:i + width] for i in range(0, len(b64), width)]
    lab = PEM_LABEL[kt]
    lines = ["-----BEGIN %s-----" % lab] + headers + ([""] if headers else []) + body + ["-----END %s-----" % lab]
    return lines


def pem_body_ok(value, kt):
    """Re-decode a rendered key block and check its structure."""
    s = value.replace("\\r\\n", "\n").replace("\\n", "\n").replace("\r\n", "\n")
    m = re.match(r"-----BEGIN ([A-Z ]+)-----(.*)-----END ([A-Z ]+)-----$", s, re.S)
    if not m or m.group(1) != m.group(3) or not m.group(1).endswith("PRIVATE KEY"):
        return False
    inner = m.group(2)
    inner = re.sub(r"Proc-Type: 4,ENCRYPTED", "", inner)
    inner = re.sub(r"DEK-Info: [A-Z0-9-]+,[0-9A-F]+", "", inner)
    inner = re.sub(r"\s+", "", inner)
    try:
        blob = base64.b64decode(inner, validate=True)
    except Exception:
        return False
    if kt.startswith("openssh"):
        return openssh_ok(blob)
    if kt == "rsa_legacy_encrypted":
        return len(blob) % 16 == 0 and "DEK-Info" in value
    return der_ok(blob)


def render_pem(lines, layout, indent="    "):
    if layout == "lf":
        return "\n".join(lines)
    if layout == "crlf":
        return "\r\n".join(lines)
    if layout in ("json_escaped", "env_quoted"):
        return "\\n".join(lines)
    if layout == "yaml_block":
        return ("\n" + indent).join(lines)
    if layout == "flattened_spaces":
        return " ".join(x for x in lines if x)
    raise ValueError(layout)


# ---------------------------------------------------------------------------
# JWT
# ---------------------------------------------------------------------------
JWT_SIG = {"HS256": 32, "HS384": 48, "HS512": 64, "RS256": 256, "RS384": 256, "RS512": 256,
           "PS256": 256, "PS384": 256, "ES256": 64, "ES384": 96, "ES512": 132, "EdDSA": 64}
JWT_FORMS = ["hmac", "rsa", "ecdsa", "eddsa", "jose_other"]
JWT_ALG_BY_FORM = {"hmac": ["HS256", "HS384", "HS512"], "rsa": ["RS256", "RS384", "RS512", "PS256", "PS384"],
                   "ecdsa": ["ES256", "ES384", "ES512"], "eddsa": ["EdDSA"]}
JWT_IO_PAYLOAD = "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ"


def jdump(o):
    return json.dumps(o, separators=(",", ":"), ensure_ascii=True)


def jwt_header(alg):
    h = pick([{"alg": alg, "typ": "JWT"}, {"typ": "JWT", "alg": alg}, {"alg": alg, "kid": rs(ALNUM, 8)},
              {"alg": alg, "typ": "at+jwt", "kid": rs(HEXL, 16)}])
    return b64u(jdump(h).encode())


def jwt_payload():
    t = R.randint(1690000000, 1740000000)
    p = {"sub": pick(["usr_", "acct-", "svc:", ""]) + rs(ALNUM, R.randint(6, 14)), "iat": t,
         "exp": t + pick([300, 900, 3600, 86400])}
    if chance(0.6):
        p["iss"] = "https://auth." + pick(DOMAINS)
    if chance(0.5):
        p["scope"] = pick(["read:orders", "openid profile", "admin", "billing:write", "reports"])
    if chance(0.3):
        p["tenant"] = rs(HEXL, 12)
    return b64u(jdump(p).encode())


def gen_jwt(form=None):
    form = form or pick(JWT_FORMS)
    if form != "jose_other":
        alg = pick(JWT_ALG_BY_FORM[form])
        return jwt_header(alg) + "." + jwt_payload() + "." + b64u(rbytes(JWT_SIG[alg])), form
    kind = pick(["payload_not_json", "short_signature", "alg_none"])
    if kind == "payload_not_json":
        alg = pick(sorted(JWT_SIG))
        return jwt_header(alg) + "." + b64u(rbytes(R.randint(24, 60))) + "." + b64u(rbytes(JWT_SIG[alg])), form
    if kind == "short_signature":
        alg = pick(["HS256", "RS256", "ES256"])
        return jwt_header(alg) + "." + jwt_payload() + "." + b64u(rbytes(JWT_SIG[alg]))[:R.randint(8, 30)], form
    h = b64u(jdump(pick([{"alg": "none", "typ": "JWT"}, {"alg": "none"}])).encode())
    return h + "." + jwt_payload() + ".", form


def jose_header(seg):
    try:
        h = json.loads(b64u_dec(seg).decode("utf-8"))
    except Exception:
        return None
    return h if isinstance(h, dict) and isinstance(h.get("alg"), str) else None


def valid_jwt(v, form):
    parts = v.split(".")
    if len(parts) != 3 or not all(re.fullmatch(r"[A-Za-z0-9_-]*", p) for p in parts):
        return False
    h = jose_header(parts[0])
    if h is None or parts[1] == JWT_IO_PAYLOAD:
        return False
    try:
        pj = json.loads(b64u_dec(parts[1]).decode("utf-8"))
        payload_json = isinstance(pj, dict)
    except Exception:
        payload_json = False
    try:
        sig = b64u_dec(parts[2])
    except Exception:
        sig = None
    if form != "jose_other":
        return h["alg"] in JWT_SIG and payload_json and sig is not None and len(sig) == JWT_SIG[h["alg"]] \
            and len(parts[2]) == len(b64u(bytes(JWT_SIG[h["alg"]])))
    if h["alg"] == "none":
        return parts[2] == "" and payload_json
    return (not payload_json) or (len(parts[2]) < len(b64u(bytes(JWT_SIG.get(h["alg"], 32)))))


# ---------------------------------------------------------------------------
# conservative scanner: run over every text with the labelled values masked
# out; anything it finds makes the draw be thrown away.
# ---------------------------------------------------------------------------
def _name_pattern(p):
    g, f = re.escape(p["given"]), re.escape(p["family"])
    if p["latin"]:
        b, e = r"(?<!\w)", r"(?!\w)"
        return (b + g + r"\s+(?:[A-Za-z]\.\s+)?" + f + e + "|" + b + f + r"[\s,]+" + g + e)
    return g + r"[\s,]*" + f + "|" + f + r"[\s,]*" + g


NAME_SCAN = re.compile("|".join(_name_pattern(p) for p in PEOPLE), re.I)
STREET_SCAN = [(re.compile(re.escape(s["name"]), re.I)) for s in STREETS]
IBAN_CAND = re.compile(r"(?<![A-Za-z0-9])([A-Za-z]{2})(\d{2})")
EMAIL_SCAN = [
    re.compile(r"[A-Za-z0-9._%+-]+\s?@\s?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"),
    re.compile(r"[A-Za-z0-9._%+-]+\s*[\[\(\{]\s*at\s*[\]\)\}]\s*[A-Za-z0-9-]+", re.I),
    re.compile(r"[A-Za-z0-9._%+-]+\s+at\s+[A-Za-z0-9-]+(?:\s+dot\s+[A-Za-z0-9-]+)+", re.I),
    re.compile(r"[A-Za-z0-9-]\[\.\][A-Za-z]"),
    re.compile(r"[A-Za-z0-9._%+-]+\s*[\[\(]\s*@\s*[\]\)]\s*[A-Za-z0-9-]+"),
]
V4_SCAN = re.compile(r"(?<![\d.])(\d{1,3})(?:\.|\[\.\])(\d{1,3})(?:\.|\[\.\])(\d{1,3})(?:\.|\[\.\])(\d{1,3})(?!\d)")
V6_RUN = re.compile(r"(?<![0-9A-Za-z])[0-9A-Fa-f:.]{2,}(?![0-9A-Za-z])")
KEY_SCAN = [
    ("openai", re.compile(r"sk-[A-Za-z0-9_-]{0,40}T3BlbkFJ")),
    ("openai", re.compile(r"sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,}")),
    ("openai", re.compile(r"sk-[A-Za-z0-9]{32,}")),
    ("anthropic", re.compile(r"sk-ant-[A-Za-z0-9]+-[A-Za-z0-9_-]{40,}")),
    ("aws", re.compile(r"(?<![A-Za-z0-9])A[KS]IA[A-Z0-9]{12,}")),
    ("github", re.compile(r"gh[pousr]_[A-Za-z0-9]{30,}")),
    ("github", re.compile(r"github_pat_[A-Za-z0-9_]{40,}")),
    ("pem", re.compile(r"PRIVATE KEY-----")),
    ("jwt", re.compile(r"eyJhbGci|eyJ0eXAiOiJKV1QiLCJhbGci")),
]
JWT_CAND = re.compile(r"[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}(?:\.[A-Za-z0-9_-]*)?")
BEARER_SCAN = re.compile(r"bearer\s+([^\s\"'<>,;)\]}`]+)", re.I)
PHONE_SCAN = re.compile(r"(?<![\w+])(?:\+|00)\s?\(?[1-9][\d \-.()/\u00a0\u2009]{5,}\d")
SSN_WORD = re.compile(r"ssn|social security number", re.I)
SSN_SCAN = re.compile(r"(?<![\d])(\d{3})([- .]?)(\d{2})\2(\d{4})(?![\d])")
CARD_RUN = re.compile(r"\d(?:[ \-\u00a0\u2009]?\d)+")


def scan(text):
    found = []
    norm = text.translate(FW_BACK)
    em = norm.replace("\u200b", "")
    for rx in EMAIL_SCAN:
        for m in rx.finditer(em):
            found.append(("email", m.group(0)))
    for m in CARD_RUN.finditer(norm):
        groups = re.split(r"[ \-\u00a0\u2009]", m.group(0))
        for i in range(len(groups)):
            tot = ""
            for j in range(i, len(groups)):
                tot += groups[j]
                if 13 <= len(tot) <= 19 and luhn_ok(tot):
                    found.append(("luhn", tot))
                if len(tot) > 19:
                    break
    for m in IBAN_CAND.finditer(norm):
        cc = m.group(1).upper()
        if cc not in IBAN_SPEC:
            continue
        L = IBAN_SPEC[cc][0]
        compact, k = "", m.start()
        while k < len(norm) and len(compact) < L:
            ch = norm[k]
            if ch.isascii() and ch.isalnum():
                compact += ch
            elif ch in " \u00a0-" and k + 1 < len(norm) and norm[k + 1].isascii() and norm[k + 1].isalnum():
                pass
            else:
                break
            k += 1
        if len(compact) == L and iban_num(compact[4:].upper() + compact[:4].upper()) % 97 == 1:
            found.append(("iban", compact))
    for m in V4_SCAN.finditer(norm):
        if all(int(x) <= 255 for x in m.groups()):
            found.append(("ipv4", m.group(0)))
    for m in V6_RUN.finditer(norm):
        run = m.group(0)
        if run.count(":") < 2:
            continue
        for cand in (run, run.rstrip(".:"), run.strip(".")):
            try:
                ipaddress.IPv6Address(cand)
                found.append(("ipv6", cand))
                break
            except ValueError:
                pass
    for kind, rx in KEY_SCAN:
        for m in rx.finditer(text):
            found.append((kind, m.group(0)))
    for m in JWT_CAND.finditer(text):
        seg = m.group(0).split(".")[0]
        if jose_header(seg) is not None:
            found.append(("jwt", m.group(0)))
    for m in BEARER_SCAN.finditer(text):
        if bearer_qualifies(m.group(1)):
            found.append(("bearer", m.group(1)))
    for m in PHONE_SCAN.finditer(norm):
        if len(re.sub(r"\D", "", m.group(0))) >= 7:
            found.append(("phone", m.group(0)))
    if re.search(r"tel:\s*\+?\d", norm):
        found.append(("phone", "tel:"))
    if SSN_WORD.search(text):
        for m in SSN_SCAN.finditer(norm):
            if ssn_ok_parts(int(m.group(1)), int(m.group(3)), int(m.group(4))):
                found.append(("ssn", m.group(0)))
    for m in NAME_SCAN.finditer(text):
        found.append(("person", m.group(0)))
    for rx in STREET_SCAN:
        for m in rx.finditer(text):
            around = text[max(0, m.start() - 12):m.start()] + "|" + text[m.end():m.end() + 12]
            if re.search(r"\d", around.translate(FW_BACK)):
                found.append(("street", m.group(0)))
    return found


MASK = "\u2592"


def mask_labels(text, values):
    for v in sorted(set(values), key=lambda x: (-len(x), x)):
        text = text.replace(v, MASK)
    return text


def scanner_selftest():
    pos = [
        "mail me: anna.k@" + DOMAINS[0], "x(at)" + DOMAINS[1], "kim at quietpine dot dev",
        "card " + card_digits("visa"),
        "iban " + gen_iban("grouped_space")[0], "host 10.20.30.40 up", "peer 8[.]8[.]4[.]9",
        "addr 2a02:8108:1c0:5e00::1", "k=" + gen_openai("legacy")[0], gen_anthropic()[0],
        gen_aws()[0], gen_github()[0], gen_jwt("hmac")[0], "Authorization: Bearer " + gen_bearer()[0],
        "-----BEGIN PRIVATE KEY-----", "+49 30 1234 5678", "0044 20 7946 1234", "tel:+4930123456",
        "SSN 212-43-8765", PEOPLE[0]["given"] + " " + PEOPLE[0]["family"],
        (PEOPLE[3]["family"] + ", " + PEOPLE[3]["given"]).upper(),
        STREETS[0]["name"] + " 14", "12 " + STREETS[-12]["name"], gen_iban("lowercase")[0],
        "sk-ant-api03-" + "A" * 93 + "AA", "fe80::1ff:fe23:4567:890a%eth0", "+８１ ９０-１２３４-５６７８",
    ]
    for t in pos:
        assert scan(t), "scanner misses: %r" % t
    neg = ["Meeting moved to Thursday at ten.", "version 2.14.3 released", "Build 20240517.3",
           "uuid 3f2a6c1e-9b4d-4e1a-8f7c-2d5e6a7b8c9d", "mac 3c:22:fb:1a:9e:07", "at 10:00:00 UTC",
           "Bearer <token>", "Bearer YOUR_API_KEY", "sk-...", "SSN 000-12-3456", "9-digit 284613950",
           "std::vector", "price 1.299,00 EUR", "@kestrel_dev on social", "coords 52.5200, 13.4050",
           "§ 823 Abs. 1 BGB", "C6H12O6", "Gate B42", STREETS[0]["name"] + " is closed"]
    for t in neg:
        assert not scan(t), "scanner false positive: %r -> %r" % (t, scan(t))


# ---------------------------------------------------------------------------
# sentence frames, written for this corpus.  {v} is the slot.
# categories: contact, pay, net, secret, person, address, ssn, gen
# ---------------------------------------------------------------------------
FRAMES = {
    "en": dict(
        contact=["You can reach me at {v} after six.", "{v} is the best way to get hold of the night shift.",
                 "If the courier gets lost, tell him to try {v}", "New contact for the caretaker: {v}."],
        pay=["Please charge the deposit to {v} and send me the receipt.",
             "The refund should go back to {v}, not to the old account.",
             "{v} — that's the one the school fees come out of."],
        net=["The backup job keeps timing out when it talks to {v} over the VPN.",
             "Can you whitelist {v} before the audit tomorrow?", "{v} started answering again around midnight."],
        secret=["I accidentally pasted this into the shared channel: {v} — can someone rotate it?",
                "Found in an old branch: {v}", "Why does the demo notebook still contain {v}? Please purge it."],
        person=["The keys were handed over to {v} on Friday.", "Ask {v} whether the minutes are final.",
                "{v} will cover the front desk while I'm away."],
        address=["The parcel was delivered to {v} instead of the warehouse.",
                 "Our new studio is at {v}, second floor.", "{v} is where the tasting takes place this year."],
        ssn=["My SSN is {v}, please update the W-2.", "Applicant's social security number: {v}",
             "The SSN on the scanned form reads {v}; can you confirm?"],
        gen=["For the record, the reference in the report is {v}.",
             "Could you double-check {v}? It looks odd to me.", "{v} was all the ticket said."]),
    "de": dict(
        contact=["Erreichbar bin ich ab 18 Uhr unter {v}.", "{v} – bitte nur in dringenden Fällen."],
        pay=["Bitte die Kaution über {v} abbuchen und mir den Beleg schicken."],
        net=["Der Sicherungsjob bricht ab, sobald er {v} über das VPN anspricht."],
        secret=["Das habe ich versehentlich in den Teamkanal kopiert: {v} – kann jemand den Schlüssel tauschen?"],
        person=["Die Schlüssel wurden am Freitag an {v} übergeben.", "Frag bitte {v}, ob das Protokoll fertig ist."],
        address=["Das Paket wurde an {v} statt ans Lager geliefert."],
        ssn=["Meine US-SSN lautet {v}, bitte im Formular nachtragen."],
        gen=["Laut Bericht lautet die Referenz {v}.", "Kannst du {v} noch einmal prüfen? Das kommt mir komisch vor."]),
    "fr": dict(
        contact=["Mes coordonnées : {v} (merci de ne pas les diffuser).", "{v} — c'est le contact pour l'équipe de nuit."],
        pay=["Merci de prélever l'acompte sur {v} et de m'envoyer le reçu."],
        net=["La sauvegarde échoue dès qu'elle contacte {v} via le VPN."],
        secret=["J'ai collé ça par erreur dans le canal commun : {v}. Quelqu'un peut le révoquer ?"],
        person=["Les clés ont été remises à {v} vendredi."],
        address=["Le colis est arrivé à l'adresse {v}, pas à l'entrepôt."],
        ssn=["Mon SSN américain est le {v}, merci de corriger le formulaire."],
        gen=["Dans le rapport, la référence indiquée est {v}.", "Tu peux revérifier {v} ? Ça me paraît bizarre."]),
    "es": dict(
        contact=["Me puedes localizar en {v} a partir de las seis.", "{v}: ese es el contacto del turno de noche."],
        pay=["Por favor, cargad la fianza a {v} y mandadme el recibo."],
        net=["La copia de seguridad falla cada vez que conecta con {v} por la VPN."],
        secret=["Pegué esto sin querer en el canal del equipo: {v} ¿Alguien puede revocarlo?"],
        person=["Las llaves se entregaron a {v} el viernes."],
        address=["El paquete llegó a {v} en lugar del almacén."],
        ssn=["Mi SSN es {v}; por favor, actualízalo en el expediente."],
        gen=["Según el informe, la referencia es {v}.", "¿Puedes revisar {v}? Me parece raro."]),
    "it": dict(
        contact=["Per urgenze scrivetemi o chiamatemi: {v}."],
        pay=["Addebitate pure la caparra su {v} e mandatemi la ricevuta."],
        net=["Il backup si blocca ogni volta che contatta {v} tramite la VPN."],
        secret=["Ho incollato questo per sbaglio nel canale del team: {v} — qualcuno può revocarlo?"],
        person=["Le chiavi sono state consegnate a {v} venerdì."],
        address=["Il pacco è stato consegnato in {v} invece che al magazzino."],
        ssn=["Il mio SSN statunitense è {v}, aggiornatelo nella pratica."],
        gen=["Nel verbale il riferimento è {v}.", "Puoi ricontrollare {v}? Mi sembra strano."]),
    "pt": dict(
        contact=["Podem falar comigo através de {v} depois das seis."],
        pay=["Por favor, debitem o sinal em {v} e enviem-me o recibo."],
        net=["A cópia de segurança falha sempre que contacta {v} pela VPN."],
        secret=["Colei isto sem querer no canal da equipa: {v} — alguém pode revogar?"],
        person=["As chaves foram entregues a {v} na sexta-feira."],
        address=["A encomenda foi parar à morada {v} em vez do armazém."],
        ssn=["O meu SSN americano é {v}; atualizem o processo, por favor."],
        gen=["No relatório, a referência é {v}.", "Podes confirmar {v}? Parece-me estranho."]),
    "nl": dict(
        contact=["Na zessen ben ik bereikbaar via {v}."],
        pay=["Schrijf de borg maar af van {v} en stuur me het bonnetje."],
        net=["De back-up loopt vast zodra hij {v} via de VPN benadert."],
        secret=["Dit heb ik per ongeluk in het teamkanaal geplakt: {v} – kan iemand hem intrekken?"],
        person=["De sleutels zijn vrijdag aan {v} overgedragen."],
        address=["Het pakket is op {v} bezorgd in plaats van bij het magazijn."],
        ssn=["Mijn Amerikaanse SSN is {v}, kun je dat in het dossier zetten?"],
        gen=["In het rapport staat als referentie {v}.", "Kun je {v} nog eens nakijken? Het lijkt niet te kloppen."]),
    "pl": dict(
        contact=["Po szóstej jestem dostępny pod {v}."],
        pay=["Proszę pobrać kaucję z {v} i przesłać mi potwierdzenie."],
        net=["Kopia zapasowa przerywa się, gdy tylko łączy się z {v} przez VPN."],
        secret=["Przez pomyłkę wkleiłem to na kanał zespołu: {v} — czy ktoś może to unieważnić?"],
        person=["Klucze przekazano w piątek — odbiorca: {v}."],
        address=["Paczka trafiła pod adres {v} zamiast do magazynu."],
        ssn=["Mój amerykański numer SSN to {v}, proszę go dopisać."],
        gen=["W raporcie podano numer referencyjny {v}.", "Możesz jeszcze raz sprawdzić {v}? Coś mi tu nie pasuje."]),
    "cs": dict(
        contact=["Po šesté hodině mě zastihnete na {v}."],
        pay=["Zálohu prosím strhněte z {v} a pošlete mi potvrzení."],
        net=["Záloha spadne pokaždé, když se přes VPN připojí k {v}."],
        secret=["Omylem jsem to vložil do týmového kanálu: {v} – může to někdo zneplatnit?"],
        person=["Klíče v pátek převzal(a): {v}."],
        address=["Balík byl doručen na adresu {v} místo do skladu."],
        ssn=["Moje americké SSN je {v}, doplňte ho prosím do spisu."],
        gen=["Ve zprávě je uvedena reference {v}.", "Můžeš ještě zkontrolovat {v}? Nezdá se mi to."]),
    "sv": dict(
        contact=["Efter sex når du mig på {v}."],
        pay=["Dra depositionen från {v} och skicka kvittot till mig."],
        net=["Säkerhetskopian avbryts så fort den kontaktar {v} via VPN."],
        secret=["Jag klistrade av misstag in det här i teamkanalen: {v} – kan någon spärra den?"],
        person=["Nycklarna lämnades över till {v} i fredags."],
        address=["Paketet levererades till {v} i stället för till lagret."],
        ssn=["Mitt amerikanska SSN är {v}, kan du lägga in det i ärendet?"],
        gen=["I rapporten anges referensen {v}.", "Kan du dubbelkolla {v}? Det ser konstigt ut."]),
    "da": dict(
        contact=["Efter klokken seks kan jeg træffes på {v}."],
        pay=["Træk depositummet fra {v} og send mig kvitteringen."],
        net=["Backuppen fejler, hver gang den kontakter {v} over VPN."],
        secret=["Jeg kom til at indsætte det her i teamkanalen: {v} – kan nogen spærre den?"],
        person=["Nøglerne blev overdraget til {v} i fredags."],
        address=["Pakken blev leveret til {v} i stedet for lageret."],
        ssn=["Mit amerikanske SSN er {v}, kan du skrive det ind i sagen?"],
        gen=["I rapporten står referencen som {v}.", "Kan du tjekke {v} igen? Det ser mærkeligt ud."]),
    "no": dict(
        contact=["Etter klokka seks treffer du meg på {v}."],
        pay=["Trekk depositumet fra {v} og send meg kvitteringen."],
        net=["Sikkerhetskopien stopper hver gang den kontakter {v} over VPN."],
        secret=["Jeg limte ved en feil inn dette i teamkanalen: {v} – kan noen sperre den?"],
        person=["Nøklene ble overlevert til {v} på fredag."],
        address=["Pakken ble levert til {v} i stedet for til lageret."],
        ssn=["Mitt amerikanske SSN er {v}, kan du føre det inn i saken?"],
        gen=["I rapporten står referansen {v}.", "Kan du sjekke {v} en gang til? Det ser rart ut."]),
    "fi": dict(
        contact=["Kuuden jälkeen tavoitat minut: {v}."],
        pay=["Veloittakaa takuumaksu tästä: {v}, ja lähettäkää kuitti minulle."],
        net=["Varmuuskopiointi katkeaa aina, kun se ottaa yhteyden osoitteeseen {v} VPN:n kautta."],
        secret=["Liitin tämän vahingossa tiimin kanavalle: {v} – voiko joku mitätöidä sen?"],
        person=["Avaimet luovutettiin perjantaina henkilölle {v}."],
        address=["Paketti toimitettiin osoitteeseen {v} eikä varastolle."],
        ssn=["Yhdysvaltalainen SSN-numeroni on {v}, lisäisitkö sen hakemukseen?"],
        gen=["Raportissa viitteeksi on merkitty {v}.", "Voitko tarkistaa {v} vielä kerran? Se näyttää oudolta."]),
    "hu": dict(
        contact=["Hat után itt érsz el: {v}."],
        pay=["Kérlek, a kauciót erről terheljétek: {v}, és küldjétek el a bizonylatot."],
        net=["A mentés mindig leáll, amikor a VPN-en keresztül ehhez kapcsolódik: {v}."],
        secret=["Véletlenül bemásoltam ezt a csapatcsatornába: {v} – valaki vissza tudja vonni?"],
        person=["A kulcsokat pénteken {v} vette át."],
        address=["A csomagot a raktár helyett ide kézbesítették: {v}."],
        ssn=["Az amerikai SSN-em: {v}, kérlek, írd be az aktába."],
        gen=["A jelentésben a hivatkozási szám {v}.", "Meg tudnád nézni még egyszer ezt: {v}? Furcsának tűnik."]),
    "ro": dict(
        contact=["După ora șase mă găsiți la {v}."],
        pay=["Vă rog să rețineți garanția de pe {v} și să-mi trimiteți chitanța."],
        net=["Backup-ul se oprește de fiecare dată când contactează {v} prin VPN."],
        secret=["Am lipit din greșeală asta pe canalul echipei: {v} — o poate revoca cineva?"],
        person=["Cheile au fost predate vineri către {v}."],
        address=["Coletul a fost livrat la {v} în loc de depozit."],
        ssn=["SSN-ul meu american este {v}; vă rog să-l treceți în dosar."],
        gen=["În raport, referința este {v}.", "Poți verifica din nou {v}? Mi se pare ciudat."]),
    "hr": dict(
        contact=["Nakon šest sati možete me dobiti na {v}."],
        pay=["Molim da polog naplatite s {v} i pošaljete mi potvrdu."],
        net=["Sigurnosna kopija prekida se čim se preko VPN-a spoji na {v}."],
        secret=["Slučajno sam ovo zalijepio u kanal tima: {v} – može li ga netko opozvati?"],
        person=["Ključeve je u petak preuzeo/la {v}."],
        address=["Paket je dostavljen na adresu {v} umjesto u skladište."],
        ssn=["Moj američki SSN je {v}, molim upišite ga u spis."],
        gen=["U izvješću je navedena referenca {v}.", "Možeš li još jednom provjeriti {v}? Čini mi se čudno."]),
    "tr": dict(
        contact=["Saat altıdan sonra bana {v} üzerinden ulaşabilirsiniz."],
        pay=["Depozitoyu lütfen {v} üzerinden tahsil edin ve makbuzu gönderin."],
        net=["Yedekleme, VPN üzerinden {v} adresine bağlandığı anda kesiliyor."],
        secret=["Bunu yanlışlıkla ekip kanalına yapıştırdım: {v} — biri iptal edebilir mi?"],
        person=["Anahtarlar cuma günü {v} adlı kişiye teslim edildi."],
        address=["Koli depo yerine {v} adresine teslim edilmiş."],
        ssn=["ABD SSN numaram {v}, lütfen dosyaya ekleyin."],
        gen=["Raporda referans {v} olarak geçiyor.", "{v} değerini bir daha kontrol eder misin? Bana tuhaf geldi."]),
    "el": dict(
        contact=["Μετά τις έξι με βρίσκετε στο {v}."],
        pay=["Παρακαλώ χρεώστε την προκαταβολή στο {v} και στείλτε μου την απόδειξη."],
        net=["Το αντίγραφο ασφαλείας διακόπτεται κάθε φορά που συνδέεται με το {v} μέσω VPN."],
        secret=["Το επικόλλησα κατά λάθος στο κανάλι της ομάδας: {v} — μπορεί κάποιος να το ανακαλέσει;"],
        person=["Τα κλειδιά παραδόθηκαν την Παρασκευή στον/στην {v}."],
        address=["Το δέμα παραδόθηκε στη διεύθυνση {v} αντί για την αποθήκη."],
        ssn=["Ο αμερικανικός αριθμός SSN μου είναι {v}· ενημερώστε τον φάκελο."],
        gen=["Στην αναφορά η παραπομπή είναι {v}.", "Μπορείς να ελέγξεις ξανά το {v}; Μου φαίνεται περίεργο."]),
    "ru": dict(
        contact=["После шести со мной можно связаться: {v}."],
        pay=["Пожалуйста, спишите залог с {v} и пришлите мне чек."],
        net=["Резервное копирование обрывается каждый раз, когда оно подключается к {v} через VPN."],
        secret=["Я случайно вставил это в общий канал команды: {v} — кто-нибудь может его отозвать?"],
        person=["В пятницу ключи получил(а) {v}."],
        address=["Посылку доставили по адресу {v}, а не на склад."],
        ssn=["Мой американский SSN: {v}, внесите его, пожалуйста, в анкету."],
        gen=["В отчёте указан номер {v}.", "Можешь ещё раз проверить «{v}»? Выглядит странно."]),
    "uk": dict(
        contact=["Після шостої мене можна застати за контактом {v}."],
        pay=["Будь ласка, спишіть заставу з {v} і надішліть мені квитанцію."],
        net=["Резервне копіювання обривається щоразу, коли воно підключається до {v} через VPN."],
        secret=["Я випадково вставив це в канал команди: {v} — хтось може його відкликати?"],
        person=["У п'ятницю ключі отримав(ла) {v}."],
        address=["Посилку доставили за адресою {v}, а не на склад."],
        ssn=["Мій американський SSN: {v}, додайте його, будь ласка, до справи."],
        gen=["У звіті вказано посилання {v}.", "Можеш ще раз перевірити {v}? Виглядає дивно."]),
    "ar": dict(
        contact=["يمكنك التواصل معي بعد السادسة عبر {v}."],
        pay=["يرجى خصم العربون من {v} وإرسال الإيصال إليّ."],
        net=["تتوقف النسخة الاحتياطية كلما اتصلت بالعنوان {v} عبر الشبكة الافتراضية الخاصة."],
        secret=["لصقت هذا بالخطأ في قناة الفريق: {v} — هل يمكن لأحد إلغاؤه؟"],
        person=["تم تسليم المفاتيح يوم الجمعة إلى {v}."],
        address=["تم توصيل الطرد إلى العنوان {v} بدلاً من المستودع."],
        ssn=["رقم SSN الأمريكي الخاص بي هو {v}، يرجى تحديث الملف."],
        gen=["المرجع المذكور في التقرير هو {v}.", "هل يمكنك التحقق من {v} مرة أخرى؟ يبدو غريباً."]),
    "he": dict(
        contact=["אחרי שש אפשר להשיג אותי כאן: {v}"],
        pay=["נא לחייב את הפיקדון דרך {v} ולשלוח לי קבלה."],
        net=["הגיבוי נופל בכל פעם שהוא מתחבר אל {v} דרך ה-VPN."],
        secret=["הדבקתי את זה בטעות בערוץ של הצוות: {v} — מישהו יכול לבטל את זה?"],
        person=["המפתחות נמסרו ביום שישי לידי {v}."],
        address=["החבילה נמסרה לכתובת {v} במקום למחסן."],
        ssn=["מספר ה-SSN האמריקאי שלי הוא {v}, נא לעדכן בתיק."],
        gen=["בדוח מופיע המספר {v} כאסמכתא.", "תוכל לבדוק שוב את {v}? זה נראה לי מוזר."]),
    "fa": dict(
        contact=["بعد از ساعت شش از طریق {v} در دسترس هستم."],
        pay=["لطفاً ودیعه را از {v} برداشت کنید و رسید را برایم بفرستید."],
        net=["پشتیبان‌گیری هر بار که از طریق VPN به {v} وصل می‌شود قطع می‌شود."],
        secret=["این را اشتباهی در کانال تیم گذاشتم: {v} — کسی می‌تواند باطلش کند؟"],
        person=["کلیدها روز جمعه به {v} تحویل داده شد."],
        address=["بسته به جای انبار به نشانی {v} تحویل شد."],
        ssn=["شماره SSN آمریکایی من {v} است؛ لطفاً در پرونده ثبت کنید."],
        gen=["در گزارش، شماره مرجع {v} آمده است.", "می‌شود دوباره {v} را بررسی کنی؟ عجیب به نظر می‌رسد."]),
    "hi": dict(
        contact=["छह बजे के बाद मुझसे {v} पर संपर्क करें।"],
        pay=["कृपया जमा राशि {v} से काट लें और मुझे रसीद भेज दें।"],
        net=["बैकअप हर बार रुक जाता है जब वह VPN के ज़रिए {v} से जुड़ता है।"],
        secret=["मैंने गलती से यह टीम चैनल में चिपका दिया: {v} — क्या कोई इसे रद्द कर सकता है?"],
        person=["चाबियाँ शुक्रवार को {v} को सौंप दी गईं।"],
        address=["पार्सल गोदाम की बजाय {v} पर पहुँचा दिया गया।"],
        ssn=["मेरा अमेरिकी SSN {v} है, कृपया फ़ाइल में जोड़ दें।"],
        gen=["रिपोर्ट में संदर्भ संख्या {v} दी गई है।", "क्या आप {v} को फिर से जाँच सकते हैं? यह अजीब लग रहा है।"]),
    "bn": dict(
        contact=["ছয়টার পর আমার সাথে যোগাযোগ: {v}।"],
        pay=["অনুগ্রহ করে জামানতের টাকা {v} থেকে কেটে রসিদ পাঠিয়ে দিন।"],
        net=["ভিপিএন দিয়ে {v}-এ সংযোগ করলেই ব্যাকআপ বন্ধ হয়ে যায়।"],
        secret=["ভুল করে এটা টিমের চ্যানেলে পেস্ট করেছি: {v} — কেউ কি এটা বাতিল করতে পারবেন?"],
        person=["শুক্রবার চাবিগুলো {v}-কে বুঝিয়ে দেওয়া হয়েছে।"],
        address=["পার্সেলটি গুদামের বদলে {v} ঠিকানায় পৌঁছেছে।"],
        ssn=["আমার মার্কিন SSN হলো {v}, অনুগ্রহ করে ফাইলে যোগ করুন।"],
        gen=["প্রতিবেদনে রেফারেন্স হিসেবে {v} লেখা আছে।", "{v} আরেকবার দেখবেন? একটু অদ্ভুত লাগছে।"]),
    "ja": dict(
        contact=["18時以降は「{v}」までご連絡ください。", "夜間の連絡先：{v}"],
        pay=["保証金は {v} から引き落としてください。領収書もお願いします。"],
        net=["VPN経由で {v} に接続するたびにバックアップが止まります。", "障害が出ている接続先：{v}。"],
        secret=["チームのチャンネルに誤って貼ってしまいました：{v}　どなたか無効化できますか？"],
        person=["金曜日に鍵を{v}に渡しました。"],
        address=["荷物は倉庫ではなく「{v}」に届きました。"],
        ssn=["私の米国SSNは {v} です。書類に追記してください。"],
        gen=["報告書の参照番号は {v} です。", "{v} をもう一度確認してもらえますか？少し変です。"]),
    "zh": dict(
        contact=["六点以后可以通过 {v} 联系我。", "值班联系方式：{v}"],
        pay=["请从 {v} 扣除押金，并把收据发给我。"],
        net=["每次通过 VPN 连接 {v} 时备份都会中断。"],
        secret=["我不小心把这个贴到了团队频道：{v}，谁能帮忙吊销一下？"],
        person=["钥匙周五已经交给了{v}。"],
        address=["包裹被送到了 {v}，而不是仓库。", "新的收货地址是：{v}。"],
        ssn=["我的美国 SSN 是 {v}，请更新到档案里。"],
        gen=["报告里写的参考号是 {v}。", "你能再核对一下《{v}》吗？看起来不太对。"]),
    "ko": dict(
        contact=["여섯 시 이후 연락처: {v}"],
        pay=["보증금은 {v} 에서 결제해 주시고 영수증을 보내 주세요."],
        net=["VPN으로 {v} 에 접속할 때마다 백업이 멈춥니다."],
        secret=["실수로 팀 채널에 붙여 넣었습니다: {v} — 누가 폐기해 줄 수 있나요?"],
        person=["금요일에 열쇠를 {v}에게 전달했습니다."],
        address=["택배가 창고 대신 {v}(으)로 배송되었습니다."],
        ssn=["제 미국 SSN은 {v}입니다. 서류에 추가해 주세요."],
        gen=["보고서의 참조 번호는 {v}입니다.", "{v} 다시 확인해 줄 수 있어요? 좀 이상해 보여요."]),
    "vi": dict(
        contact=["Sau sáu giờ, bạn có thể liên hệ với tôi qua {v}."],
        pay=["Vui lòng trừ tiền đặt cọc từ {v} và gửi biên lai cho tôi."],
        net=["Bản sao lưu bị ngắt mỗi khi kết nối tới {v} qua VPN."],
        secret=["Tôi lỡ dán cái này vào kênh của nhóm: {v} — ai có thể thu hồi giúp không?"],
        person=["Chìa khóa đã được giao cho {v} vào thứ Sáu."],
        address=["Bưu kiện đã được giao đến {v} thay vì kho hàng."],
        ssn=["Số SSN Mỹ của tôi là {v}, vui lòng cập nhật hồ sơ."],
        gen=["Trong báo cáo, số tham chiếu là {v}.", "Bạn kiểm tra lại {v} giúp mình nhé? Trông hơi lạ."]),
    "th": dict(
        contact=["หลังหกโมงเย็นติดต่อฉันได้ที่ {v} นะคะ"],
        pay=["กรุณาหักเงินมัดจำจาก {v} และส่งใบเสร็จให้ด้วย"],
        net=["การสำรองข้อมูลหยุดทุกครั้งที่เชื่อมต่อกับ {v} ผ่าน VPN"],
        secret=["เผลอวางสิ่งนี้ในช่องของทีม: {v} — มีใครช่วยเพิกถอนได้ไหม"],
        person=["ส่งมอบกุญแจให้คุณ{v} เมื่อวันศุกร์แล้ว"],
        address=["พัสดุถูกส่งไปที่ {v} แทนที่จะเป็นโกดัง"],
        ssn=["หมายเลข SSN ของฉันในสหรัฐฯ คือ {v} กรุณาอัปเดตในแฟ้ม"],
        gen=["ในรายงานระบุเลขอ้างอิงว่า {v}", "ช่วยตรวจสอบ {v} อีกครั้งได้ไหม ดูแปลก ๆ"]),
    "id": dict(
        contact=["Setelah jam enam, saya bisa dihubungi lewat {v}."],
        pay=["Tolong potong uang jaminannya dari {v} lalu kirimkan kuitansinya."],
        net=["Pencadangan selalu terputus setiap kali tersambung ke {v} lewat VPN."],
        secret=["Saya tidak sengaja menempelkan ini di kanal tim: {v} — ada yang bisa mencabutnya?"],
        person=["Kunci sudah diserahkan kepada {v} hari Jumat."],
        address=["Paketnya malah dikirim ke {v}, bukan ke gudang."],
        ssn=["SSN Amerika saya adalah {v}, mohon diperbarui di berkas."],
        gen=["Di laporan, nomor referensinya {v}.", "Bisa cek ulang {v}? Kelihatannya aneh."]),
    "sw": dict(
        contact=["Baada ya saa kumi na mbili unaweza kunipata kupitia {v}."],
        pay=["Tafadhali kateni amana kutoka {v} kisha nitumieni risiti."],
        net=["Nakala rudufu hukatika kila inapounganishwa na {v} kupitia VPN."],
        secret=["Nimebandika hii kimakosa kwenye chaneli ya timu: {v} — kuna anayeweza kuibatilisha?"],
        person=["Funguo zilikabidhiwa kwa {v} siku ya Ijumaa."],
        address=["Kifurushi kilifikishwa {v} badala ya ghalani."],
        ssn=["Nambari yangu ya SSN ya Marekani ni {v}, tafadhali iweke kwenye faili."],
        gen=["Kwenye ripoti, namba ya kumbukumbu ni {v}.", "Unaweza kukagua {v} tena? Inaonekana si sawa."]),
    "ca": dict(
        contact=["A partir de les sis em pots trobar a {v}."],
        pay=["Si us plau, carregueu la fiança a {v} i envieu-me el rebut."],
        net=["La còpia de seguretat falla cada cop que es connecta a {v} per la VPN."],
        secret=["Vaig enganxar això per error al canal de l'equip: {v} — algú ho pot revocar?"],
        person=["Les claus es van lliurar a {v} divendres."],
        address=["El paquet va arribar a {v} en lloc del magatzem."],
        ssn=["El meu SSN dels Estats Units és {v}; actualitzeu l'expedient, si us plau."],
        gen=["A l'informe, la referència és {v}.", "Pots revisar {v} una altra vegada? Em sembla estrany."]),
}
LANGS = sorted(FRAMES)
CJK_LANGS = ("ja", "zh", "ko")
DET_CATEGORY = {"email": "contact", "phone": "contact", "credit_card": "pay", "iban": "pay", "ipv4": "net",
                "ipv6": "net", "openai_key": "secret", "anthropic_key": "secret", "aws_access_key": "secret",
                "github_token": "secret", "jwt": "secret", "bearer_token": "secret", "private_key": "secret",
                "person_name": "person", "street_address": "address", "ssn": "ssn"}
WRAPS = ["{}"] * 8 + ["“{}”", "\"{}\"", "'{}'", "({})", "[{}]", "**{}**", "`{}`", "«{}»", "*{}*"]
CJK_WRAPS = ["{}"] * 4 + ["「{}」", "『{}』", "（{}）", "【{}】", "《{}》"]


# ---------------------------------------------------------------------------
# context wrappers for single-value samples and negatives
# ---------------------------------------------------------------------------
def jstr(s):
    return json.dumps(s, ensure_ascii=False)


def xml_esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def hhmm():
    return "%02d:%02d" % (R.randint(0, 23), R.randint(0, 59))


def srt_time():
    h, m, s, ms = 0, R.randint(0, 58), R.randint(0, 59), R.randint(0, 999)
    return "%02d:%02d:%02d,%03d" % (h, m, s, ms), "%02d:%02d:%02d,%03d" % (h, m + 1, (s + 3) % 60, (ms + 480) % 1000)


def epoch_ms():
    return R.randint(1700000000000, 1735000000000)


def w_prose(s):
    return s


def w_irc(s):
    chan = pick(["#ops", "#infra", "#helpdesk", "#backoffice", "#kitchen-crew", "#lab"])
    a, b = R.sample(NICKS, 2)
    lines = []
    if chance(0.5):
        lines.append("[%s] -!- %s [~%s@gateway/web/irccloud] has joined %s" % (hhmm(), b, b, chan))
    lines.append("[%s] <%s> %s" % (hhmm(), a, s))
    if chance(0.4):
        lines.append("[%s] <%s> %s" % (hhmm(), b, pick(["o_O", "+1", "ack", "on it", ":)"])))
    return "\n".join(lines)


def w_srt(s):
    t1, t2 = srt_time()
    return "%d\n%s --> %s\n%s\n" % (R.randint(2, 480), t1, t2, s)


def w_kafka(s):
    return ("%% topic=%s partition=%d offset=%d key=%s\n%s" %
            (pick(["support-notes", "crm.events.v2", "ticket-comments", "inbound-sms"]), R.randint(0, 11),
             R.randint(10000, 9999999), "msg-" + rs(HEXL, 8),
             jstr({"type": pick(["note.created", "comment.added"]), "body": s, "ts": epoch_ms()})))


def w_cloudwatch(s):
    return json.dumps({"logGroupName": "/aws/lambda/" + pick(["notify-worker", "ticket-ingest", "mailer"]),
                       "logStreamName": "2024/%02d/%02d/[$LATEST]%s" % (R.randint(1, 12), R.randint(1, 28), rs(HEXL, 32)),
                       "timestamp": epoch_ms(), "message": s}, ensure_ascii=False)


def w_devtools(s):
    return pick(["%s.%s.js:%d %s" % (pick(["main", "vendor", "app", "chunk-7"]), rs(HEXL, 8), R.randint(10, 9999), s),
                 "[Log] %s (%s.js, line %d)" % (s, pick(["widget", "bundle", "inbox"]), R.randint(10, 999)),
                 "console.info: %s" % s])


def w_redis(s):
    esc = s.replace("\\", "\\\\").replace("\"", "\\\"")
    return '%d.%06d [0 unix:/run/redis/redis.sock] "LPUSH" "notes:%d" "%s"' % (
        R.randint(1700000000, 1735000000), R.randint(0, 999999), R.randint(100, 99999), esc)


def w_jira(s):
    return "*Comment by* svc-import _(%d/%s/24 %d:%02d AM)_\n{quote}\n%s\n{quote}" % (
        R.randint(1, 28), pick(["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Sep", "Oct"]), R.randint(1, 11),
        R.randint(0, 59), s)


def w_pr_review(s):
    return "**%s** line %d:\n\n> %s\n" % (pick(["src/notify/handler.py", "app/models/contact.rb", "internal/mail/send.go",
                                                "web/src/pages/Checkout.tsx", "config/seed.yml"]), R.randint(3, 400), s)


def w_minutes(s):
    return "### %s\n\n- %s\n" % (pick(["AP 3", "TOP 2", "Punkt 4", "Item 5", "#7", "§2"]), s)


def w_winevent(s):
    return ("Log Name:      Application\nSource:        %s\nEvent ID:      %d\nLevel:         %s\nDescription:\n%s" %
            (pick(["HelpdeskBridge", "MailRelaySvc", "FrontDeskSync"]), R.randint(1000, 1999),
             pick(["Information", "Warning"]), s))


def w_es(s):
    return json.dumps({"_index": "notes-2024.%02d" % R.randint(1, 12), "_id": rs(ALNUM, 20), "_score": round(R.random() * 9, 3),
                       "_source": {"body": s, "channel": pick(["web", "phone", "kiosk"])}}, ensure_ascii=False)


def w_grpc(s):
    return "rpc error: code = %s desc = %s" % (pick(["FailedPrecondition", "InvalidArgument", "Aborted"]), s)


def w_soap(s):
    return ('<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" '
            'xmlns:tns="urn:helpdesk:v3">\n  <soapenv:Body>\n    <tns:AddRemark>\n      <tns:Text>%s</tns:Text>\n'
            '    </tns:AddRemark>\n  </soapenv:Body>\n</soapenv:Envelope>' % xml_esc(s))


def w_helm(s):
    return "frontdesk:\n  banner:\n    enabled: true\n    text: |\n      %s\n" % s


def w_go(s):
    return "\t{name: %s, in: %s},\n" % (jstr("case_%02d" % R.randint(1, 99)), jstr(s))


def w_kotlin(s):
    return 'val note = """%s"""' % s


def w_swift(s):
    return 'let note = """\n%s\n"""' % s


def w_doc(s):
    return '<document index="%d">\n%s\n</document>' % (R.randint(1, 9), s)


def w_rabbitmq(s):
    return "Exchange: notes.topic\nRouting key: note.created\nProperties: delivery_mode=2, content_type=application/json\nPayload:\n" + \
        jstr({"body": s})


def w_mdquote(s):
    return "> " + s.replace("\n", "\n> ")


CONTEXTS = {"prose": w_prose, "irc": w_irc, "srt": w_srt, "kafka": w_kafka, "cloudwatch": w_cloudwatch,
            "devtools": w_devtools, "redis": w_redis, "jira": w_jira, "pr_review": w_pr_review,
            "minutes": w_minutes, "winevent": w_winevent, "elasticsearch": w_es, "grpc": w_grpc,
            "soap": w_soap, "helm_values": w_helm, "go_fixture": w_go, "kotlin_fixture": w_kotlin,
            "swift_fixture": w_swift, "llm_document": w_doc, "rabbitmq": w_rabbitmq, "md_quote": w_mdquote}
CONTEXT_WEIGHTS = {"prose": 10, "irc": 3, "srt": 2, "kafka": 2, "cloudwatch": 2, "devtools": 2, "redis": 1, "jira": 2,
                   "pr_review": 2, "minutes": 2, "winevent": 1, "elasticsearch": 2, "grpc": 1, "soap": 1, "helm_values": 1,
                   "go_fixture": 1, "kotlin_fixture": 1, "swift_fixture": 1, "llm_document": 3, "rabbitmq": 1,
                   "md_quote": 2}


def pick_context(s):
    names = sorted(CONTEXT_WEIGHTS)
    while True:
        tot = sum(CONTEXT_WEIGHTS[n] for n in names)
        x = R.uniform(0, tot)
        for n in names:
            x -= CONTEXT_WEIGHTS[n]
            if x <= 0:
                break
        if n == "redis" and not s.isascii():
            continue
        if n in ("srt", "irc", "helm_values", "minutes", "grpc") and "\n" in s:
            continue
        if n == "kotlin_fixture" and '"""' in s:
            continue
        return n


# ---------------------------------------------------------------------------
# person names and streets
# ---------------------------------------------------------------------------
TITLES = {
    "en": {"m": ["Mr", "Mr.", "Dr.", "Prof."], "f": ["Ms", "Mrs.", "Dr.", "Prof."]},
    "de": {"m": ["Herr", "Dr.", "Herr Dr."], "f": ["Frau", "Dr.", "Frau Dr."]},
    "fr": {"m": ["M.", "Dr", "Me"], "f": ["Mme", "Mlle", "Dr"]},
    "es": {"m": ["Sr.", "D.", "Dr."], "f": ["Sra.", "Dña.", "Dra."]},
    "it": {"m": ["Sig.", "Dott.", "Ing."], "f": ["Sig.ra", "Dott.ssa", "Avv."]},
    "pt": {"m": ["Sr.", "Dr.", "Eng."], "f": ["Sra.", "Dra.", "D."]},
    "nl": {"m": ["dhr.", "meneer", "mr."], "f": ["mevr.", "mevrouw", "dr."]},
    "pl": {"m": ["Pan", "dr", "inż."], "f": ["Pani", "dr", "mgr"]},
    "cs": {"m": ["pan", "Ing.", "MUDr."], "f": ["paní", "Ing.", "Mgr."]},
    "ro": {"m": ["dl.", "domnul"], "f": ["dna", "doamna"]},
    "ca": {"m": ["Sr.", "Dr."], "f": ["Sra.", "Dra."]},
    "hr": {"m": ["g."], "f": ["gđa"]},
    "ru": {"m": ["г-н"], "f": ["г-жа"]},
    "el": {"m": ["κ."], "f": ["κα"]},
}
HONORIFICS = {"ja": {"m": ["様", "さん", " 様"], "f": ["様", "さん", " 様"]},
              "ko": {"m": [" 님", " 씨", "님"], "f": [" 님", " 씨", "님"]},
              "hi": {"m": [" जी", "जी"], "f": [" जी", "जी"]},
              "tr": {"m": [" Bey"], "f": [" Hanım"]}}
PERSON_FORMS = ["given_family", "family_given", "middle_initial", "caps_family", "family_comma_given",
                "particle", "compound", "native_script", "title_prefix", "honorific_suffix"]
NAME_VALUES = {}


def render_name(p, style="plain"):
    g, f = p["given"], p["family"]
    if style == "plain":
        v = (g + p["sep"] + f) if p["order"] == "gf" else (f + p["sep"] + g)
    elif style == "middle_initial":
        v = g + " " + pick(UPPER.replace("Q", "").replace("X", "")) + ". " + f
    elif style == "caps_family":
        v = (g + " " + f.upper()) if (p["order"] == "gf" and chance(0.6)) else (f.upper() + " " + g)
    elif style == "family_comma_given":
        v = f + ", " + g
    else:
        raise ValueError(style)
    NAME_VALUES[v] = p
    return v


def person_ok_for(p, form):
    gf_latin = p["latin"] and p["order"] == "gf"
    plain = not p["particle"] and not p["compound"]
    return {
        "given_family": gf_latin and plain,
        "family_given": p["latin"] and p["order"] == "fg",
        "middle_initial": gf_latin and plain and p["lang"] in ("en", "de", "nl", "sv", "da", "no", "fi", "pl", "cs", "sw", "id"),
        "caps_family": p["latin"] and plain and p["lang"] in ("fr", "it", "de", "ro", "hu", "pl", "es", "pt", "tr", "hr", "cs"),
        "family_comma_given": gf_latin and plain,
        "particle": p["particle"],
        "compound": p["compound"],
        "native_script": not p["latin"],
        "title_prefix": p["lang"] in TITLES,
        "honorific_suffix": p["lang"] in HONORIFICS,
    }[form]


def person_snippet(p, form):
    """Returns (snippet, value)."""
    if form in ("given_family", "family_given", "particle", "compound", "native_script"):
        v = render_name(p)
        return v, v
    if form in ("middle_initial", "caps_family", "family_comma_given"):
        v = render_name(p, form)
        return v, v
    if form == "title_prefix":
        v = render_name(p, pick(["plain", "plain", "plain"] + (["caps_family"] if person_ok_for(p, "caps_family") else [])))
        return pick(TITLES[p["lang"]][p["gender"]]) + " " + v, v
    if form == "honorific_suffix":
        v = render_name(p)
        return v + pick(HONORIFICS[p["lang"]][p["gender"]]), v
    raise ValueError(form)


STREET_FORMS = ["name_number", "number_name", "comma_number", "slash_number", "letter_suffix", "number_range",
                "bis", "no_prefix", "building_prefix"]
STREET_VALUES = {}


def street_ok_for(st, form):
    cc, style = st["cc"], st["style"]
    return {
        "name_number": style == "after" and cc not in ("CZ", "SK"),
        "number_name": style == "before",
        "comma_number": style in ("comma", "ru"),
        "slash_number": cc in ("CZ", "SK"),
        "letter_suffix": (style == "after" and cc in ("DE", "AT", "CH", "NL", "BE", "SE", "DK", "NO", "FI", "PL", "HR"))
        or (style == "before" and cc in ("GB", "US", "IE", "AU", "NZ")),
        "number_range": cc in ("DE", "GB", "AU", "NL"),
        "bis": cc in ("FR", "BE") or (cc == "CA" and st["lang"] == "fr"),
        "no_prefix": style == "tr",
        "building_prefix": style == "ru",
    }[form]


def house_no(st):
    if st["cc"] in ("US", "CA"):
        return str(R.randint(10, 9899))
    return str(R.randint(1, 180))


def render_street(st, form):
    n, name, style = house_no(st), st["name"], st["style"]
    if form == "slash_number":
        num = "%d/%d" % (R.randint(100, 2999), R.randint(1, 40))
    elif form == "letter_suffix":
        num = n + (pick(["a", "b", "c"]) if style == "after" and chance(0.7) else pick(["A", "B", "a"]))
    elif form == "number_range":
        a = R.randint(1, 120)
        num = "%d-%d" % (a, a + pick([2, 4]))
    elif form == "bis":
        num = n + pick([" bis", " ter", "bis"]) if style == "after" else n + pick([" bis", " ter"])
    else:
        num = n
    if form == "building_prefix":
        v = name + ", " + ("д. " if st["cc"] == "RU" else "буд. ") + num
    elif form == "no_prefix":
        v = name + pick([" No: ", " No:", " No. "]) + num
    elif style == "before":
        v = num + " " + name
    elif style in ("comma", "ru"):
        v = name + ", " + num
    else:
        v = name + " " + num
    STREET_VALUES[v] = st
    return v


def gen_person(form, lang=None):
    cands = [p for p in PEOPLE if person_ok_for(p, form)]
    pref = [p for p in cands if p["lang"] == lang]
    p = pick(pref) if (pref and chance(0.85)) else pick(cands)
    return p


def gen_street(form, lang=None):
    cands = [s for s in STREETS if street_ok_for(s, form)]
    pref = [s for s in cands if s["lang"] == lang]
    return pick(pref) if (pref and chance(0.85)) else pick(cands)


# ---------------------------------------------------------------------------
# generic value dispatch
# ---------------------------------------------------------------------------
DETECTOR_FORMS = {
    "email": EMAIL_FORMS, "phone": PHONE_FORMS,
    "credit_card": [b + "_" + s for b in sorted(CARD_BRANDS) for s in CARD_SEPS],
    "ssn": SSN_FORMS, "iban": IBAN_FORMS, "ipv4": IPV4_FORMS, "ipv6": IPV6_FORMS,
    "openai_key": OPENAI_FORMS, "anthropic_key": ANTHROPIC_FORMS, "aws_access_key": AWS_FORMS,
    "github_token": GITHUB_FORMS, "jwt": JWT_FORMS, "bearer_token": BEARER_FORMS,
    "private_key": [k + "/" + l for k in KEY_TYPES for l in PEM_LAYOUTS],
    "person_name": PERSON_FORMS, "street_address": STREET_FORMS,
}
LANG_IBAN = {"de": ["DE", "AT", "CH", "LU"], "fr": ["FR", "BE", "LU"], "es": ["ES"], "ca": ["ES"], "it": ["IT", "MT"],
             "pt": ["PT", "BR"], "nl": ["NL", "BE"], "pl": ["PL"], "cs": ["CZ", "SK"], "sv": ["SE"], "da": ["DK"],
             "no": ["NO"], "fi": ["FI", "EE"], "hu": ["HU"], "ro": ["RO"], "hr": ["HR", "SI"], "tr": ["TR"],
             "el": ["GR", "CY"], "ar": ["SA", "AE"], "he": ["IL"], "en": ["GB", "IE"], "uk": ["LT", "LV"], "ru": ["BG", "LV"]}


def gen_value(det, form=None, lang=None, person=None):
    """Returns (value, form) for every detector except person/street/private_key."""
    if det == "email":
        return gen_email(form, person=person)
    if det == "phone":
        iso = None
        if lang in LANG_PHONE_CC and chance(0.75):
            iso = pick(LANG_PHONE_CC[lang])
        v, f, _iso = gen_phone(form, iso)
        return v, f
    if det == "credit_card":
        return gen_card(form)
    if det == "ssn":
        return gen_ssn(form)
    if det == "iban":
        cc = pick(LANG_IBAN[lang]) if (lang in LANG_IBAN and chance(0.6)) else None
        return gen_iban(form, cc)
    if det == "ipv4":
        return gen_ipv4(form)
    if det == "ipv6":
        return gen_ipv6(form)
    if det == "openai_key":
        return gen_openai(form)
    if det == "anthropic_key":
        return gen_anthropic(form)
    if det == "aws_access_key":
        return gen_aws(form)
    if det == "github_token":
        return gen_github(form)
    if det == "jwt":
        return gen_jwt(form)
    if det == "bearer_token":
        return gen_bearer(form)
    raise ValueError(det)


def port():
    return str(pick([22, 443, 8080, 8443, 5432, 6379, 9200, 3389, 5060, 1883, 50051, R.randint(1025, 65000)]))


def value_snippet(det, value, form, lang):
    r = R.random()
    if det == "email":
        if form in ("plain", "plus_tag", "subdomain", "uppercase"):
            if r < 0.15:
                return "mailto:" + value
            if r < 0.3:
                return "<" + value + ">"
            if r < 0.37:
                return "mailto:" + value + "?subject=" + pick(["Rechnung", "hello", "RSVP", "Bewerbung", "factura"])
        return value
    if det == "phone":
        if form == "tel_link":
            return pick(["tel:" + value, "[%s](tel:%s)" % (pick(["call", "☎", "📞"]), value),
                         '<a href="tel:%s">%s</a>' % (value, pick(["call us", "☎", "hotline"]))])
        return value
    if det == "ipv4":
        if form == "with_port":
            return value + ":" + port()
        if form == "cidr_suffix":
            return value + "/" + pick(["24", "16", "32", "28", "20", "22"])
        if form == "in_url":
            return pick(["http://%s:8080/health", "https://%s/admin/", "http://%s/status?full=1", "ws://%s:9001"]) % value
        return value
    if det == "ipv6":
        if form == "bracketed_port":
            return pick(["[%s]:" + port(), "http://[%s]:8080/", "https://[%s]/login"]) % value
        if form == "with_prefix":
            return value + "/" + pick(["64", "48", "56", "128"])
        if form == "link_local_zone":
            return value + "%" + pick(["eth0", "en0", "wlan0", "12", "ens192"])
        return value
    if det == "openai_key":
        return pick(["{}", "{}", "OPENAI_API_KEY={}", "Authorization: Bearer {}", '"api_key": "{}"']).format(value)
    if det == "anthropic_key":
        return pick(["{}", "{}", "ANTHROPIC_API_KEY={}", "x-api-key: {}", 'api_key="{}"']).format(value)
    if det == "aws_access_key":
        return pick(["{}", "{}", "aws_access_key_id = {}", "AWS_ACCESS_KEY_ID={}", '"AccessKeyId": "{}"']).format(value)
    if det == "github_token":
        return pick(["{}", "{}", "GITHUB_TOKEN={}", "Authorization: token {}", "gh auth login --with-token <<< {}"]).format(value)
    if det == "jwt":
        return pick(["{}", "{}", "Authorization: Bearer {}", "id_token={}", "Cookie: session={}; theme=dark"]).format(value)
    if det == "bearer_token":
        return pick(["Authorization: Bearer {}", "Bearer {}", "authorization: Bearer {}"]).format(value)
    return value


def place(frame, snippet, lang, det):
    wraps = CJK_WRAPS if lang in CJK_LANGS else WRAPS
    if det in ("private_key",) or "=" in snippet or ": " in snippet or snippet.startswith("<"):
        w = "{}"
    else:
        w = pick(wraps) if chance(0.35) else "{}"
    piece = w.format(snippet)
    idx = frame.index("{v}")
    before, after = frame[:idx], frame[idx + 3:]
    if (before.endswith(": ") or before.endswith("：")) and chance(0.15):
        rest = after.strip().lstrip(",.;:—–").strip()
        text = before.rstrip() + "\n    " + piece + ("\n" + rest if rest else "")
        return text
    text = before + piece + after
    if after in (".", "。", "।") and chance(0.3):
        text = before + piece
    return text


# ---------------------------------------------------------------------------
# checks applied to every sample
# ---------------------------------------------------------------------------
WELL_KNOWN_STRINGS = ["AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI", JWT_IO_PAYLOAD, "078051120", "219099999",
                      "123456789"] + WELL_KNOWN_CARDS + WELL_KNOWN_IBANS
TOKEN_CH = set(B64URL)


def boundary_ok(text, value, det):
    i = text.find(value)
    while i != -1:
        prev = text[i - 1] if i > 0 else ""
        nxt = text[i + len(value)] if i + len(value) < len(text) else ""
        nxt2 = text[i + len(value) + 1] if i + len(value) + 1 < len(text) else ""
        if det == "person_name":
            p = NAME_VALUES.get(value)
            if p is None:
                return False
            if p["latin"] and ((prev and (prev.isalnum() or prev in "-'")) or (nxt and (nxt.isalnum() or nxt in "-'"))):
                return False
            if not p["latin"] and ((prev and prev.isascii() and prev.isalnum()) or (nxt and nxt.isascii() and nxt.isalnum())):
                return False
        elif det in ("openai_key", "anthropic_key", "aws_access_key", "github_token", "jwt", "bearer_token"):
            if (prev and prev in TOKEN_CH) or (nxt and nxt in TOKEN_CH):
                return False
            if det in ("jwt", "bearer_token") and (prev == "." or (nxt == "." and (nxt2 in TOKEN_CH or nxt2 == "."))):
                return False
            if det == "bearer_token" and nxt and nxt in "~+/=":
                return False
        elif det == "email":
            if prev and (prev.isascii() and prev.isalnum() or prev in "._%+-"):
                return False
            if nxt and (nxt.isascii() and nxt.isalnum() or nxt in "-_@"):
                return False
            if nxt == "." and nxt2 and nxt2.isascii() and nxt2.isalnum():
                return False
        elif det == "private_key":
            pass
        else:
            if prev and prev.isascii() and prev.isalnum():
                return False
            if nxt and nxt.isascii() and nxt.isalnum():
                return False
            if det in ("phone", "credit_card", "ssn", "iban") and (prev in "+-." and prev) and \
                    i >= 2 and text[i - 2].isdigit():
                return False
            if det == "phone" and prev == "+":
                return False
            if det in ("ipv4", "ipv6", "credit_card", "ssn", "phone", "iban") and nxt in (".", "-", ",") and \
                    nxt2 and nxt2.isdigit():
                return False
            if det == "ipv4" and prev == ".":
                return False
            if det == "ipv6":
                if prev and (prev in ":." or (prev.isascii() and prev.isalnum())):
                    return False
                if nxt == ":" and prev != "[":
                    return False
        i = text.find(value, i + 1)
    return True


def label_valid(det, value, form):
    if det == "email":
        return valid_email(value)
    if det == "phone":
        return valid_phone(value)
    if det == "credit_card":
        return valid_card(value)
    if det == "ssn":
        return valid_ssn(value)
    if det == "iban":
        return valid_iban(value)
    if det == "ipv4":
        return valid_ipv4(value)
    if det == "ipv6":
        return valid_ipv6(value)
    if det == "openai_key":
        return valid_openai(value)
    if det == "anthropic_key":
        return valid_anthropic(value)
    if det == "aws_access_key":
        return valid_aws(value)
    if det == "github_token":
        return valid_github(value)
    if det == "jwt":
        return valid_jwt(value, form)
    if det == "bearer_token":
        return valid_bearer(value)
    if det == "private_key":
        return pem_body_ok(value, form.split("/")[0])
    if det == "person_name":
        return value in NAME_VALUES
    if det == "street_address":
        return value in STREET_VALUES
    return False


SEEN_TEXTS = {}
REJECTS = {}


def reject(why):
    REJECTS[why] = REJECTS.get(why, 0) + 1
    return None


def finalize(text, labels, lang, form, context):
    if text in SEEN_TEXTS:
        return reject("duplicate")
    if "\ufffd" in text:
        return reject("bad char")
    values = [l["value"] for l in labels]
    # 1. substring, exact occurrence counts, no overlapping spans
    spans = []
    for v in sorted(set(values), key=lambda x: (values.index(x))):
        if not v or v not in text:
            return reject("not substring")
        c = count_overlapping(text, v)
        if c != values.count(v):
            return reject("count mismatch")
        i = text.find(v)
        while i != -1:
            spans.append((i, i + len(v)))
            i = text.find(v, i + 1)
    spans.sort()
    for a, b in zip(spans, spans[1:]):
        if b[0] < a[1]:
            return reject("overlap")
    # 2. validity and boundaries
    for l in labels:
        if not label_valid(l["detector"], l["value"], l["form"]):
            return reject("invalid " + l["detector"])
        if not boundary_ok(text, l["value"], l["detector"]):
            return reject("boundary " + l["detector"])
        if l["detector"] == "ssn" and not SSN_WORD.search(text):
            return reject("ssn without wording")
        if l["detector"] == "bearer_token" and ("Bearer " + l["value"]) not in text:
            return reject("bearer without Bearer")
    # 3. no well-known sample values
    flat = re.sub(r"[\s\-\u00a0\u2009]", "", text.translate(FW_BACK))
    for w in WELL_KNOWN_STRINGS:
        if w in flat:
            return reject("well-known value")
    # 4. conservative scan with labelled values masked out
    hits = scan(mask_labels(text, values))
    if hits:
        return reject("scan " + hits[0][0])
    SEEN_TEXTS[text] = True
    return {"text": text, "labels": [dict(detector=l["detector"], value=l["value"], form=l["form"]) for l in labels],
            "lang": lang, "form": form, "context": context}


def L(det, value, form):
    return {"detector": det, "value": value, "form": form}


# ---------------------------------------------------------------------------
# single-value samples
# ---------------------------------------------------------------------------
def pem_single(form, lang):
    kt, layout = form.split("/")
    lines = pem_lines(kt)
    frame = pick(FRAMES[lang]["secret"])
    idx = frame.index("{v}")
    before = frame[:idx].rstrip()
    after = frame[idx + 3:].strip().lstrip(",.;:—–").strip()
    if layout in ("lf", "crlf"):
        block = render_pem(lines, layout)
        nl = "\r\n" if layout == "crlf" else "\n"
        fence = pick(["", "```" + nl]) if layout == "lf" else ""
        text = before + nl + nl + fence + block + nl + (fence and "```" + nl) + (nl + after if after else "")
        ctx = pick(["prose", "pr_review", "jira"]) if layout == "lf" else "prose"
        if ctx == "pr_review":
            text = "**deploy/keys/%s** line 1:\n\n%s" % (pick(["signer.pem", "id_ed25519", "tls.key"]), text)
        elif ctx == "jira":
            text = "{noformat}\n" + text + "\n{noformat}"
    elif layout == "json_escaped":
        block = render_pem(lines, layout)
        doc = '{\n  "name": "%s",\n  "created": "2024-%02d-%02d",\n  "key_pem": "%s\\n",\n  "note": %s\n}' % (
            pick(["deploy-signer", "webhook-verifier", "sftp-bridge", "license-signer"]), R.randint(1, 12),
            R.randint(1, 28), block, jstr(before.rstrip(":： ") + (" — " + after if after else "")))
        text = doc
        ctx = "json_config"
    elif layout == "yaml_block":
        block = render_pem(lines, layout, indent="    ")
        alg = "RS256" if "rsa" in kt else ("ES256" if "ec" in kt else ("EdDSA" if "ed25519" in kt or "openssh" in kt
                                                                       else pick(["RS256", "ES256"])))
        text = "# %s\nsigning:\n  algorithm: %s\n  privateKey: |\n    %s\n  rotateAfterDays: %d\n" % (
            before.rstrip(":： "), alg, block, pick([30, 90, 180]))
        ctx = "helm_values"
    elif layout == "env_quoted":
        block = render_pem(lines, layout)
        text = "# %s\nAPP_ENV=%s\nSIGNING_KEY=\"%s\"\nLOG_LEVEL=info\n" % (
            before.rstrip(":： "), pick(["production", "staging"]), block)
        ctx = "dotenv"
    else:
        block = render_pem(lines, layout)
        text = before + " " + block + ((" " + after) if after else "")
        ctx = pick(["prose", "irc"]) if len(block) < 400 else "prose"
        if ctx == "irc":
            text = "[%s] <%s> %s" % (hhmm(), pick(NICKS), text)
    return text, [L("private_key", block, form)], ctx


def single_sample(det, form, lang):
    if det == "private_key":
        text, labels, ctx = pem_single(form, lang)
        return finalize(text, labels, lang, form, ctx)
    if det == "person_name":
        p = gen_person(form, lang)
        lang = p["lang"] if (not p["latin"] or chance(0.8) or p["lang"] not in FRAMES) else pick(
            [x for x in LANGS if x not in CJK_LANGS + ("th", "ar", "he", "fa", "hi", "bn", "el", "ru", "uk")])
        if p["lang"] in ("ja", "zh", "ko", "th"):
            lang = p["lang"]
        snippet, value = person_snippet(p, form)
    elif det == "street_address":
        st = gen_street(form, lang)
        lang = st["lang"] if chance(0.8) else lang
        value = render_street(st, form)
        snippet = value
    else:
        value, form = gen_value(det, form, lang)
        snippet = value_snippet(det, value, form, lang)
    frame = pick(FRAMES[lang][DET_CATEGORY[det]])
    sentence = place(frame, snippet, lang, det)
    ctx = pick_context(sentence)
    text = CONTEXTS[ctx](sentence)
    return finalize(text, [L(det, value, form)], lang, form, ctx)


# ---------------------------------------------------------------------------
# multi-value layouts
# ---------------------------------------------------------------------------
PHONE_STRUCT = ["intl_plus", "intl_plus", "intl_00", "national", "area_brackets", "trunk_paren", "nbsp_separated"]
PHONE_ISO_BY_CC = {"DE": "DE", "AT": "AT", "CH": "CH", "FR": "FR", "BE": "BE", "NL": "NL", "ES": "ES", "IT": "IT",
                   "PT": "PT", "BR": "BR", "MX": "MX", "AR": "AR", "PL": "PL", "CZ": "CZ", "SE": "SE", "DK": "DK",
                   "NO": "NO", "FI": "FI", "HU": "HU", "RO": "RO", "HR": "HR", "TR": "TR", "GR": "GR", "RU": "RU",
                   "UA": "UA", "US": "US", "GB": "GB", "IE": "IE", "CA": "CA", "AU": "AU", "NZ": "NZ", "IL": "IL"}


def plain_form(p):
    if not p["latin"]:
        return "native_script"
    if p["particle"]:
        return "particle"
    if p["compound"]:
        return "compound"
    return "family_given" if p["order"] == "fg" else "given_family"


class Doc:
    def __init__(self):
        self.labels = []

    def put(self, det, value, form):
        self.labels.append(L(det, value, form))
        return value

    def v(self, det, form=None, lang=None, person=None):
        if form is None and det == "ipv4":
            form = pick(["private", "public"])
        if form is None and det == "ipv6":
            form = pick(["compressed", "full", "leading_zeros", "uppercase", "ula", "ipv4_embedded"])
        value, form = gen_value(det, form, lang, person)
        return self.put(det, value, form)

    def email(self, person=None, form=None):
        return self.v("email", form or pick(EMAIL_STRUCTURED), person=person)

    def phone(self, iso=None, form=None, lang=None):
        form = form or pick(PHONE_STRUCT)
        if iso is None and lang in LANG_PHONE_CC:
            iso = pick(LANG_PHONE_CC[lang])
        if form == "trunk_paren" and iso and not [p for p in PHONE_PLANS if p[0] == iso and p[2] == "0"]:
            form = "intl_plus"
        v, f, _ = gen_phone(form, iso)
        return self.put("phone", v, f)

    def person(self, lang=None, ascii_only=False, latin=False, styles=("plain",)):
        cands = [p for p in PEOPLE if (lang is None or p["lang"] == lang)]
        if ascii_only:
            cands = [p for p in cands if (p["given"] + p["family"]).isascii()] or \
                [p for p in PEOPLE if (p["given"] + p["family"]).isascii()]
        if latin:
            cands = [p for p in cands if p["latin"]] or [p for p in PEOPLE if p["latin"]]
        if not cands:
            cands = PEOPLE
        p = pick(cands)
        style = pick(list(styles))
        if style != "plain" and not person_ok_for(p, style):
            style = "plain"
        v = render_name(p, style)
        self.put("person_name", v, plain_form(p) if style == "plain" else style)
        return p, v

    def street(self, lang=None, ccs=None, ascii_only=False):
        cands = [s for s in STREETS if (ccs is None or s["cc"] in ccs) and (lang is None or s["lang"] == lang)]
        if ascii_only:
            cands = [s for s in cands if s["name"].isascii()]
        if not cands:
            cands = [s for s in STREETS if (not ascii_only or s["name"].isascii())]
        st = pick(cands)
        forms = [f for f in STREET_FORMS if street_ok_for(st, f)]
        plainf = [f for f in forms if f in ("name_number", "number_name", "comma_number", "slash_number",
                                            "no_prefix", "building_prefix")]
        form = pick(plainf) if (plainf and chance(0.65)) else pick(forms)
        return st, self.put("street_address", render_street(st, form), form)


CITY_BY_CC = {"DE": ("10115", "Berlin"), "AT": ("8010", "Graz"), "CH": ("8004", "Zürich"), "FR": ("69003", "Lyon"),
              "BE": ("9000", "Gent"), "NL": ("3511", "Utrecht"), "ES": ("46001", "Valencia"), "IT": ("40121", "Bologna"),
              "PT": ("4050", "Porto"), "BR": ("01310-100", "São Paulo"), "MX": ("06700", "Ciudad de México"),
              "AR": ("C1425", "Buenos Aires"), "PL": ("80-001", "Gdańsk"), "CZ": ("602 00", "Brno"),
              "SK": ("811 01", "Bratislava"), "SE": ("753 10", "Uppsala"), "DK": ("8000", "Aarhus C"),
              "NO": ("5003", "Bergen"), "FI": ("33100", "Tampere"), "HU": ("4024", "Debrecen"),
              "RO": ("400001", "Cluj-Napoca"), "HR": ("21000", "Split"), "TR": ("35210", "İzmir"),
              "GR": ("546 21", "Θεσσαλονίκη"), "RU": ("420111", "Казань"), "UA": ("79000", "Львів"),
              "US": ("Austin, TX 78704", ""), "GB": ("Leeds LS6 2QA", ""), "IE": ("Cork T12 X70A", ""),
              "CA": ("Halifax NS B3H 1Y6", ""), "AU": ("Fremantle WA 6160", ""), "NZ": ("Nelson 7010", ""),
              "IL": ("חיפה", "")}


def city_line(st):
    a, b = CITY_BY_CC.get(st["cc"], ("", ""))
    return (a + " " + b).strip()


def lay_kafka_dump():
    d = Doc()
    p, name = d.person(latin=chance(0.7))
    em = d.email(person=p)
    ph = d.phone(lang=p["lang"])
    o = R.randint(100000, 9999999)
    msgs = ["%% topic=crm.contacts.v3 partition=%d offset=%d key=cust-%s\nHeaders: source=crm-sync,trace=%s\n%s" % (
        R.randint(0, 11), o, rs(DIGITS, 6), rs(HEXL, 16),
        jstr({"event": "contact.updated", "contact": {"displayName": name, "email": em, "mobile": ph},
              "changedBy": "sync-bot", "ts": epoch_ms()}))]
    if chance(0.5):
        ip = d.v("ipv4", pick(["public", "private"]))
        msgs.append("%% topic=crm.contacts.v3 partition=%d offset=%d key=audit-%s\n%s" % (
            R.randint(0, 11), o + 1, rs(DIGITS, 5), jstr({"event": "login.success", "client_ip": ip, "ua": "okhttp/4.12.0"})))
    return "\n".join(msgs) + "\n% Reached end of topic crm.contacts.v3", d.labels, "en", "kafka"


def lay_cloudwatch_json():
    d = Doc()
    em = d.email()
    card = d.v("credit_card", pick(["visa_compact", "mastercard_space", "amex_compact", "discover_dash", "jcb_space"]))
    ip = d.v("ipv4", "public")
    events = [{"id": rs(DIGITS, 56), "timestamp": epoch_ms(),
               "message": "ERROR charge declined card=%s customer=%s ip=%s reason=do_not_honor" % (card, em, ip)}]
    if chance(0.5):
        key = d.v("aws_access_key")
        events.append({"id": rs(DIGITS, 56), "timestamp": epoch_ms(),
                       "message": "WARN falling back to static credentials %s from env" % key})
    doc = {"logGroup": "/aws/lambda/checkout-api", "logStream": "2024/06/%02d/[$LATEST]%s" % (R.randint(1, 28), rs(HEXL, 32)),
           "messageType": "DATA_MESSAGE", "logEvents": events}
    return json.dumps(doc, indent=pick([None, 2]), ensure_ascii=False), d.labels, "en", "cloudwatch"


def lay_helm_values():
    d = Doc()
    dom = pick(DOMAINS)
    em = d.email()
    key = d.v("openai_key") if chance(0.5) else d.v("anthropic_key")
    gh = d.v("github_token")
    ip = d.v("ipv4", "public")
    out = ["# values-prod.yaml", "replicaCount: %d" % R.randint(2, 6), "image:",
           "  repository: registry.%s/assistant-gateway" % dom, "  tag: \"%d.%d.%d\"" % (R.randint(1, 4), R.randint(0, 30), R.randint(0, 9)),
           "service:", "  type: LoadBalancer", "  loadBalancerIP: %s" % ip, "env:",
           "  ALERT_EMAIL: %s" % em, "  LLM_API_KEY: \"%s\"" % key, "  GIT_TOKEN: %s" % gh]
    if chance(0.35):
        kt = pick(["sec1_ec", "pkcs8_ec", "pkcs8_ed25519", "rsa_pkcs1"])
        block = render_pem(pem_lines(kt), "yaml_block", indent="    ")
        d.put("private_key", block, kt + "/yaml_block")
        out += ["tls:", "  key: |", "    " + block]
    out += ["resources:", "  limits:", "    memory: 512Mi"]
    return "\n".join(out) + "\n", d.labels, "en", "helm_values"


def lay_ansible_inventory():
    d = Doc()
    lines = ["# inventory/production.ini", "[web]"]
    for k in range(R.randint(2, 3)):
        lines.append("web-%02d ansible_host=%s ansible_user=deploy" % (k + 1, d.v("ipv4", pick(["private", "public"]))))
    lines += ["", "[db]", "db-01 ansible_host=%s ansible_port=%d" % (
        d.v("ipv6", pick(["compressed", "ula", "full", "leading_zeros"])), pick([22, 2222]))]
    lines += ["", "[all:vars]", "admin_contact=%s" % d.email()]
    if chance(0.6):
        lines.append("aws_access_key_id=%s" % d.v("aws_access_key"))
    return "\n".join(lines) + "\n", d.labels, "en", "ansible"


def lay_ldif():
    d = Doc()
    p, name = d.person(ascii_only=True, latin=True)
    uid = re.sub(r"[^a-z]", "", fold(p["given"]).lower())[:1] + re.sub(r"[^a-z]", "", fold(p["family"]).lower())
    dom = pick(DOMAINS).split(".")
    st, street = d.street(ascii_only=True)
    lines = ["dn: uid=%s,ou=people,%s" % (uid, ",".join("dc=" + x for x in dom)), "objectClass: inetOrgPerson",
             "uid: %s" % uid, "cn: %s" % name, "mail: %s" % d.email(person=p, form=pick(["plain", "plain", "uppercase"])),
             "telephoneNumber: %s" % d.phone(form=pick(["intl_plus", "intl_plus", "intl_00"])),
             "street: %s" % street]
    cl = city_line(st)
    if cl and cl.isascii():
        lines.append("l: %s" % cl)
    lines.append("title: %s" % pick(["Buyer", "Lab technician", "Dispatcher", "Account manager"]))
    return "\n".join(lines) + "\n", d.labels, "en", "ldif"


def lay_saml_assertion():
    d = Doc()
    p, name = d.person(latin=chance(0.8))
    em = d.email(person=p)
    ph = d.phone(form="intl_plus")
    ip = d.v("ipv4", "public")
    iid = "_" + rs(HEXL, 32)
    text = ('<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="%s" Version="2.0" '
            'IssueInstant="2024-%02d-%02dT%02d:%02d:11Z">\n'
            '  <saml:Issuer>https://idp.%s/saml2</saml:Issuer>\n  <saml:Subject>\n'
            '    <saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">%s</saml:NameID>\n'
            '    <saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">\n'
            '      <saml:SubjectConfirmationData Address="%s" NotOnOrAfter="2024-06-01T10:05:00Z"/>\n'
            '    </saml:SubjectConfirmation>\n  </saml:Subject>\n  <saml:AttributeStatement>\n'
            '    <saml:Attribute Name="displayName"><saml:AttributeValue>%s</saml:AttributeValue></saml:Attribute>\n'
            '    <saml:Attribute Name="mobile"><saml:AttributeValue>%s</saml:AttributeValue></saml:Attribute>\n'
            '  </saml:AttributeStatement>\n</saml:Assertion>') % (
        iid, R.randint(1, 12), R.randint(1, 28), R.randint(0, 23), R.randint(0, 59), pick(DOMAINS), em, ip,
        xml_esc(name), ph)
    return text, d.labels, "en", "saml"


def lay_openapi_example():
    d = Doc()
    p, name = d.person(latin=True)
    em = d.email(person=p)
    ib = d.v("iban", pick(["compact", "grouped_space"]))
    st, street = d.street()
    tok = d.v("bearer_token")
    text = ("paths:\n  /v1/customers:\n    post:\n      summary: Create a customer\n      parameters:\n"
            "        - in: header\n          name: Authorization\n          example: Bearer %s\n"
            "      requestBody:\n        content:\n          application/json:\n            examples:\n"
            "              sepaCustomer:\n                value:\n                  fullName: %s\n"
            "                  email: %s\n                  iban: %s\n                  billingAddress:\n"
            "                    line1: %s\n                    city: %s\n") % (
        tok, jstr(name) if chance(0.5) else name, em, ib, jstr(street) if chance(0.3) else street,
        jstr(city_line(st) or "Porto"))
    return text, d.labels, "en", "openapi"


def lay_devtools_network():
    d = Doc()
    dom = pick(DOMAINS)
    jwt = d.v("jwt", pick(["hmac", "rsa", "ecdsa", "eddsa"]))
    em = d.email()
    ip = d.v("ipv4", "public") if chance(0.6) else d.v("ipv6", "compressed")
    text = ('> await fetch("https://api.%s/v2/me", {headers: {Authorization: "Bearer %s"}}).then(r => r.json())\n'
            '< Promise {<pending>}\n'
            'GET https://api.%s/v2/me 401 (Unauthorized)          main.%s.js:1\n'
            '▶ {error: "token_expired", user: "%s", client_ip: "%s", retry: false}') % (
        dom, jwt, dom, rs(HEXL, 8), em, ip)
    return text, d.labels, "en", "devtools"


def lay_zendesk_ticket():
    d = Doc()
    lang = pick(LANGS)
    p, name = d.person(lang=lang)
    em = d.email(person=p)
    fr = pick(FRAMES[lang]["contact"])
    ph_value, ph_form, _ = gen_phone(pick(["intl_plus", "national", "intl_00"]), pick(LANG_PHONE_CC.get(lang, ["GB"])))
    d.put("phone", ph_value, ph_form)
    body = fr.replace("{v}", ph_value)
    st, street = d.street(lang=lang if any(s["lang"] == lang for s in STREETS) else None)
    doc = {"ticket": {"id": R.randint(10000, 999999), "subject": pick(["Lieferung", "Delivery issue", "Reclamación",
                                                                        "Problème de compte", "Zwrot", "配送について"]),
                      "requester": {"name": name, "email": em}, "status": "open",
                      "comments": [{"author": "requester", "body": body, "public": True}],
                      "custom_fields": [{"id": 360011, "value": street}]}}
    return json.dumps(doc, ensure_ascii=False, indent=pick([None, 2])), d.labels, lang, "zendesk"


def lay_salesforce_record():
    d = Doc()
    p, name = d.person(latin=chance(0.8))
    st, street = d.street()
    rec = {"attributes": {"type": "Contact", "url": "/services/data/v59.0/sobjects/Contact/003%s" % rs(ALNUM, 15)},
           "Name": name, "Email": d.email(person=p), "MobilePhone": d.phone(iso=PHONE_ISO_BY_CC.get(st["cc"])),
           "MailingStreet": street, "MailingCity": city_line(st), "LeadSource": pick(["Web", "Trade Show", "Referral"])}
    return json.dumps({"totalSize": 1, "done": True, "records": [rec]}, ensure_ascii=False, indent=2), d.labels, "en", "crm"


def lay_erp_purchase_order():
    d = Doc()
    lang = pick(["en", "de", "nl"])
    cc = {"en": ["GB", "IE"], "de": ["DE", "AT"], "nl": ["NL", "BE"]}[lang]
    p, name = d.person(lang=pick([lang, None]) if lang != "en" else "en", latin=True)
    em = d.email(person=p)
    ib = d.v("iban", pick(["grouped_space", "compact"]), lang=lang)
    st, street = d.street(ccs=cc)
    ph = d.phone(iso=PHONE_ISO_BY_CC.get(st["cc"]))
    po = "PO-2024-%06d" % R.randint(1, 999999)
    lab = {"en": ("PURCHASE ORDER", "Vendor contact", "Remit to IBAN", "Ship to", "Phone", "Line", "Item", "Qty", "Total"),
           "de": ("BESTELLUNG", "Ansprechpartner", "Zahlung an IBAN", "Lieferadresse", "Telefon", "Pos", "Artikel", "Menge", "Summe"),
           "nl": ("INKOOPORDER", "Contactpersoon", "Betalen aan IBAN", "Afleveradres", "Telefoon", "Regel", "Artikel", "Aantal", "Totaal")}[lang]
    items = [("Stretch film 23my", 40, "18,90"), ("Pallet labels A5", 12, "7,45"), ("Edge protectors", 200, "0,38")]
    rows = "\n".join("%-5d %-22s %5d  EUR %s" % (10 * (k + 1), it[0], it[1], it[2]) for k, it in enumerate(items[:R.randint(1, 3)]))
    text = "%s  %s\n%s: %s <%s>\n%s: %s\n%s: %s, %s\n%s: %s\n\n%-5s %-22s %5s\n%s\n" % (
        lab[0], po, lab[1], name, em, lab[2], ib, lab[3], street, city_line(st), lab[4], ph,
        lab[5], lab[6], lab[7], rows)
    return text, d.labels, lang, "erp"


def lay_payroll_slip():
    d = Doc()
    if chance(0.5):
        p, name = d.person(lang="en")
        st, street = d.street(ccs=["US"])
        ssn = d.v("ssn", pick(["dashed", "dashed", "spaced", "bare"]))
        text = ("EARNINGS STATEMENT — pay period 06/01/2024–06/15/2024\nEmployee: %s\nSSN: %s\nAddress: %s, %s\n"
                "Regular hours   80.00   $%d.%02d\nFederal tax            -$%d.%02d\nNet pay                 $%d.%02d\n") % (
            name, ssn, street, city_line(st), R.randint(1800, 4200), R.randint(0, 99), R.randint(200, 600),
            R.randint(0, 99), R.randint(1400, 3500), R.randint(0, 99))
        return text, d.labels, "en", "payroll"
    p, name = d.person(lang=pick(["de", "de", None]), latin=True)
    st, street = d.street(ccs=["DE", "AT"])
    ib = d.v("iban", pick(["grouped_space", "compact", "grouped_nbsp"]), lang="de")
    text = ("Verdienstabrechnung %s/2024\nMitarbeiter/in: %s\nAnschrift: %s, %s\nSteuerklasse: %d   Konfession: --\n"
            "Gesamtbrutto            %d,%02d €\nAuszahlung auf %s\n") % (
        pick(["Mai", "Juni", "Juli", "August"]), name, street, city_line(st), R.randint(1, 5), R.randint(2400, 6200),
        R.randint(0, 99), ib)
    return text, d.labels, "de", "payroll"


def lay_school_enrolment():
    d = Doc()
    lang = pick(["fr", "es", "it", "de"])
    child_p, child = d.person(lang=lang)
    par_p, parent = d.person(lang=lang)
    if child == parent:
        return None
    ph = d.phone(lang=lang)
    em = d.email(person=par_p)
    st, street = d.street(lang=lang)
    lab = {"fr": ("Fiche d'inscription — année scolaire 2024-2025", "Élève", "Classe", "Responsable légal", "Téléphone",
                  "Courriel", "Adresse"),
           "es": ("Hoja de matrícula — curso 2024-2025", "Alumno/a", "Curso", "Tutor/a legal", "Teléfono",
                  "Correo electrónico", "Domicilio"),
           "it": ("Modulo di iscrizione — anno scolastico 2024/2025", "Alunno/a", "Classe", "Genitore", "Telefono",
                  "E-mail", "Indirizzo"),
           "de": ("Schulanmeldung — Schuljahr 2024/25", "Schüler/in", "Klasse", "Erziehungsberechtigte/r", "Telefon",
                  "E-Mail", "Anschrift")}[lang]
    text = "%s\n%s : %s\n%s : %s\n%s : %s\n%s : %s\n%s : %s\n%s : %s, %s\n" % (
        lab[0], lab[1], child, lab[2], pick(["CE2", "3B", "5A", "1º ESO", "2C"]), lab[3], parent, lab[4], ph,
        lab[5], em, lab[6], street, city_line(st))
    if lang != "fr":
        text = text.replace(" : ", ": ")
    return text, d.labels, lang, "enrolment"


def lay_visa_application():
    d = Doc()
    p, name = d.person(latin=True, styles=("plain", "caps_family"))
    st, street = d.street(ccs=pick([["US"], ["GB", "IE"], ["DE", "AT"], ["FR"], ["ES"], ["IT"]]))
    ph = d.phone(iso=PHONE_ISO_BY_CC.get(st["cc"]))
    em = d.email(person=p)
    lines = ["APPLICATION FOR A SHORT-STAY VISA", "1. Full name (as in passport): %s" % name,
             "2. Date of birth: %02d/%02d/19%02d" % (R.randint(1, 28), R.randint(1, 12), R.randint(55, 99)),
             "3. Home address: %s, %s" % (street, city_line(st)), "4. Telephone: %s" % ph, "5. E-mail: %s" % em,
             "6. Purpose of journey: %s" % pick(["Tourism", "Business", "Visiting family", "Conference"])]
    if st["cc"] == "US" and chance(0.7):
        lines.append("7. US Social Security Number (if any): %s" % d.v("ssn", pick(["dashed", "spaced"])))
    return "\n".join(lines) + "\n", d.labels, "en", "visa_application"


def lay_cv_plaintext():
    d = Doc()
    lang = pick(["en", "de", "es"])
    p, name = d.person(lang=pick([lang, None]), latin=True, styles=("plain", "plain", "caps_family"))
    if chance(0.3):
        d.labels.pop()
        up = name.upper()
        NAME_VALUES[up] = p
        name = d.put("person_name", up, "caps_family")
    st, street = d.street(lang=lang if lang != "en" else None)
    ph = d.phone(iso=PHONE_ISO_BY_CC.get(st["cc"]))
    em = d.email(person=p)
    hdr = {"en": ("PROFILE", "Logistics analyst with seven years in cold-chain operations.", "EXPERIENCE", "Data analyst"),
           "de": ("PROFIL", "Logistikanalystin mit sieben Jahren Erfahrung in der Kühlkette.", "BERUFSERFAHRUNG", "Datenanalyst/in"),
           "es": ("PERFIL", "Analista de logística con siete años en cadena de frío.", "EXPERIENCIA", "Analista de datos")}[lang]
    text = "%s\n%s · %s · %s · %s\n\n%s\n%s\n\n%s\n2019–2024  %s, %s\n2016–2019  %s\n" % (
        name, street, city_line(st) or "Porto", ph, em, hdr[0], hdr[1], hdr[2], hdr[3], pick(COMPANIES),
        pick(COMPANIES))
    return text, d.labels, lang, "cv"


def lay_incident_report():
    d = Doc()
    op, officer = d.person(lang="en")
    cp, comp = d.person(latin=True)
    if officer == comp:
        return None
    st, street = d.street(ccs=["US", "GB", "IE", "CA", "AU", "NZ"])
    ph = d.phone(iso=PHONE_ISO_BY_CC.get(st["cc"]))
    ip = d.v("ipv4", "public")
    ib = d.v("iban", pick(["compact", "grouped_space"]))
    text = ("INCIDENT REPORT  No. %d-%06d\nReporting officer: %s %s\nComplainant: %s, residing at %s\nContact: %s\n"
            "Narrative: The complainant stated that on %02d/%02d an unknown person logged into the complainant's online banking "
            "from IP %s and transferred EUR %d to %s. The complainant has since blocked the account.\n") % (
        2024, R.randint(1, 999999), pick(["Sgt.", "PC", "Det.", "Officer"]), officer, comp, street, ph,
        R.randint(1, 28), R.randint(1, 12), ip, R.randint(300, 9000), ib)
    return text, d.labels, "en", "incident_report"


SIGN_OFFS = {"de": "Mit freundlichen Grüßen", "en": "Kind regards", "fr": "Bien cordialement", "es": "Un saludo",
             "it": "Cordiali saluti", "pl": "Z poważaniem", "sv": "Vänliga hälsningar", "nl": "Met vriendelijke groet",
             "pt": "Com os melhores cumprimentos", "ja": "よろしくお願いいたします。", "fi": "Ystävällisin terveisin",
             "da": "Med venlig hilsen", "cs": "S pozdravem", "tr": "Saygılarımla"}


def lay_email_signature():
    d = Doc()
    lang = pick(sorted(SIGN_OFFS))
    p, name = d.person(lang=lang)
    st, street = d.street(lang=lang if any(s["lang"] == lang for s in STREETS) else None)
    comp = pick(COMPANIES)
    ph1 = d.phone(iso=PHONE_ISO_BY_CC.get(st["cc"]), form=pick(["intl_plus", "trunk_paren", "nbsp_separated", "intl_00"]))
    lines = ["--", SIGN_OFFS[lang], "", name, pick(["Senior Account Manager", "Head of Operations", "Einkauf",
                                                   "Office Manager", "Key Account"]) + " | " + comp,
             street + " · " + city_line(st), "T " + ph1]
    if chance(0.5):
        lines[-1] += " · M " + d.phone(iso=PHONE_ISO_BY_CC.get(st["cc"]), form="intl_plus")
    lines.append(d.email(person=p if p["latin"] else None))
    return "\n".join(lines) + "\n", d.labels, lang, "email_signature"


def lay_soap_envelope():
    d = Doc()
    p, name = d.person(latin=chance(0.8))
    em = d.email(person=p)
    ib = d.v("iban", pick(["compact", "compact", "grouped_space"]))
    card = d.v("credit_card", pick(["visa_compact", "mastercard_compact", "amex_compact", "diners_compact",
                                    "maestro_compact", "unionpay_compact"]))
    text = ('<?xml version="1.0" encoding="UTF-8"?>\n<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" '
            'xmlns:bil="urn:billing:2023">\n  <soapenv:Header/>\n  <soapenv:Body>\n    <bil:CreateMandate>\n'
            '      <bil:HolderName>%s</bil:HolderName>\n      <bil:Email>%s</bil:Email>\n      <bil:Iban>%s</bil:Iban>\n'
            '      <bil:FallbackCard>%s</bil:FallbackCard>\n      <bil:Currency>EUR</bil:Currency>\n'
            '    </bil:CreateMandate>\n  </soapenv:Body>\n</soapenv:Envelope>') % (xml_esc(name), em, ib, card)
    return text, d.labels, "en", "soap"


def lay_grpc_error():
    d = Doc()
    key = d.v("anthropic_key") if chance(0.5) else d.v("openai_key")
    if chance(0.5):
        peer = d.v("ipv4", "with_port") + ":50051"
    else:
        peer = "[" + d.v("ipv6", "bracketed_port") + "]:50051"
    em = d.email()
    text = ("ERROR: rpc error: code = PermissionDenied desc = upstream rejected credentials\n"
            "details:\n  - \"@type\": type.googleapis.com/google.rpc.ErrorInfo\n    reason: API_KEY_INVALID\n"
            "    domain: llm-proxy.internal\n    metadata:\n      key: %s\n      peer: %s\n      owner: %s\n"
            "  - \"@type\": type.googleapis.com/google.rpc.RetryInfo\n    retryDelay: 30s\n") % (key, peer, em)
    return text, d.labels, "en", "grpc"


def lay_go_test_fixture():
    d = Doc()
    em = d.email()
    gh = d.v("github_token")
    ip = d.v("ipv4", "with_port")
    jw = d.v("jwt")
    text = ("func TestRedact(t *testing.T) {\n\tcases := []struct{ name, in string }{\n"
            "\t\t{\"email\", \"contact %s for access\"},\n\t\t{\"token\", \"GITHUB_TOKEN=%s\"},\n"
            "\t\t{\"peer\", \"dial tcp %s: i/o timeout\"},\n\t\t{\"session\", \"%s\"},\n\t}\n"
            "\tfor _, c := range cases {\n\t\tif got := Redact(c.in); got == c.in {\n"
            "\t\t\tt.Errorf(\"%%s: not redacted\", c.name)\n\t\t}\n\t}\n}\n") % (em, gh, ip + ":" + port(), jw)
    return text, d.labels, "en", "go_fixture"


def lay_kotlin_fixture():
    d = Doc()
    p, name = d.person(latin=chance(0.7))
    em = d.email(person=p)
    ph = d.phone(form=pick(["intl_plus", "intl_00", "national"]))
    ib = d.v("iban", pick(["compact", "grouped_space", "lowercase"]))
    text = ("object CustomerFixtures {\n    val alice = Customer(\n        id = %dL,\n        name = \"%s\",\n"
            "        email = \"%s\",\n        phone = \"%s\",\n        iban = \"%s\",\n    )\n}\n") % (
        R.randint(1, 9999), name, em, ph, ib)
    return text, d.labels, "en", "kotlin_fixture"


def lay_swift_fixture():
    d = Doc()
    p, name = d.person(latin=chance(0.6))
    st, street = d.street()
    em = d.email(person=p if p["latin"] else None)
    text = ("extension Contact {\n    static let preview = Contact(\n        name: \"%s\",\n        street: \"%s\",\n"
            "        email: \"%s\",\n        apiKey: \"%s\"\n    )\n}\n") % (name, street, em, d.v("openai_key", "project"))
    return text, d.labels, "en", "swift_fixture"


def lay_es_results():
    d = Doc()
    hits = []
    for k in range(R.randint(1, 2)):
        src = {"@timestamp": "2024-06-%02dT%02d:%02d:%02d.%03dZ" % (R.randint(1, 28), R.randint(0, 23), R.randint(0, 59),
                                                                   R.randint(0, 59), R.randint(0, 999)),
               "client.ip": d.v("ipv4", pick(["public", "private"])) if k == 0 else d.v("ipv6", pick(["compressed", "full", "uppercase"])),
               "user.email": d.email(),
               "http.request.headers.authorization": "Bearer " + d.v("bearer_token"),
               "http.response.status_code": pick([200, 401, 403])}
        hits.append({"_index": "access-2024.06", "_id": rs(ALNUM, 20), "_score": 1.0, "_source": src})
    doc = {"took": R.randint(2, 90), "timed_out": False, "hits": {"total": {"value": len(hits), "relation": "eq"},
                                                                   "hits": hits}}
    return json.dumps(doc, indent=pick([None, 2])), d.labels, "en", "elasticsearch"


def lay_redis_monitor():
    d = Doc()
    ts = R.randint(1700000000, 1735000000)
    sid = rs(HEXL, 12)
    lines = ['%d.%06d [0 unix:/run/redis/redis.sock] "HSET" "session:%s" "email" "%s" "ip" "%s"' % (
        ts, R.randint(0, 999999), sid, d.email(), d.v("ipv4")),
             '%d.%06d [0 unix:/run/redis/redis.sock] "SET" "oauth:%s" "%s" "EX" "3600"' % (
        ts, R.randint(0, 999999), sid, d.v("jwt", pick(["hmac", "rsa", "ecdsa"])))]
    if chance(0.4):
        lines.append('%d.%06d [0 unix:/run/redis/redis.sock] "EXPIRE" "session:%s" "900"' % (ts + 1, R.randint(0, 999999), sid))
    return "\n".join(lines), d.labels, "en", "redis"


def lay_windows_event():
    d = Doc()
    ip = d.v("ipv4", "public") if chance(0.6) else d.v("ipv6", pick(["compressed", "link_local_zone"]))
    if d.labels[-1]["form"] == "link_local_zone":
        ip = ip + "%" + str(R.randint(2, 19))
    text = ("Log Name:      Security\nSource:        Microsoft-Windows-Security-Auditing\nDate:          2024-06-%02dT%02d:%02d:%02d.%03d\n"
            "Event ID:      4625\nTask Category: Logon\nKeywords:      Audit Failure\nDescription:\nAn account failed to log on.\n\n"
            "Account For Which Logon Failed:\n\tAccount Name:\t\t%s\n\tAccount Domain:\t\tCORP\n\nNetwork Information:\n"
            "\tWorkstation Name:\tLAPTOP-%s\n\tSource Network Address:\t%s\n\tSource Port:\t\t%d\n") % (
        R.randint(1, 28), R.randint(0, 23), R.randint(0, 59), R.randint(0, 59), R.randint(0, 999), d.email(),
        rs(UPPER + DIGITS, 6), ip, R.randint(49152, 65535))
    return text, d.labels, "en", "winevent"


def lay_irc_log():
    d = Doc()
    a, b, c = R.sample(NICKS, 3)
    ip = d.v("ipv4", pick(["public", "defanged", "private"]))
    em = d.v("email", pick(["obf_bracket_at", "obf_paren_at", "obf_words", "spaced_at", "defanged_dot", "plain"]))
    key = d.v(pick(["aws_access_key", "github_token", "openai_key"]))
    chan = pick(["#infra", "#ops", "#homelab"])
    text = ("--- Log opened %s Jun %02d 2024\n[%s] <%s> anyone know why the relay at %s keeps dropping?\n"
            "[%s] <%s> rate limited. mail %s for a whitelist\n[%s] <%s> also someone pasted %s in %s earlier\n"
            "[%s] <%s> rotated, thx\n") % (pick(["Mon", "Tue", "Wed", "Thu"]), R.randint(1, 28), hhmm(), a, ip, hhmm(), b,
                                         em, hhmm(), c, key, chan, hhmm(), a)
    return text, d.labels, "en", "irc"


SRT_LINES = {
    "en": ("Hi, I'm {n}, calling about the flat.", "You can call me back on {p}.", "The viewing is at {s}."),
    "es": ("Hola, soy {n} y llamo por el piso.", "Me puede devolver la llamada al {p}.", "La visita es en {s}."),
    "de": ("Hallo, hier ist {n}, wegen der Wohnung.", "Rufen Sie mich bitte unter {p} zurück.", "Treffpunkt für die Besichtigung: {s}."),
    "pt": ("Olá, fala {n}, é sobre o apartamento.", "Pode ligar-me de volta para o {p}.", "A visita é na {s}."),
    "it": ("Buongiorno, sono {n}, chiamo per l'appartamento.", "Può richiamarmi al {p}.", "La visita è in {s}."),
}


def lay_srt_subtitles():
    d = Doc()
    lang = pick(sorted(SRT_LINES))
    p, name = d.person(lang=lang)
    ph = d.phone(lang=lang, form=pick(["intl_plus", "national", "national"]))
    st, street = d.street(lang=lang)
    cues = []
    tpl = SRT_LINES[lang]
    for k, line in enumerate([tpl[0].replace("{n}", name), tpl[1].replace("{p}", ph), tpl[2].replace("{s}", street)]):
        t1, t2 = srt_time()
        cues.append("%d\n%s --> %s\n%s\n" % (k + 1, t1, t2, line))
    return "\n".join(cues), d.labels, lang, "srt"


def lay_meeting_minutes_md():
    d = Doc()
    lang = pick(["en", "en", "de", "nl", "sv"])
    people = []
    for _ in range(3):
        p = pick([x for x in PEOPLE if x["latin"] and x["order"] == "gf"])
        if p not in people:
            people.append(p)
    names = [render_name(p) for p in people]
    hdr = {"en": ("Weekly sync", "Attendees", "Decisions", "Action items", "rotate the leaked key", "send the contract to",
                  "move staging to"),
           "de": ("Wochenabstimmung", "Teilnehmende", "Beschlüsse", "Aufgaben", "geleakten Schlüssel tauschen",
                  "Vertrag schicken an", "Staging umziehen auf"),
           "nl": ("Weekoverleg", "Aanwezig", "Besluiten", "Actiepunten", "gelekte sleutel vervangen", "contract sturen naar",
                  "staging verhuizen naar"),
           "sv": ("Veckomöte", "Närvarande", "Beslut", "Åtgärder", "byt den läckta nyckeln", "skicka avtalet till",
                  "flytta staging till")}[lang]
    out = ["# %s – 2024-06-%02d" % (hdr[0], R.randint(1, 28)), "",
           "**%s:** %s" % (hdr[1], ", ".join(d.put("person_name", n, plain_form(p)) for n, p in zip(names, people))), "",
           "## " + hdr[2], "- %s `%s`" % (hdr[6], d.v("ipv4", pick(["private", "public"]))), "", "## " + hdr[3],
           "- [ ] %s: %s `%s`" % (d.put("person_name", names[0], plain_form(people[0])), hdr[4], d.v("aws_access_key")),
           "- [ ] %s: %s %s" % (d.put("person_name", names[-1], plain_form(people[-1])), hdr[5], d.email())]
    return "\n".join(out) + "\n", d.labels, lang, "minutes"


def lay_pr_review_comment():
    d = Doc()
    key = d.v("openai_key")
    em = d.email()
    out = ["**Review** on `config/settings.py`", "", "```python", "LLM_PROVIDER = \"openai\"",
           "OPENAI_API_KEY = \"%s\"" % key, "SUPPORT_INBOX = \"%s\"" % em, "```", "",
           "This key is live — please revoke it and load it from the vault instead. The inbox should come from settings too."]
    if chance(0.4):
        kt = pick(["openssh", "pkcs8_ed25519", "sec1_ec"])
        block = render_pem(pem_lines(kt), "lf")
        d.put("private_key", block, kt + "/lf")
        out += ["", "And `deploy/id_key` in the same commit:", "", "```", block, "```"]
    return "\n".join(out) + "\n", d.labels, "en", "pr_review"


def lay_rabbitmq_message():
    d = Doc()
    lang = pick(LANGS)
    p, name = d.person(lang=lang)
    ph = d.phone(lang=lang, form=pick(["intl_plus", "intl_plus", "intl_00"]))
    em = d.email(person=p if p["latin"] else None)
    text = ("Exchange: notifications\nRouting key: sms.outbound\nRedelivered: false\nProperties: delivery_mode=2, "
            "content_type=application/json, message_id=%s\nPayload (%d bytes):\n%s") % (
        rs(HEXL, 8) + "-" + rs(HEXL, 4), R.randint(180, 420),
        jstr({"to": ph, "recipient": name, "cc_email": em, "template": "appointment_reminder",
              "locale": lang}))
    return text, d.labels, lang, "rabbitmq"


JOB_LABELS = {"en": ("Job application — Warehouse team lead", "Name", "Address", "Phone", "Email",
                     "Earliest start date", "Cover note", "I have run night shifts for four years."),
              "de": ("Bewerbung — Teamleitung Lager", "Name", "Anschrift", "Telefon", "E-Mail", "Frühester Eintritt",
                     "Anschreiben", "Ich leite seit vier Jahren Nachtschichten."),
              "es": ("Solicitud de empleo — Jefe/a de almacén", "Nombre", "Dirección", "Teléfono", "Correo",
                     "Incorporación", "Carta", "Llevo cuatro años coordinando turnos de noche."),
              "pl": ("Aplikacja — kierownik zmiany magazynu", "Imię i nazwisko", "Adres", "Telefon", "E-mail",
                     "Najwcześniejszy termin", "List", "Od czterech lat prowadzę nocne zmiany.")}


def lay_job_application():
    d = Doc()
    lang = pick(sorted(JOB_LABELS))
    lab = JOB_LABELS[lang]
    p, name = d.person(lang=lang)
    st, street = d.street(lang=lang if lang != "en" else None, ccs=None if lang != "en" else ["GB", "IE", "US"])
    ph = d.phone(iso=PHONE_ISO_BY_CC.get(st["cc"]))
    em = d.email(person=p)
    text = "%s\n\n%s: %s\n%s: %s, %s\n%s: %s\n%s: %s\n%s: %02d.%02d.2024\n\n%s:\n%s\n" % (
        lab[0], lab[1], name, lab[2], street, city_line(st), lab[3], ph, lab[4], em, lab[5], R.randint(1, 28),
        R.randint(7, 12), lab[6], lab[7])
    return text, d.labels, lang, "job_application"


LAYOUTS = {"kafka_dump": lay_kafka_dump, "cloudwatch_json": lay_cloudwatch_json, "helm_values": lay_helm_values,
           "ansible_inventory": lay_ansible_inventory, "ldif_entry": lay_ldif, "saml_assertion": lay_saml_assertion,
           "openapi_example": lay_openapi_example, "devtools_network": lay_devtools_network,
           "zendesk_ticket_json": lay_zendesk_ticket, "salesforce_record": lay_salesforce_record,
           "erp_purchase_order": lay_erp_purchase_order, "payroll_slip": lay_payroll_slip,
           "school_enrolment": lay_school_enrolment, "visa_application": lay_visa_application,
           "cv_plaintext": lay_cv_plaintext, "incident_report": lay_incident_report,
           "email_signature": lay_email_signature, "soap_envelope": lay_soap_envelope, "grpc_error": lay_grpc_error,
           "go_test_fixture": lay_go_test_fixture, "kotlin_fixture": lay_kotlin_fixture,
           "swift_fixture": lay_swift_fixture, "elasticsearch_results": lay_es_results,
           "redis_monitor": lay_redis_monitor, "windows_event_log": lay_windows_event, "irc_log": lay_irc_log,
           "srt_subtitles": lay_srt_subtitles, "meeting_minutes_md": lay_meeting_minutes_md,
           "pr_review_comment": lay_pr_review_comment, "rabbitmq_message": lay_rabbitmq_message,
           "job_application": lay_job_application}


# ---------------------------------------------------------------------------
# hard negatives.  Each kind returns a look-alike string that is put into a
# generic frame, or (own=True) a whole sentence.
# ---------------------------------------------------------------------------
def isbn13():
    while True:
        core = "978" + rs(DIGITS, 9)
        s = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(core))
        full = core + str((10 - s % 10) % 10)
        cuts = pick([(3, 1, 4, 4), (3, 2, 3, 4), (3, 1, 2, 6)])
        parts, i = [], 0
        for c in cuts:
            parts.append(full[i:i + c])
            i += c
        parts.append(full[i:])
        return "ISBN " + "-".join(parts) if chance(0.8) else "ISBN " + full


def issn():
    d = rs(DIGITS, 7)
    s = sum(int(c) * w for c, w in zip(d, range(8, 1, -1)))
    c = (11 - s % 11) % 11
    return "ISSN %s-%s%s" % (d[:4], d[4:], "X" if c == 10 else str(c))


def n_luhn_invalid():
    d = card_digits(pick(sorted(CARD_BRANDS)))
    d = d[:-1] + str((int(d[-1]) + R.randint(1, 9)) % 10)
    if luhn_ok(d):
        return None
    return format_grouped(d, card_groups(len(d)), pick([" ", "-", ""]))


def n_iban_bad_checksum():
    v, _ = gen_iban("compact")
    bad = v[:2] + pick(["%02d" % k for k in range(2, 99) if "%02d" % k != v[2:4]]) + v[4:]
    if iban_ok(bad):
        return None
    return " ".join(bad[i:i + 4] for i in range(0, len(bad), 4)) if chance(0.6) else bad


def n_iban_wrong_length():
    cc = pick_key(IBAN_SPEC)
    bban = gen_bban(cc)
    bban = bban + rs(DIGITS, R.randint(1, 2)) if chance(0.5) else bban[:-R.randint(1, 2)]
    s = cc + iban_check(cc, bban) + bban
    return " ".join(s[i:i + 4] for i in range(0, len(s), 4)) if chance(0.5) else s


def n_vat_ids():
    return pick(["DE%s" % rs(DIGITS, 9), "ATU%s" % rs(DIGITS, 8), "NL%sB%02d" % (rs(DIGITS, 9), R.randint(1, 99)),
                 "FR%s%s" % (rs(UPPER, 2), rs(DIGITS, 9)), "ESB%s" % rs(DIGITS, 8), "IT%s" % rs(DIGITS, 11),
                 "CHE-%s.%s.%s MWST" % (rs(DIGITS, 3), rs(DIGITS, 3), rs(DIGITS, 3))])


def n_ssn_no_context():
    v, _ = gen_ssn("bare")
    return v


def n_ssn_invalid():
    k = R.randrange(5)
    a, g, s = R.randint(10, 899), R.randint(1, 99), R.randint(1, 9999)
    if k == 0:
        a = 0
    elif k == 1:
        a = 666
    elif k == 2:
        a = R.randint(900, 999)
    elif k == 3:
        g = 0
    else:
        s = 0
    sep = pick(["-", "-", " "])
    return pick(["SSN ", "SSN: ", "SSN #"]) + "%03d%s%02d%s%04d" % (a, sep, g, sep, s)


def n_version():
    return pick(["v%d.%d.%d" % (R.randint(0, 9), R.randint(0, 40), R.randint(0, 30)),
                 "%d.%d.%d-rc.%d" % (R.randint(1, 5), R.randint(0, 20), R.randint(0, 9), R.randint(1, 4)),
                 "Python 3.%d.%d" % (R.randint(8, 13), R.randint(0, 12)), "node v%d.%d.%d" % (R.randint(16, 22), R.randint(0, 19), R.randint(0, 9)),
                 "OpenSSL 3.%d.%d" % (R.randint(0, 3), R.randint(0, 15)),
                 "kernel 6.%d.0-%d-generic" % (R.randint(1, 10), R.randint(10, 60)),
                 "%d.%d.%d+build.%d" % (R.randint(1, 9), R.randint(0, 9), R.randint(0, 9), R.randint(100, 9999))])


def n_build_number():
    return pick(["Build 20%02d%02d%02d.%d" % (R.randint(22, 24), R.randint(1, 12), R.randint(1, 28), R.randint(1, 9)), "#%d" % R.randint(10000, 99999),
                 "CI run %d" % R.randint(1000000000, 9999999999), "build-%s" % rs(HEXL, 7),
                 "pipeline %d / job %d" % (R.randint(10000, 999999), R.randint(1000000, 9999999))])


def n_hash():
    return pick(["commit " + rs(HEXL, 40), "sha256:" + rs(HEXL, 64), rs(HEXL, 7), "md5 " + rs(HEXL, 32),
                 rs(HEXL, 40).upper()])


def n_uuid():
    h = rs(HEXL, 32)
    u = "%s-%s-4%s-%s%s-%s" % (h[:8], h[8:12], h[13:16], pick("89ab"), h[17:20], h[20:32])
    return u.upper() if chance(0.3) else u


def n_mac():
    b = [R.randint(0, 255) for _ in range(6)]
    k = R.randrange(3)
    if k == 0:
        return ":".join("%02x" % x for x in b)
    if k == 1:
        return "-".join("%02X" % x for x in b)
    return "%02x%02x.%02x%02x.%02x%02x" % tuple(b)


def n_base64():
    while True:
        s = base64.b64encode(rbytes(R.randint(24, 90))).decode()
        if not s.startswith("eyJ"):
            return s


def n_timestamp():
    y, mo, da, h, mi, se = 2024, R.randint(1, 12), R.randint(1, 28), R.randint(0, 23), R.randint(0, 59), R.randint(0, 59)
    return pick(["%d-%02d-%02dT%02d:%02d:%02d.%03d+02:00" % (y, mo, da, h, mi, se, R.randint(0, 999)),
                 "%s, %02d %s %d %02d:%02d:%02d +0200" % (pick(["Mon", "Tue", "Wed"]), da, pick(["Jun", "Jul", "Sep"]), y, h, mi, se),
                 "%d" % R.randint(1700000000, 1735000000), "%d" % R.randint(1700000000000, 1735000000000),
                 "%02d.%02d.%d %02d:%02d" % (da, mo, y, h, mi), "%d/%02d/%02d %02d:%02d:%02d,%03d" % (y, mo, da, h, mi, se, R.randint(0, 999))])


def n_price():
    return pick(["€%d.%03d,%02d" % (R.randint(1, 9), R.randint(0, 999), R.randint(0, 99)),
                 "$%d,%03d.%02d" % (R.randint(1, 99), R.randint(0, 999), R.randint(0, 99)),
                 "¥%d,%03d" % (R.randint(1, 999), R.randint(0, 999)), "CHF %d.–" % R.randint(10, 999),
                 "%d %03d,%02d zł" % (R.randint(1, 99), R.randint(0, 999), R.randint(0, 99)),
                 "R$ %d,%02d" % (R.randint(10, 9999), R.randint(0, 99)), "£%d.%02d" % (R.randint(1, 500), R.randint(0, 99)),
                 "₹%d,%03d" % (R.randint(1, 99), R.randint(0, 999))])


def n_tracking():
    return pick(["1Z" + rs(UPPER + DIGITS, 16), "JJD%s" % rs(DIGITS, 18),
                 " ".join(["9400", rs(DIGITS, 4), rs(DIGITS, 4), rs(DIGITS, 4), rs(DIGITS, 4), rs(DIGITS, 2)]),
                 "%s %s %s" % (rs(DIGITS, 4), rs(DIGITS, 4), rs(DIGITS, 4)), "RR%sDE" % rs(DIGITS, 9),
                 "LX%sCN" % rs(DIGITS, 9)])


def n_isbn():
    return isbn13() if chance(0.7) else issn()


def n_coordinates():
    la, lo = R.uniform(-60, 70), R.uniform(-170, 170)
    return pick(["%.5f, %.5f" % (la, lo), "lat=%.4f&lon=%.4f" % (la, lo),
                 "%d°%02d′%02d″%s %d°%02d′%02d″%s" % (abs(int(la)), R.randint(0, 59), R.randint(0, 59), "N" if la > 0 else "S",
                                                    abs(int(lo)), R.randint(0, 59), R.randint(0, 59), "E" if lo > 0 else "W")])


def n_postcode():
    return pick(["%05d %s" % (R.randint(1067, 99998), pick(["Berlin", "Leipzig", "Köln"])), "%s%d %d%s" % (
        pick(["LS", "M", "EH", "CF", "BS"]), R.randint(1, 20), R.randint(1, 9), rs(UPPER.replace("C", ""), 2)),
                 "%05d" % R.randint(1000, 95999), "%02d-%03d Gdańsk" % (R.randint(10, 99), R.randint(100, 999)),
                 "%05d-%04d" % (R.randint(10000, 99999), R.randint(1000, 9999)), "%d %s" % (R.randint(1000, 9999), pick(["Wien", "Graz", "Gent"])),
                 "〒%03d-%04d" % (R.randint(100, 999), R.randint(0, 9999))])


def n_masked():
    return pick(["****%s" % rs(DIGITS, 4), "XXXX-XXXX-XXXX-%s" % rs(DIGITS, 4), "•••• •••• •••• %s" % rs(DIGITS, 4),
                 "SSN ***-**-%s" % rs(DIGITS, 4), "DE** **** **** **** **%s %s" % (rs(DIGITS, 2), rs(DIGITS, 2)),
                 "%s***@***.%s" % (pick(LOWER), pick(["com", "de", "io"])), "+49 *** ****%s" % rs(DIGITS, 3),
                 "sk-...%s" % rs(ALNUM, 4), "AKIA************%s" % rs(B32, 4)])


def n_placeholder_key():
    return pick(["sk-...", "YOUR_API_KEY", "sk-ant-XXXXXXXX", "<OPENAI_API_KEY>", "${ANTHROPIC_API_KEY}",
                 "sk-proj-REPLACE_ME", "ghp_<your-token>", "AKIA<ACCESS_KEY_ID>", "github_pat_XXXX",
                 "OPENAI_API_KEY=changeme", "api_key: \"<redacted>\"", "sk-your-key-here"])


def n_truncated_key():
    return pick(["sk-ant-api03-" + tok_body(R.randint(12, 30)), "ghp_" + rs(ALNUM, R.randint(10, 24)),
                 "AKIA" + rs(B32, R.randint(5, 10)), "github_pat_" + rs(ALNUM, R.randint(8, 20)),
                 "sk-proj-" + tok_body(R.randint(8, 24)), "sk-" + rs(ALNUM, R.randint(8, 16)),
                 "gho_" + rs(ALNUM, R.randint(8, 20))])


def n_public_key():
    k = R.randrange(3)
    if k == 0:
        d_, pub = ec_keypair()
        der = der_seq(der_seq(der_oid(OID_EC), der_oid(OID_P256)), der_bits(pub))
        b = base64.b64encode(der).decode()
        return "-----BEGIN PUBLIC KEY-----\n" + "\n".join(b[i:i + 64] for i in range(0, len(b), 64)) + "\n-----END PUBLIC KEY-----"
    if k == 1:
        tbs = der_seq(der_ctx(0, der_int(2)), der_int(R.getrandbits(120)), der_seq(der_oid("1.2.840.10045.4.3.2")),
                      der_seq(der_oct(rbytes(40))), der_seq(der_oct(rbytes(30))),
                      der_seq(der_seq(der_oid(OID_EC), der_oid(OID_P256)), der_bits(rbytes(65))))
        der = der_seq(tbs, der_seq(der_oid("1.2.840.10045.4.3.2")), der_bits(rbytes(70)))
        b = base64.b64encode(der).decode()
        return "-----BEGIN CERTIFICATE-----\n" + "\n".join(b[i:i + 64] for i in range(0, len(b), 64)) + "\n-----END CERTIFICATE-----"
    pub = ed25519_pub(rbytes(32))
    blob = sshstr(b"ssh-ed25519") + sshstr(pub)
    return "ssh-ed25519 " + base64.b64encode(blob).decode() + " " + pick(["deploy-key-2024", "build-runner", "laptop"])


def n_social_handle():
    return pick(["@" + pick(NICKS), "@" + pick(["Lumenfjord", "Zeltwerk", "Quietpine", "Polderpost"]) + pick(["", "HQ", "_news"]),
                 "u/" + pick(NICKS), "#" + pick(["frontdesk", "nightshift", "OpenHouse2024"])])


AT_PROSE = {"en": ["Lunch @ noon, bring the slides.", "3 crates @ €4.50 each, please confirm.", "See you @ the depot after the briefing."],
            "de": ["Treffen @ Kantine, gleich nach der Übergabe.", "Zwei Kisten @ 4,50 € das Stück."],
            "es": ["Nos vemos @ la oficina después de comer.", "Dos cajas @ 3,20 € cada una."],
            "fr": ["RDV @ la gare juste après le déjeuner.", "Deux cartons @ 4,10 € pièce."],
            "pt": ["Encontro @ café da esquina, logo depois do almoço."], "it": ["Ci vediamo @ bar dopo pranzo."],
            "nl": ["Afspraak @ kantine na de lunch."], "sv": ["Vi ses @ lagret efter lunch."], "pl": ["Spotkanie @ stołówka po obiedzie."]}
CAPS_SENT = {"en": ["Quarterly Budget Review Starts Monday Morning", "Annual General Meeting Of The Rowing Club",
                    "Grand Opening Sale This Weekend Only", "Please Read The Updated Safety Guidelines Carefully"],
             "de": ["Die Neue Kantine Öffnet Am Montag", "Betriebsversammlung Im Großen Saal"],
             "fr": ["Grande Braderie De Printemps Ce Samedi"], "es": ["Gran Venta De Verano En La Plaza Mayor"],
             "nl": ["Open Dag Op Het Nieuwe Distributiecentrum"], "it": ["Grande Festa D'Estate In Piazza"]}
CITY_SENT = {"en": "Flights from {a} to {b} via {c} are delayed.", "de": "Die Tour führt von {a} über {c} nach {b}.",
             "fr": "Le trajet relie {a} à {b} en passant par {c}.", "es": "La ruta va de {a} a {b} pasando por {c}.",
             "it": "Il viaggio va da {a} a {b} passando per {c}.", "pl": "Trasa prowadzi z {a} przez {c} do {b}.",
             "tr": "Rota {a} çıkışlı, {c} üzerinden {b} varışlı.", "ja": "{a}から{c}経由で{b}へ向かいます。"}
COMPANY_SENT = {"en": "The invoice from {a} was forwarded to {b}.", "de": "Die Rechnung von {a} ging an {b} weiter.",
                "fr": "La facture de {a} a été transmise à {b}.", "es": "La factura de {a} se reenvió a {b}.",
                "nl": "De factuur van {a} is doorgestuurd naar {b}.", "sv": "Fakturan från {a} skickades vidare till {b}."}
STREET_NONUM = {"en": "The bakery on {s} closes early on Sundays.", "de": "Die Bäckerei in der {s} hat sonntags zu.",
                "fr": "La boulangerie de la {s} ferme tôt le dimanche.", "es": "La panadería de la {s} cierra pronto los domingos.",
                "it": "Il forno in {s} chiude presto la domenica.", "nl": "De bakker aan de {s} sluit vroeg op zondag.",
                "pl": "Piekarnia przy {s} jest w niedzielę zamknięta.", "sv": "Bageriet på {s} stänger tidigt på söndagar."}


def n_at_prose():
    lang = pick_key(AT_PROSE)
    return pick(AT_PROSE[lang]), lang


def n_caps():
    lang = pick_key(CAPS_SENT)
    return pick(CAPS_SENT[lang]), lang


def n_cities():
    lang = pick_key(CITY_SENT)
    a, b, c = R.sample(CITIES, 3)
    return CITY_SENT[lang].format(a=a, b=b, c=c), lang


def n_companies():
    lang = pick_key(COMPANY_SENT)
    a, b = R.sample(COMPANIES, 2)
    return COMPANY_SENT[lang].format(a=a, b=b), lang


def n_product():
    return pick(["iPhone 15 Pro", "RTX 4090", "Airbus A350-900", "Galaxy S24 Ultra", "PlayStation 5", "Model 3",
                 "ThinkPad X1 Carbon Gen 11", "Canon EOS R6 Mark II", "Boeing 787-9", "Raspberry Pi 5", "Xbox Series X",
                 "Pixel 8a", "Core i7-13700K", "Ryzen 9 7950X", "GoPro HERO12"])


def n_street_nonum():
    lang = pick_key(STREET_NONUM)
    st = pick([x for x in STREETS if x["lang"] == lang] or STREETS)
    return STREET_NONUM[lang].format(s=st["name"]), lang


def n_room():
    return pick(["Gate B%d" % R.randint(1, 60), "seat %d%s" % (R.randint(1, 40), pick("ABCDEF")), "Room %d.%02d" % (R.randint(1, 5), R.randint(1, 40)),
                 "Platform %d" % R.randint(1, 14), "Hall %d, Stand %s%d" % (R.randint(1, 12), pick("ABCD"), R.randint(1, 99)),
                 "Zimmer %d" % R.randint(100, 450), "Locker %d" % R.randint(1, 300)])


def n_score():
    return pick(["%d:%d" % (R.randint(0, 5), R.randint(0, 5)), "6–%d, 7–5" % R.randint(0, 4), "%d/100" % R.randint(40, 100),
                 "%d-%d after extra time" % (R.randint(0, 3), R.randint(0, 3)), "%d:%d" % (R.randint(10, 30), R.randint(10, 30))])


def n_chem():
    return pick(["C6H12O6", "H2SO4", "Ca(OH)2", "C8H10N4O2", "NaHCO3", "Fe2O3", "CH3COOH", "KMnO4", "C2H5OH", "Al2(SO4)3"])


def n_legal():
    return pick(["§ %d Abs. %d BGB" % (R.randint(100, 999), R.randint(1, 4)), "Art. %d(1)(f) GDPR" % R.randint(5, 9),
                 "pp. %d–%d" % ((lambda a: (a, a + R.randint(3, 20)))(R.randint(10, 900))),
                 "%d U.S.C. § %d" % (R.randint(1, 50), R.randint(100, 999)), "Rn. %d" % R.randint(1, 99),
                 "Az. %d O %d/23" % (R.randint(1, 30), R.randint(10, 400)), "VI ZR %d/18" % R.randint(10, 400)])


def n_jwt_lookalike():
    hdr = pick([{"v": 2, "cursor": rs(ALNUM, 10)}, {"offset": R.randint(10, 900), "limit": 50}, {"typ": "cursor"},
                {"kind": "state", "n": R.randint(1, 99)}])
    h = b64u(jdump(hdr).encode())
    return pick([h + "." + b64u(rbytes(R.randint(12, 40))) + "." + b64u(rbytes(R.randint(16, 32))),
                 h + ":" + rs(ALNUM, 6) + ":" + b64u(rbytes(20))])


def n_bearer_weak():
    return "Authorization: Bearer " + pick(["<token>", "${ACCESS_TOKEN}", "{{token}}", "null", "undefined",
                                            rs(LOWER, R.randint(16, 30)), "xxxxxxxx", "YOUR_TOKEN_HERE", "$TOKEN"])


def n_ipv4_lookalike():
    return pick(["%d.%d.%d.%d" % (R.randint(256, 999), R.randint(0, 255), R.randint(0, 255), R.randint(1, 254)),
                 "%d.%d.%d" % (R.randint(1, 99), R.randint(0, 99), R.randint(0, 999)),
                 "version 10.0.%d" % R.randint(17000, 26000), "%d.%d.%d.%d" % (R.randint(1, 99), R.randint(256, 999), R.randint(0, 99), R.randint(0, 99))])


def n_email_lookalike():
    return pick(["admin@localhost", "root@buildbox", "noreply@", "@" + pick(NICKS), "deploy@staging-01",
                 "user@intranet", "kiosk@printer"])


def n_dates_ranges():
    return pick(["2024-%02d-%02d/2024-%02d-%02d" % (R.randint(1, 6), R.randint(1, 28), R.randint(7, 12), R.randint(1, 28)),
                 "%02d:30–%02d:00" % (R.randint(7, 11), R.randint(12, 18)), "KW %d/2024" % R.randint(1, 52),
                 "Q%d 2024" % R.randint(1, 4), "pages %d–%d" % (R.randint(100, 400), R.randint(401, 900))])


def n_signed_numbers():
    return pick(["+%d pts" % R.randint(1, 40), "+%d.%d %%" % (R.randint(0, 20), R.randint(0, 9)), "−%d,%d %%" % (R.randint(0, 9), R.randint(0, 9)),
                 "+%d °C" % R.randint(1, 35), "+%d (after review)" % R.randint(1, 9)])


NEG_KINDS = {
    "luhn_invalid_card": n_luhn_invalid, "iban_bad_checksum": n_iban_bad_checksum,
    "iban_wrong_length": n_iban_wrong_length, "vat_ids": n_vat_ids, "ssn_without_context": n_ssn_no_context,
    "ssn_invalid_with_word": n_ssn_invalid, "version_string": n_version, "build_number": n_build_number,
    "hash": n_hash, "uuid": n_uuid, "mac_address": n_mac, "base64_blob": n_base64, "timestamp": n_timestamp,
    "price": n_price, "tracking_number": n_tracking, "isbn_issn": n_isbn, "coordinates": n_coordinates,
    "postcode": n_postcode, "masked_value": n_masked, "placeholder_key": n_placeholder_key,
    "truncated_provider_key": n_truncated_key, "public_key_or_certificate": n_public_key,
    "social_handle": n_social_handle, "at_in_prose": n_at_prose, "capitalised_sentence": n_caps,
    "city_names": n_cities, "company_names": n_companies, "product_with_number": n_product,
    "street_without_number": n_street_nonum, "room_gate_seat": n_room, "score": n_score,
    "chemical_formula": n_chem, "legal_page_reference": n_legal, "jwt_lookalike_non_jose": n_jwt_lookalike,
    "bearer_non_qualifying": n_bearer_weak, "ipv4_lookalike": n_ipv4_lookalike, "email_lookalike": n_email_lookalike,
    "dates_and_ranges": n_dates_ranges, "signed_numbers": n_signed_numbers,
}


def negative_sample(kind, lang):
    r = NEG_KINDS[kind]()
    if r is None:
        return None
    if isinstance(r, tuple):
        sentence, lang = r
    else:
        frame = pick(FRAMES[lang]["gen"])
        if "\n" in r:
            idx = frame.index("{v}")
            before = frame[:idx].rstrip()
            after = frame[idx + 3:].strip().lstrip(",.;:—–?？").strip()
            sentence = before + "\n" + r + ("\n" + after if after else "")
        else:
            wraps = CJK_WRAPS if lang in CJK_LANGS else WRAPS
            w = pick(wraps) if chance(0.3) else "{}"
            sentence = frame.replace("{v}", w.format(r))
    if kind == "ssn_without_context" and SSN_WORD.search(sentence):
        return None
    ctx = pick_context(sentence)
    text = CONTEXTS[ctx](sentence)
    if kind == "ssn_without_context" and SSN_WORD.search(text):
        return None
    return finalize(text, [], lang, kind, ctx)


# ---------------------------------------------------------------------------
# build
# ---------------------------------------------------------------------------
SINGLE_QUOTA = {"email": 95, "phone": 110, "credit_card": 85, "ssn": 65, "iban": 85, "ipv4": 75, "ipv6": 75,
                "openai_key": 60, "anthropic_key": 50, "aws_access_key": 55, "github_token": 60, "jwt": 75,
                "bearer_token": 60, "private_key": 70, "person_name": 120, "street_address": 110}
MULTI_TOTAL = 300
NEG_TOTAL = 950
MAX_TRIES = 80


def build():
    singles, multis, negs = [], [], []
    short = []
    for det in sorted(SINGLE_QUOTA):
        forms = DETECTOR_FORMS[det]
        if det == "private_key":
            forms = [k + "/" + l for i in range(len(KEY_TYPES)) for k, l in
                     [(KEY_TYPES[(i + j) % len(KEY_TYPES)], PEM_LAYOUTS[j]) for j in range(len(PEM_LAYOUTS))]]
        if det == "credit_card":
            bw = ["visa", "mastercard", "amex", "visa", "discover", "jcb", "mastercard", "diners", "unionpay", "maestro"]
            forms = [bw[k % 10] + "_" + CARD_SEPS[(k // 10) % 6] for k in range(60)]
        langs = list(LANGS)
        R.shuffle(langs)
        for i in range(SINGLE_QUOTA[det]):
            form = forms[i % len(forms)]
            lang = langs[i % len(langs)]
            rec = None
            for _ in range(MAX_TRIES):
                rec = single_sample(det, form, lang)
                if rec:
                    break
            if rec:
                singles.append(rec)
            else:
                short.append(("single", det, form))
    names = sorted(LAYOUTS)
    for i in range(MULTI_TOTAL):
        name = names[i % len(names)]
        rec = None
        for _ in range(MAX_TRIES):
            r = LAYOUTS[name]()
            if r is None:
                continue
            text, labels, lang, ctx = r
            rec = finalize(text, labels, lang, name, ctx)
            if rec:
                break
        if rec:
            multis.append(rec)
        else:
            short.append(("multi", name))
    kinds = sorted(NEG_KINDS)
    langs = list(LANGS)
    R.shuffle(langs)
    for i in range(NEG_TOTAL):
        kind = kinds[i % len(kinds)]
        rec = None
        for t in range(MAX_TRIES):
            rec = negative_sample(kind, langs[(i + t) % len(langs)])
            if rec:
                break
        if rec:
            negs.append(rec)
        else:
            short.append(("negative", kind))
    return singles, multis, negs, short


def table(rows, head):
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        out.append("| " + " | ".join(str(x) for x in r) + " |")
    return "\n".join(out)


def counter(items):
    c = {}
    for x in items:
        c[x] = c.get(x, 0) + 1
    return c


def write_readme(records, singles, multis, negs, sha, path):
    det_cnt = counter(l["detector"] for r in records for l in r["labels"])
    det_form = counter((l["detector"], l["form"]) for r in records for l in r["labels"])
    lang_cnt = counter(r["lang"] for r in records)
    ctx_cnt = counter(r["context"] for r in records)
    lay_cnt = counter(r["form"] for r in multis)
    neg_cnt = counter(r["form"] for r in negs)
    single_det = counter(r["labels"][0]["detector"] for r in singles)
    cc_streets = []
    for s in STREETS:
        if s["cc"] not in cc_streets:
            cc_streets.append(s["cc"])
    name_langs = []
    for p in PEOPLE:
        if p["lang"] not in name_langs:
            name_langs.append(p["lang"])
    n_labels = sum(len(r["labels"]) for r in records)
    parts = []
    parts.append("# heldout13 — blind held-out PII test corpus (thirteenth)\n")
    parts.append("## Provenance\n\nWritten blind from `BRIEF.md` only: no other corpus, detector source, notes or git "
                 "history on this machine was read. Every sentence frame, layout, name combination, street, domain, "
                 "company and negative was invented for this corpus by `make_heldout13.py`.\n")
    parts.append("## Generator\n\n`python3 make_heldout13.py` — Python 3 standard library only, no input files, "
                 "`SEED = %d`, a single `random.Random(SEED)` drives every draw, no set is iterated and dict keys are "
                 "sorted before picking. It writes `heldout13.jsonl` and this README and prints the sample count and "
                 "SHA-256. The output was generated twice with different `PYTHONHASHSEED` values (0 and 4242) and compared "
                 "byte for byte: identical.\n" % SEED)
    parts.append("## Counts\n\n- samples: **%d** (single-value %d, multi-value %d, hard negatives %d)\n- labels: %d\n"
                 "- SHA-256 of `heldout13.jsonl`: `%s`\n" % (len(records), len(singles), len(multis), len(negs),
                                                             n_labels, sha))
    parts.append("## Format\n\nOne JSON object per line, UTF-8, `ensure_ascii=False`:\n\n"
                 "```\n{\"text\": \"...\", \"labels\": [{\"detector\": \"...\", \"value\": \"...\", \"form\": \"...\"}], "
                 "\"lang\": \"xx\", \"form\": \"...\", \"context\": \"...\"}\n```\n\n"
                 "- `labels[].value` is an exact substring of `text`; each value occurs in the text exactly as often as it "
                 "is labelled (overlapping occurrences counted); labelled spans never overlap.\n"
                 "- `labels: []` marks a hard negative.\n- sample `form`: the label form for single-value samples, the "
                 "layout name for multi-value samples, the look-alike kind for negatives.\n- `lang`: ISO 639-1 code of "
                 "the prose (technical layouts with English field names are `en`).\n- `context`: the kind of text the "
                 "value sits in.\n")
    parts.append("## What a label covers\n\n"
                 "- **email**: the address alone — no `mailto:`, `<>` or `?subject=`; obfuscated forms labelled as written "
                 "(`[at]`, `(at)`, ` at … dot …`, ` @ `, `[.]`, full-width `＠`, U+200B around `@`), upper case, `+tag`, "
                 "subdomains.\n"
                 "- **phone**: the number with its own separators, `+`/`00`, `(0)` trunk and area brackets; never a bare "
                 "national digit run; NBSP, U+2009 and full-width digits occur; for `tel:` links only the part after "
                 "`tel:`. National layouts of %d countries (mobile and landline templates).\n"
                 "- **credit_card**: Luhn-valid PAN with a real brand IIN and length (Visa 13/16/19, Mastercard 51–55 and "
                 "2221–2720, Amex 4-6-5, Diners 14, Discover, JCB, UnionPay, Maestro); separators space, dash, NBSP, "
                 "U+2009, full-width digits, or compact. Form = `brand_separator`.\n"
                 "- **ssn**: AAA-GG-SSSS with dashes, spaces, dots or 9 bare digits; area 010–899 without 666, group 01–99, "
                 "serial 0001–9999; every text with an SSN label contains `SSN` or `social security number`.\n"
                 "- **iban**: whole IBAN with the country's length, BBAN shape and mod-97 (FR RIB key, ES control digits, "
                 "BE and IT CIN national checks computed too); compact, groups of four with space/NBSP/dash, lower case.\n"
                 "- **ipv4**: the address only (port, `/prefix`, URL parts outside); private and public; defanged "
                 "`a[.]b[.]c[.]d` is one value. No documentation, loopback, 0/8, link-local, CGNAT, benchmark, "
                 "multicast/reserved ranges, netmasks or last octet 0/255 anywhere in the corpus.\n"
                 "- **ipv6**: the address only (no brackets, zone or prefix); compressed, full, leading zeros, upper case, "
                 "ULA, link-local with a zone outside the label, IPv4-mapped/NAT64 tails; never 2001:db8::/32, `::1`, `::`, "
                 "multicast, Teredo or 6to4.\n"
                 "- **openai_key**: legacy `sk-`+20+`T3BlbkFJ`+20 (51 chars); `sk-proj-`, `sk-svcacct-`, `sk-admin-` + "
                 "74 + `T3BlbkFJ` + 74; after `Authorization: Bearer` it is labelled openai_key only.\n"
                 "- **anthropic_key**: `sk-ant-api03-` + 93 base64url + `AA` (108 chars) and `sk-ant-admin01-` of the same "
                 "shape.\n- **aws_access_key**: `AKIA`/`ASIA` + 16 of A-Z2-7.\n"
                 "- **github_token**: `ghp_ gho_ ghu_ ghs_ ghr_` + 30 random + 6-char base62 CRC32 (36 total); "
                 "`github_pat_` + 22 + `_` + 59.\n"
                 "- **jwt**: all three segments; header is base64url JSON with a real `alg`, payload JSON, signature length "
                 "matching the algorithm; after `Authorization: Bearer` labelled jwt only. Form `jose_other`: JOSE header "
                 "with a non-JSON payload, a cut-short signature, or `alg: none` with an empty signature (`xxx.yyy.`).\n"
                 "- **bearer_token**: the opaque token after `Bearer ` (≥ 16 chars with digits and mixed case, or hex with "
                 "digits); never a JWT or provider key.\n"
                 "- **private_key**: the whole block from `-----BEGIN … PRIVATE KEY-----` to `-----END … PRIVATE KEY-----` "
                 "as written (LF, CRLF, JSON `\\n`-escaped, YAML block with its indentation, flattened with spaces, .env "
                 "quoted with `\\n`). Bodies: real RSA-2048 PKCS#1 and PKCS#8 (primes generated), P-256 SEC1 and PKCS#8 "
                 "(public point computed), Ed25519 PKCS#8, OpenSSH `openssh-key-v1` (Ed25519 public key derived per RFC "
                 "8032; plain and bcrypt/aes256-ctr encrypted), PKCS#8 ENCRYPTED (PBES2/PBKDF2/AES-256-CBC) and legacy "
                 "`Proc-Type: 4,ENCRYPTED` RSA. Form = `keytype/layout`.\n"
                 "- **person_name**: the name only; titles (`Dr.`, `Frau`, `Mme`, `Sra.`, `Mr`, `Pani`, `г-жа`, Thai `คุณ` …) "
                 "and honorific suffixes (`様`, `さん`, `님`, `씨`, `जी`, `Bey`, `Hanım`) stay outside; given+family, "
                 "family+given (hu, vi, ja, zh, ko), middle initial, CAPS family, `Family, Given`, particles "
                 "(van, de, von, da, dos, De, Di, Le), compound surnames (es, pt, ca `i`), native scripts.\n"
                 "- **street_address**: street + house number only (postcode, city, floor outside); `Name, 14` where that "
                 "is the local style (es, it, pt, br, ru, ua); `812/3` (cz, sk); `12a`, `12-14`, `7 bis`; Turkish "
                 "`No: 14`; Russian `д. 5` / Ukrainian `буд. 5`.\n" % len(PHONE_PLANS))
    parts.append("## Checks (a draw is thrown away when one fails)\n\n"
                 "1. each value is a substring with the exact occurrence count; no overlapping spans;\n"
                 "2. per-detector validity: Luhn + IIN + length; IBAN length, BBAN pattern and mod-97; SSN ranges; IPv4 "
                 "ranges without leading zeros; IPv6 parses and lies outside the excluded ranges; exact key shapes; JWT "
                 "header/payload decode as JSON and signature length fits; PEM body re-decoded from the rendered text and "
                 "its DER (full TLV walk) or OpenSSH `openssh-key-v1` structure checked (legacy `Proc-Type` blocks: "
                 "base64 body of whole 16-byte blocks plus `DEK-Info`); names/streets come from the pools; boundary "
                 "check that the characters glued to a value cannot extend it;\n"
                 "3. no well-known sample values (test PANs such as 4111 1111 1111 1111, AKIAIOSFODNN7EXAMPLE, "
                 "078-05-1120, 123-45-6789, the jwt.io payload, textbook IBANs) anywhere in a text (checked with "
                 "separators removed); no forbidden IPv4 anywhere (every dotted quad outside a label is rejected);\n"
                 "4. with the labelled values masked out, a conservative scanner finds nothing: emails (plain and "
                 "obfuscated), Luhn-valid runs of 13–19 digits across separator groups, valid IBANs (any case), dotted "
                 "quads incl. defanged, parseable IPv6, provider-key / JWT (any JOSE header) / PEM private-key shapes, "
                 "qualifying Bearer tokens, `+`/`00` phone shapes and `tel:`, valid SSNs when SSN wording is present, "
                 "any pool name in either order (comma allowed, any case, incl. CAPS), any pool street with a digit "
                 "within 12 characters. The same scan runs over every hard negative. The scanner is self-tested at "
                 "start-up on positive and negative snippets. No duplicate texts.\n")
    rows = []
    for det in sorted(det_cnt):
        forms = sorted((f, n) for (d, f), n in det_form.items() if d == det)
        rows.append((det, det_cnt[det], single_det.get(det, 0), ", ".join("%s %d" % (f, n) for f, n in forms)))
    parts.append("## Values per detector and form\n\n" + table(rows, ["detector", "labels", "single-value samples", "forms"]) + "\n")
    parts.append("## Multi-value layouts (%d)\n\n" % len(lay_cnt) +
                 table(sorted(lay_cnt.items()), ["layout", "samples"]) + "\n")
    parts.append("## Hard-negative kinds (%d)\n\n" % len(neg_cnt) +
                 table(sorted(neg_cnt.items()), ["kind", "samples"]) + "\n")
    parts.append("## Languages (%d)\n\n" % len(lang_cnt) + table(sorted(lang_cnt.items()), ["lang", "samples"]) + "\n")
    parts.append("## Contexts (%d)\n\n" % len(ctx_cnt) + table(sorted(ctx_cnt.items()), ["context", "samples"]) + "\n")
    parts.append("## Pools\n\n- person names: %d combinations of real common given and family names, combined at "
                 "random, from %d languages (%s); native scripts for el, ru, uk, ar, he, fa, hi, bn, ja, zh, ko, th.\n"
                 "- streets: %d invented street names (plants, animals, water and landscape words; none named after people) from %d "
                 "countries (%s).\n- domains: %d invented domains; %d invented companies; %d cities; IRC nicks.\n"
                 % (len(PEOPLE), len(name_langs), ", ".join(name_langs), len(STREETS), len(cc_streets),
                    ", ".join(cc_streets), len(DOMAINS), len(COMPANIES), len(CITIES)))
    parts.append("## Punctuation and placement\n\nValues appear bare or glued to quotes (“ ” \" ' « »), brackets, "
                 "parentheses, backticks, Markdown `**bold**`/`*em*`, CJK brackets 「」『』（）【】《》, colons (also "
                 "full-width `：` and French ` : `), trailing dots, commas, `।`, `。`, at text start and end, and at a line "
                 "start after indentation (YAML blocks, indented continuation lines).\n")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(parts))


def main():
    scanner_selftest()
    singles, multis, negs, short = build()
    records = singles + multis + negs
    R.shuffle(records)
    path = os.path.join(HERE, "heldout13.jsonl")
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")
    with open(path, "wb") as f:
        f.write(data)
    sha = hashlib.sha256(data).hexdigest()
    write_readme(records, singles, multis, negs, sha, os.path.join(HERE, "README.md"))
    if short:
        sys.stderr.write("shortfall: %r\n" % short)
    if "-v" in sys.argv:
        sys.stderr.write("rejects: %r\n" % sorted(REJECTS.items()))
    print(len(records))
    print(sha)


if __name__ == "__main__":
    main()
