#!/usr/bin/env python3
"""Generator for the heldout7 PII corpus (written blind). Standard library only.

Run:  python3 make_heldout7.py
Writes heldout7.jsonl next to this file and prints the sample count and SHA-256.
"""
import base64
import hashlib
import json
import os
import random
import re
import string

SEED = 70707
R = random.Random(SEED)

UP = string.ascii_uppercase
LO = string.ascii_lowercase
DIG = string.digits
ALNUM = UP + LO + DIG
B32 = UP + "234567"
URLSAFE = ALNUM + "-_"
HEX = "0123456789abcdef"

FORBIDDEN = ["4111111111111111", "4111 1111 1111 1111", "AKIAIOSFODNN7EXAMPLE", "078-05-1120",
             "078051120", "DE89370400440532013000", "DE89 3704 0044 0532 0130 00",
             "GB82WEST12345698765432", "GB82 WEST 1234 5698 7654 32",
             "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c", "123-45-6789", "219-09-9999"]


def rs(alpha, n):
    return "".join(R.choice(alpha) for _ in range(n))


def rdig(n):
    return "".join(R.choice(DIG) for _ in range(n))


def mixed_token(alpha, n):
    """random string guaranteed to have a digit, an upper and a lower (when alphabet allows)"""
    while True:
        t = rs(alpha, n)
        if any(c.isdigit() for c in t) and any(c.isupper() for c in t) and any(c.islower() for c in t):
            return t


def b64u(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def rbytes(n):
    return bytes(R.getrandbits(8) for _ in range(n))


FW = {c: chr(0xFF10 + int(c)) for c in DIG}
FW["+"] = "\uFF0B"
FW["-"] = "\uFF0D"


def fullwidth(s):
    return "".join(FW.get(c, c) for c in s)


NBSP = "\u00A0"
THIN = "\u2009"
NNBSP = "\u202F"
ZWSP = "\u200B"

# ---------------------------------------------------------------- checksums

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


def luhn_complete(prefix, length):
    body = prefix + rdig(length - len(prefix) - 1)
    for c in DIG:
        if luhn_ok(body + c):
            return body + c


def iban_ok(s):
    s = s.replace(" ", "")
    if not re.fullmatch(r"[A-Z]{2}[0-9]{2}[A-Z0-9]+", s):
        return False
    r = s[4:] + s[:4]
    n = "".join(str(int(c, 36)) for c in r)
    return int(n) % 97 == 1


def iban_make(cc, bban):
    r = bban + cc + "00"
    n = "".join(str(int(c, 36)) for c in r)
    chk = 98 - int(n) % 97
    return "%s%02d%s" % (cc, chk, bban)


def ssn_ok(a, g, s):
    return 1 <= a <= 899 and a != 666 and 1 <= g <= 99 and 1 <= s <= 9999


def digits_only(s):
    out = []
    for c in s:
        if c in DIG:
            out.append(c)
        elif 0xFF10 <= ord(c) <= 0xFF19:
            out.append(str(ord(c) - 0xFF10))
    return "".join(out)

# ---------------------------------------------------------------- pools (own)

# (lang, display, form) -- forms: given_family, family_given, native_script, transliteration
NAMES = [
    ("pl", "Zofia Wróblewska", "given_family"), ("pl", "Bartosz Ciesielski", "given_family"),
    ("pl", "Agnieszka Pawlak", "given_family"), ("pl", "Mikołaj Sobczak", "given_family"),
    ("pl", "Weronika Kaczmarczyk", "given_family"), ("pl", "Radosław Zięba", "given_family"),
    ("nl", "Sanne de Groot", "given_family"), ("nl", "Joris van Leeuwen", "given_family"),
    ("nl", "Femke Bosman", "given_family"), ("nl", "Thijs Verhoeven", "given_family"),
    ("nl", "Lotte van der Heijden", "given_family"), ("nl", "Ruben Kuipers", "given_family"),
    ("uk", "Олена Гнатюк", "native_script"), ("uk", "Тарас Мельничук", "native_script"),
    ("uk", "Olena Hnatiuk", "transliteration"), ("uk", "Taras Melnychuk", "transliteration"),
    ("uk", "Ірина Бондаренко", "native_script"), ("uk", "Iryna Bondarenko", "transliteration"),
    ("th", "สมศรี แก้วประเสริฐ", "native_script"), ("th", "Somsri Kaewprasert", "transliteration"),
    ("th", "ธนากร ศรีสุข", "native_script"), ("th", "Thanakorn Srisuk", "transliteration"),
    ("ms", "Nurul Aisyah binti Hamzah", "given_family"), ("ms", "Faizal bin Rahmat", "given_family"),
    ("ms", "Siti Hajar Ismail", "given_family"), ("ms", "Hafiz Zulkifli", "given_family"),
    ("tl", "Maricel Dimaculangan", "given_family"), ("tl", "Rodel Manalastas", "given_family"),
    ("tl", "Jocelyn Bautista-Reyes", "given_family"), ("tl", "Arnel Pangilinan", "given_family"),
    ("fa", "مریم صادقی", "native_script"), ("fa", "Maryam Sadeghi", "transliteration"),
    ("fa", "رضا کاظمی", "native_script"), ("fa", "Reza Kazemi", "transliteration"),
    ("sw", "Amani Wanjiku", "given_family"), ("sw", "Baraka Otieno", "given_family"),
    ("sw", "Neema Mwakasege", "given_family"), ("sw", "Juma Kiprotich", "given_family"),
    ("da", "Mette Kjærgaard", "given_family"), ("da", "Rasmus Thygesen", "given_family"),
    ("da", "Ida Søndergaard", "given_family"), ("da", "Mikkel Brandt Hviid", "given_family"),
    ("no", "Ingrid Solberg", "given_family"), ("no", "Håkon Lien", "given_family"),
    ("no", "Sigrid Haugland", "given_family"), ("no", "Eirik Fossum", "given_family"),
    ("sk", "Zuzana Kováčová", "given_family"), ("sk", "Marek Hudák", "given_family"),
    ("sk", "Lucia Ďuricová", "given_family"), ("sk", "Peter Baláž", "given_family"),
    ("hr", "Ivana Knežević", "given_family"), ("hr", "Domagoj Perković", "given_family"),
    ("hr", "Petra Jurić", "given_family"), ("hr", "Luka Babić", "given_family"),
    ("it", "Chiara Mancuso", "given_family"), ("it", "Lorenzo Bellandi", "given_family"),
    ("it", "Giulia Ferraresi", "given_family"), ("it", "Matteo Zanetti", "given_family"),
    ("pt", "Inês Carvalhal", "given_family"), ("pt", "Duarte Mourão", "given_family"),
    ("pt", "Beatriz Lobo Antunes", "given_family"), ("pt", "Tiago Sequeira", "given_family"),
    ("zh", "王丽娟", "native_script"), ("zh", "陈志强", "native_script"), ("zh", "Wang Lijuan", "transliteration"),
    ("zh", "林雅婷", "native_script"), ("zh", "Chen Zhiqiang", "transliteration"),
    ("ja", "佐々木 美咲", "native_script"), ("ja", "高橋 健太", "native_script"),
    ("ja", "Misaki Sasaki", "transliteration"), ("ja", "Kenta Takahashi", "transliteration"),
    ("ko", "박지현", "native_script"), ("ko", "최민호", "native_script"),
    ("ko", "Park Ji-hyun", "family_given"), ("ko", "Choi Min-ho", "family_given"),
    ("ko", "한서연", "native_script"), ("ko", "Han Seo-yeon", "family_given"),
    ("ar", "ليلى الحداد", "native_script"), ("ar", "Layla Al-Haddad", "transliteration"),
    ("ar", "يوسف المصري", "native_script"), ("ar", "Youssef El Masri", "transliteration"),
    ("hi", "अनन्या कुलकर्णी", "native_script"), ("hi", "Ananya Kulkarni", "transliteration"),
    ("hi", "विकास चौहान", "native_script"), ("hi", "Vikas Chauhan", "transliteration"),
    ("bn", "তানজিলা রহমান", "native_script"), ("bn", "Tanjila Rahman", "transliteration"),
    ("bn", "সৌমিত্র দাশগুপ্ত", "native_script"), ("bn", "Soumitra Dasgupta", "transliteration"),
    ("hu", "Kovács Réka", "family_given"), ("hu", "Szabó Bence", "family_given"),
    ("hu", "Tóth Dorottya", "family_given"), ("hu", "Farkas Levente", "family_given"),
    ("vi", "Nguyễn Thị Thu Hà", "family_given"), ("vi", "Trần Văn Đức", "family_given"),
    ("vi", "Phạm Minh Châu", "family_given"), ("vi", "Lê Quang Huy", "family_given"),
    ("el", "Δημήτρης Καραγιάννης", "native_script"), ("el", "Ελένη Μαυρίδου", "native_script"),
    ("el", "Dimitris Karagiannis", "transliteration"), ("el", "Eleni Mavridou", "transliteration"),
    ("he", "נועה ברקוביץ", "native_script"), ("he", "איתי שטרן", "native_script"),
    ("he", "Noa Berkovich", "transliteration"), ("he", "Itai Stern", "transliteration"),
    ("de", "Annika Vogelsang", "given_family"), ("de", "Florian Brettschneider", "given_family"),
    ("de", "Jule Hartkopf", "given_family"), ("de", "Till Overbeck", "given_family"),
    ("fr", "Margaux Lefèvre-Dumas", "given_family"), ("fr", "Bastien Rougier", "given_family"),
    ("fr", "Océane Brassac", "given_family"), ("fr", "Gaëtan Pélissier", "given_family"),
    ("es", "Lucía Echeverría", "given_family"), ("es", "Iñaki Goikoetxea", "given_family"),
    ("es", "Rocío Villalobos Prieto", "given_family"), ("es", "Álvaro Cienfuegos", "given_family"),
    ("en", "Harriet Ashworth", "given_family"), ("en", "Desmond Okonkwo", "given_family"),
    ("en", "Priya Raghunathan", "given_family"), ("en", "Callum Fairbairn", "given_family"),
    ("en", "Tamsin Pryce", "given_family"), ("en", "Marcus Delacroix-Hale", "given_family"),
    ("cs", "Tereza Procházková", "given_family"), ("cs", "Vojtěch Kratochvíl", "given_family"),
    ("tr", "Elif Karataş", "given_family"), ("tr", "Burak Yıldırımoğlu", "given_family"),
    ("ro", "Ioana Dumitrescu", "given_family"), ("ro", "Andrei Munteanu", "given_family"),
    ("sv", "Linnea Bergqvist", "given_family"), ("sv", "Oskar Lindholm", "given_family"),
    ("fi", "Aino Räsänen", "given_family"), ("fi", "Juho Kettunen", "given_family"),
]
# middle initials / caps family variants are derived from a Latin subset
MIDDLE = [("en", "Harriet L. Ashworth"), ("en", "Desmond K. Okonkwo"), ("en", "Priya S. Raghunathan"),
          ("de", "Florian M. Brettschneider"), ("nl", "Femke J. Bosman"), ("sw", "Baraka O. Otieno"),
          ("tl", "Rodel P. Manalastas"), ("pt", "Tiago R. Sequeira"), ("en", "Callum J. Fairbairn"),
          ("da", "Rasmus B. Thygesen")]
CAPS = [("pl", "Bartosz CIESIELSKI"), ("fr", "Bastien ROUGIER"), ("it", "Lorenzo BELLANDI"),
        ("es", "Álvaro CIENFUEGOS"), ("ro", "Andrei MUNTEANU"), ("fr", "Océane BRASSAC"),
        ("hr", "Luka BABIĆ"), ("sk", "Marek HUDÁK"), ("tr", "Elif KARATAŞ"), ("pt", "Duarte MOURÃO")]
TITLES = {"en": ["Dr. ", "Mrs. ", "Mr. ", "Prof. "], "de": ["Frau ", "Herr ", "Dr. "], "fr": ["M. ", "Mme ", "Dr "],
          "es": ["Sra. ", "Sr. ", "Dra. "], "pl": ["Pani ", "Pan ", "dr "], "nl": ["mevrouw ", "dhr. "],
          "it": ["Dott.ssa ", "Sig. "], "pt": ["Sr. ", "Dra. "], "ro": ["Dna. ", "Dl. "], "sk": ["Ing. ", "Mgr. "],
          "cs": ["Ing. ", "MUDr. "], "hr": ["gđa ", "dr. "], "da": ["Dr. "], "sw": ["Bi. ", "Bw. "],
          "tl": ["G. ", "Gng. "], "ms": ["Encik ", "Puan "], "tr": ["Dr. "], "sv": ["Dr. "], "no": ["Dr. "],
          "fi": ["Dr. "]}

# street patterns: (lang, template, form); {n} house number, {a}/{b} for slash numbers
STREETS = [
    ("de", "Lindenstraße {n}", "num_after"), ("de", "Am Mühlbach {n}", "num_after"), ("de", "Kastanienallee {n}", "num_after"),
    ("de", "Hafenweg {n}", "num_after"), ("de", "Obere Bergstraße {n}a", "num_after"), ("de", "Rosenhang {n}", "num_after"),
    ("de", "Brunnengasse {n}", "num_after"),
    ("fr", "{n} rue des Tanneurs", "num_before"), ("fr", "{n} avenue des Tilleuls", "num_before"),
    ("fr", "{n}, rue du Moulin", "num_before"), ("fr", "{n} bis rue de la Forge", "num_before"),
    ("fr", "{n} boulevard des Cordiers", "num_before"), ("fr", "{n} impasse des Glycines", "num_before"),
    ("es", "Calle del Olivo, {n}", "comma_num"), ("es", "Calle Mayor, {n}", "comma_num"),
    ("es", "Avenida de los Almendros, {n}", "comma_num"), ("es", "Calle de la Alfarería {n}", "num_after"),
    ("es", "Paseo del Río, {n}", "comma_num"), ("es", "Calle Real, {n}", "comma_num"),
    ("it", "Via dei Mulini, {n}", "comma_num"), ("it", "Via delle Acacie {n}", "num_after"),
    ("it", "Strada della Collina, {n}", "comma_num"), ("it", "Viale dei Pini, {n}", "comma_num"),
    ("it", "Via del Borgo Vecchio {n}", "num_after"), ("it", "Piazza del Mercato, {n}", "comma_num"),
    ("pl", "ul. Kwiatowa {n}", "prefix_word"), ("pl", "ul. Polna {n}/{m}", "slash_num"),
    ("pl", "ul. Słoneczna {n}", "prefix_word"), ("pl", "al. Lipowa {n}", "prefix_word"),
    ("pl", "ul. Ogrodowa {n}a", "prefix_word"), ("pl", "ul. Leśna {n}", "prefix_word"),
    ("cs", "Lipová {a}/{b}", "slash_num"), ("cs", "Na Výsluní {a}/{b}", "slash_num"),
    ("cs", "Zahradní {n}", "num_after"), ("cs", "Dlouhá {a}/{b}", "slash_num"),
    ("sk", "Jabloňová {n}", "num_after"), ("sk", "Hlavná {n}", "num_after"), ("sk", "Orechová {a}/{b}", "slash_num"),
    ("nl", "Molenweg {n}", "num_after"), ("nl", "Kerkstraat {n}", "num_after"), ("nl", "Lindelaan {n}-B", "num_after"),
    ("nl", "Havenkade {n}", "num_after"), ("nl", "Beukenhof {n}", "num_after"),
    ("hu", "Virág utca {n}", "prefix_word"), ("hu", "Diófa u. {n}", "prefix_word"),
    ("hu", "Malom utca {n}", "prefix_word"), ("hu", "Fenyves u. {n}", "prefix_word"),
    ("ro", "Strada Teilor {n}", "prefix_word"), ("ro", "Strada Morii nr. {n}", "prefix_word"),
    ("ro", "Bulevardul Castanilor {n}", "prefix_word"),
    ("ms", "Jalan Cempaka No. {n}", "jalan_no"), ("ms", "Jalan Melur {n}", "jalan_no"),
    ("ms", "Jalan Bukit Angsana No. {n}", "jalan_no"), ("ms", "Lorong Kenanga {n}", "jalan_no"),
    ("he", "רחוב הזית {n}", "native_script"), ("he", "רחוב התאנה {n}", "native_script"),
    ("he", "רחוב הגפן {n}", "native_script"),
    ("en", "{n} Orchard Lane", "num_before"), ("en", "{n} Millbrook Road", "num_before"),
    ("en", "{n} Heather Close", "num_before"), ("en", "{n} Quarry Street", "num_before"),
    ("en", "{n} Willow Crescent", "num_before"), ("en", "{n} Foundry Avenue", "num_before"),
    ("en", "{n} Larkspur Drive", "num_before"),
    ("pt", "Rua das Oliveiras, {n}", "comma_num"), ("pt", "Travessa do Poço, {n}", "comma_num"),
    ("pt", "Avenida das Laranjeiras, {n}", "comma_num"), ("pt", "Rua do Salgueiro {n}", "num_after"),
    ("da", "Birkevej {n}", "num_after"), ("da", "Møllegade {n}", "num_after"), ("da", "Strandvænget {n}", "num_after"),
    ("no", "Fjellveien {n}", "num_after"), ("no", "Bjørkelia {n}", "num_after"), ("no", "Sjøgata {n}B", "num_after"),
    ("sv", "Björkgatan {n}", "num_after"), ("sv", "Kvarnvägen {n}", "num_after"),
    ("hr", "Vinogradska ulica {n}", "num_after"), ("hr", "Ulica javora {n}", "prefix_word"),
    ("hr", "Lučka cesta {n}", "num_after"),
    ("uk", "вул. Садова, {n}", "prefix_word"), ("uk", "вул. Яблунева, {n}", "prefix_word"),
    ("uk", "просп. Каштановий, {n}", "prefix_word"),
    ("tr", "Çınar Sokak No: {n}", "prefix_word"), ("tr", "Lale Caddesi No: {n}", "prefix_word"),
    ("tl", "{n} Sampaguita St.", "num_before"), ("tl", "{n} Kalye Narra", "num_before"),
    ("sw", "Barabara ya Mvule {n}", "num_after"), ("sw", "Mtaa wa Mwembe {n}", "num_after"),
    ("fi", "Koivukuja {n}", "num_after"), ("fi", "Rantatie {n}", "num_after"),
    ("el", "Οδός Ελιάς {n}", "native_script"), ("el", "Λεωφόρος Πλατάνων {n}", "native_script"),
    ("id", "Jl. Kenari No. {n}", "jalan_no"), ("id", "Jl. Flamboyan {n}", "jalan_no"),
    ("de", "Tannenweg {n}", "num_after"), ("fr", "{n} chemin des Vignes", "num_before"), ("es", "Calle de las Huertas, {n}", "comma_num"),
    ("pl", "ul. Wiśniowa {n}", "prefix_word"), ("nl", "Dorpsstraat {n}", "num_after"), ("it", "Via della Fontana, {n}", "comma_num"),
    ("pt", "Rua da Fonte, {n}", "comma_num"), ("en", "{n} Bramble Way", "num_before"), ("da", "Kirkevej {n}", "num_after"),
    ("sv", "Ekvägen {n}", "num_after"),
]
POSTCITY = {"de": ["10437 Berlin", "50667 Köln", "04109 Leipzig"], "fr": ["69002 Lyon", "31000 Toulouse"],
            "es": ["28013 Madrid", "41004 Sevilla"], "it": ["40121 Bologna", "10123 Torino"],
            "pl": ["30-001 Kraków", "80-831 Gdańsk"], "cs": ["602 00 Brno", "110 00 Praha 1"],
            "sk": ["811 01 Bratislava", "040 01 Košice"], "nl": ["3512 JE Utrecht", "9711 LM Groningen"],
            "hu": ["1052 Budapest", "6720 Szeged"], "ro": ["400001 Cluj-Napoca"], "ms": ["50450 Kuala Lumpur"],
            "he": ["תל אביב"], "en": ["Leeds LS6 2QX", "Portland, OR 97214"], "pt": ["4050-265 Porto", "1100-148 Lisboa"],
            "da": ["8000 Aarhus C"], "no": ["5003 Bergen"], "sv": ["411 05 Göteborg"], "hr": ["10000 Zagreb"],
            "uk": ["Львів, 79000"], "tr": ["34710 Kadıköy/İstanbul"], "tl": ["Quezon City 1100"], "sw": ["Nairobi"],
            "fi": ["00100 Helsinki"], "el": ["546 23 Θεσσαλονίκη"], "id": ["Bandung 40115"]}

DOMAINS = ["kwiatmail.pl", "zeelandpost.nl", "postkasse.dk", "correo-sur.es", "boiteplume.fr", "netzfalke.de",
           "pochta-vesna.ua", "sabaimail.co.th", "emelkita.my", "sulatpinoy.ph", "nameh-ir.com", "barua.co.ke",
           "fjordpost.no", "listonos.sk", "poruka.hr", "postino-rosso.it", "carteiro.pt", "huaxinmail.cn",
           "sakura-tsushin.jp", "hanbit-mail.kr", "risala-mail.ae", "chithi.in", "dakghar.com.bd",
           "orbitdesk.io", "lumenforge.dev", "acmetraders.co.uk", "kettlebrook.com", "posta-vltava.cz"]
LOCALS = ["zofia.w", "b.ciesielski", "sanne.degroot", "jvanleeuwen", "olena.hn", "taras.m", "somsri.k",
          "nurul.aisyah", "maricel.d", "m.sadeghi", "amani.w", "mette.kj", "ingrid.s", "zuzana.k", "ivana.kn",
          "chiara.m", "ines.carvalhal", "lijuan.wang", "misaki.s", "jihyun.park", "layla.h", "ananya.k",
          "tanjila.r", "reka.kovacs", "thuha.nguyen", "d.karagiannis", "noa.b", "annika.v", "margaux.ld",
          "lucia.ech", "h.ashworth", "support", "billing", "kontakt", "info.desk", "hr-team", "ops+alerts",
          "dev.null7", "t.prochazkova", "elif.k", "ioana.d", "linnea.b", "aino.r"]

LANGS = ["en", "de", "fr", "es", "pl", "nl", "uk", "th", "ms", "tl", "fa", "sw", "da", "no", "sk", "hr",
         "it", "pt", "zh", "ja", "ko", "ar", "hi", "bn", "cs", "hu", "el", "he", "vi", "tr", "ro", "sv", "fi"]

# ---------------------------------------------------------------- value generators

def gen_email():
    local = R.choice(LOCALS)
    dom = R.choice(DOMAINS)
    form = R.choice(["plain", "plain", "plain", "plain", "bracket_at", "paren_at", "words_at_dot", "spaced_at",
                     "defanged_dot", "bracket_at_dot", "fullwidth_at", "zwsp_at", "uppercase", "subaddress"])
    host, tld = dom.split(".", 1)
    if form == "plain":
        v = local + "@" + dom
    elif form == "uppercase":
        v = (local + "@" + dom).upper() if R.random() < 0.5 else local.capitalize() + "@" + dom.capitalize()
    elif form == "subaddress":
        v = local.replace("+", ".") + "+" + R.choice(["news", "shop", "2025", "tix"]) + "@" + dom
    elif form == "bracket_at":
        v = local + " [at] " + dom
    elif form == "paren_at":
        v = local + "(at)" + dom
    elif form == "words_at_dot":
        v = local + " at " + host + " dot " + tld.replace(".", " dot ")
    elif form == "spaced_at":
        v = local + " @ " + dom
    elif form == "defanged_dot":
        v = local + "@" + host + "[.]" + tld.replace(".", "[.]")
    elif form == "bracket_at_dot":
        v = local + " [at] " + host + " [dot] " + tld.replace(".", " [dot] ")
    elif form == "fullwidth_at":
        v = local + "\uFF20" + dom
    else:
        v = local + ZWSP + "@" + ZWSP + dom
    return v, form


def _d(n):
    return rdig(n)


def _nz(n):
    return R.choice("23456789") + rdig(n - 1)


PHONE_COUNTRIES = {
    "de": lambda: R.choice([("+49 30 " + _nz(4) + " " + _d(4), "e164_spaced"),
                            ("+49 (0)" + R.choice(["151", "160", "176"]) + " " + _d(4) + " " + _d(4), "trunk_paren"),
                            ("0" + R.choice(["89", "40", "221"]) + "/" + _nz(3) + " " + _d(4), "national"),
                            ("+49" + R.choice(["157", "162", "171"]) + _d(8), "e164_compact")]),
    "pl": lambda: R.choice([("+48 " + R.choice("5678") + _d(2) + " " + _d(3) + " " + _d(3), "e164_spaced"),
                            (R.choice("5678") + _d(2) + "-" + _d(3) + "-" + _d(3), "national"),
                            ("0048 " + R.choice("5678") + _d(2) + " " + _d(3) + " " + _d(3), "double_zero")]),
    "nl": lambda: R.choice([("+31 6 " + _d(4) + " " + _d(4), "e164_spaced"), ("06-" + _d(8), "national"),
                            ("+31 (0)20 " + _nz(3) + " " + _d(4), "trunk_paren")]),
    "uk": lambda: R.choice([("+380 " + R.choice(["67", "50", "63", "97"]) + " " + _nz(3) + " " + _d(2) + " " + _d(2), "e164_spaced"),
                            ("0" + R.choice(["67", "93"]) + " " + _nz(3) + "-" + _d(2) + "-" + _d(2), "national")]),
    "th": lambda: R.choice([("+66 " + R.choice(["81", "89", "62"]) + " " + _nz(3) + " " + _d(4), "e164_spaced"),
                            ("0" + R.choice(["81", "86"]) + "-" + _nz(3) + "-" + _d(4), "national")]),
    "ms": lambda: R.choice([("+60 1" + R.choice("2369") + "-" + _nz(3) + " " + _d(4), "e164_spaced"),
                            ("01" + R.choice("2379") + "-" + _nz(3) + " " + _d(4), "national")]),
    "tl": lambda: R.choice([("+63 9" + _d(2) + " " + _nz(3) + " " + _d(4), "e164_spaced"),
                            ("09" + _d(2) + "-" + _nz(3) + "-" + _d(4), "national")]),
    "fa": lambda: R.choice([("+98 912 " + _nz(3) + " " + _d(4), "e164_spaced"), ("0912-" + _nz(3) + "-" + _d(4), "national")]),
    "sw": lambda: R.choice([("+254 7" + _d(2) + " " + _nz(3) + " " + _d(3), "e164_spaced"),
                            ("07" + _d(2) + " " + _nz(3) + " " + _d(3), "national")]),
    "da": lambda: R.choice([("+45 " + _nz(2) + " " + _d(2) + " " + _d(2) + " " + _d(2), "e164_spaced"),
                            ("0045 " + _nz(2) + " " + _d(2) + " " + _d(2) + " " + _d(2), "double_zero")]),
    "no": lambda: R.choice([("+47 " + R.choice("49") + _d(2) + " " + _d(2) + " " + _d(3), "e164_spaced"),
                            ("+47 " + _nz(2) + " " + _d(2) + " " + _d(2) + " " + _d(2), "e164_spaced")]),
    "sk": lambda: R.choice([("+421 9" + _d(2) + " " + _nz(3) + " " + _d(3), "e164_spaced"),
                            ("09" + _d(2) + " " + _nz(3) + " " + _d(3), "national")]),
    "hr": lambda: R.choice([("+385 9" + R.choice("1825") + " " + _nz(3) + " " + _d(4), "e164_spaced"),
                            ("09" + R.choice("189") + "/" + _nz(3) + "-" + _d(4), "national")]),
    "it": lambda: R.choice([("+39 3" + _d(2) + " " + _nz(3) + " " + _d(4), "e164_spaced"),
                            ("3" + _d(2) + " " + _nz(3) + " " + _d(4), "national"),
                            ("+39 02 " + _nz(4) + " " + _d(4), "e164_spaced")]),
    "pt": lambda: R.choice([("+351 9" + R.choice("1236") + _d(1) + " " + _nz(3) + " " + _d(3), "e164_spaced"),
                            ("9" + R.choice("1236") + _d(1) + " " + _nz(3) + " " + _d(3), "national")]),
    "zh": lambda: R.choice([("+86 1" + R.choice("3589") + _d(1) + " " + _d(4) + " " + _d(4), "e164_spaced"),
                            ("1" + R.choice("358") + _d(1) + "-" + _d(4) + "-" + _d(4), "national")]),
    "ja": lambda: R.choice([("+81 " + R.choice(["90", "80", "70"]) + "-" + _nz(4) + "-" + _d(4), "e164_spaced"),
                            ("0" + R.choice(["90", "80"]) + "-" + _nz(4) + "-" + _d(4), "national"),
                            ("03-" + _nz(4) + "-" + _d(4), "national")]),
    "ko": lambda: R.choice([("+82 10-" + _nz(4) + "-" + _d(4), "e164_spaced"), ("010-" + _nz(4) + "-" + _d(4), "national")]),
    "ar": lambda: R.choice([("+971 5" + R.choice("0256") + " " + _nz(3) + " " + _d(4), "e164_spaced"),
                            ("+966 5" + _d(1) + " " + _nz(3) + " " + _d(4), "e164_spaced")]),
    "hi": lambda: R.choice([("+91 " + R.choice("6789") + _d(4) + " " + _d(5), "e164_spaced"),
                            ("0" + R.choice("6789") + _d(4) + "-" + _d(5), "national")]),
    "bn": lambda: R.choice([("+880 1" + R.choice("3579") + _d(2) + "-" + _d(6), "e164_spaced"),
                            ("01" + R.choice("3579") + _d(2) + "-" + _d(6), "national")]),
    "hu": lambda: R.choice([("+36 " + R.choice(["20", "30", "70"]) + " " + _nz(3) + " " + _d(4), "e164_spaced"),
                            ("06 " + R.choice(["20", "30"]) + " " + _nz(3) + " " + _d(4), "national"),
                            ("+36 1 " + _nz(3) + " " + _d(4), "e164_spaced")]),
    "en": lambda: R.choice([("+1 (" + R.choice(["415", "312", "617", "503", "718"]) + ") " + _nz(3) + "-" + _d(4), "area_paren"),
                            ("(" + R.choice(["206", "404", "512"]) + ") " + _nz(3) + "-" + _d(4), "area_paren"),
                            (R.choice(["646", "702", "919"]) + "." + _nz(3) + "." + _d(4), "dots"),
                            ("+44 20 " + R.choice("78") + _d(3) + " " + _d(4), "e164_spaced"),
                            ("+44 7" + _d(3) + " " + _d(6), "e164_spaced"),
                            ("+1-" + R.choice(["303", "614"]) + "-" + _nz(3) + "-" + _d(4), "dashes")]),
    "fr": lambda: R.choice([("+33 6 " + " ".join(_d(2) for _ in range(4)), "e164_spaced"),
                            ("0" + R.choice("67") + "." + ".".join(_d(2) for _ in range(4)), "dots"),
                            ("+33 (0)1 " + " ".join(_d(2) for _ in range(4)), "trunk_paren"),
                            ("0" + R.choice("14") + " " + " ".join(_d(2) for _ in range(4)), "national")]),
    "es": lambda: R.choice([("+34 6" + _d(2) + " " + _d(3) + " " + _d(3), "e164_spaced"),
                            ("6" + _d(2) + " " + _d(2) + " " + _d(2) + " " + _d(2), "national"),
                            ("0034 91 " + _nz(3) + " " + _d(2) + " " + _d(2), "double_zero")]),
    "cs": lambda: R.choice([("+420 " + R.choice("67") + _d(2) + " " + _d(3) + " " + _d(3), "e164_spaced")]),
    "tr": lambda: R.choice([("+90 5" + _d(2) + " " + _nz(3) + " " + _d(2) + " " + _d(2), "e164_spaced"),
                            ("0 (5" + _d(2) + ") " + _nz(3) + " " + _d(2) + " " + _d(2), "area_paren")]),
    "ro": lambda: R.choice([("+40 7" + _d(2) + " " + _nz(3) + " " + _d(3), "e164_spaced"), ("07" + _d(2) + "." + _nz(3) + "." + _d(3), "dots")]),
    "sv": lambda: R.choice([("+46 7" + R.choice("0236") + "-" + _nz(3) + " " + _d(2) + " " + _d(2), "e164_spaced"),
                            ("07" + R.choice("0236") + "-" + _nz(3) + " " + _d(2) + " " + _d(2), "national")]),
    "fi": lambda: R.choice([("+358 40 " + _nz(3) + " " + _d(4), "e164_spaced"), ("040 " + _nz(3) + " " + _d(4), "national")]),
    "el": lambda: R.choice([("+30 69" + _d(1) + " " + _nz(3) + " " + _d(4), "e164_spaced"), ("69" + _d(1) + " " + _nz(3) + " " + _d(4), "national")]),
    "he": lambda: R.choice([("+972 5" + R.choice("0248") + "-" + _nz(3) + "-" + _d(4), "e164_spaced"),
                            ("05" + R.choice("0248") + "-" + _nz(3) + "-" + _d(4), "national")]),
    "vi": lambda: R.choice([("+84 9" + _d(1) + " " + _nz(3) + " " + _d(2) + " " + _d(2), "e164_spaced"),
                            ("09" + _d(1) + " " + _nz(3) + " " + _d(4), "national")]),
}


def gen_phone(lang):
    cc = lang if lang in PHONE_COUNTRIES else R.choice(sorted(PHONE_COUNTRIES))
    v, form = PHONE_COUNTRIES[cc]()
    x = R.random()
    if x < 0.08 and " " in v:
        v = v.replace(" ", NBSP); form = "nbsp_sep"
    elif x < 0.13 and " " in v:
        v = v.replace(" ", THIN); form = "thin_sep"
    elif x < 0.20:
        v = fullwidth(v); form = "fullwidth_digits"
    return v, form


CARD_BRANDS = [
    ("visa16", lambda: luhn_complete("4" + R.choice(["532", "716", "929", "485", "024"]), 16), [4, 4, 4, 4]),
    ("visa13", lambda: luhn_complete("4" + R.choice(["222", "916"]), 13), [4, 4, 5]),
    ("visa19", lambda: luhn_complete("4" + R.choice(["571", "003"]), 19), [4, 4, 4, 4, 3]),
    ("mc", lambda: luhn_complete(str(R.randint(51, 55)), 16), [4, 4, 4, 4]),
    ("mc2", lambda: luhn_complete(str(R.randint(2221, 2720)), 16), [4, 4, 4, 4]),
    ("amex", lambda: luhn_complete(R.choice(["34", "37"]), 15), [4, 6, 5]),
    ("discover", lambda: luhn_complete(R.choice(["6011", "644", "65"]), 16), [4, 4, 4, 4]),
    ("jcb", lambda: luhn_complete(str(R.randint(3528, 3589)), 16), [4, 4, 4, 4]),
    ("diners", lambda: luhn_complete(R.choice(["300", "305", "36", "38"]), 14), [4, 6, 4]),
    ("unionpay16", lambda: luhn_complete("62" + R.choice(["2126", "4", "8"]), 16), [4, 4, 4, 4]),
    ("unionpay19", lambda: luhn_complete("62" + R.choice(["4", "5", "8"]), 19), [4, 4, 4, 4, 3]),
    ("maestro16", lambda: luhn_complete(R.choice(["5018", "5020", "6304", "6759"]), 16), [4, 4, 4, 4]),
    ("maestro19", lambda: luhn_complete(R.choice(["5038", "6763"]), 19), [4, 4, 4, 4, 3]),
]


def group(d, sizes, sep):
    out, i = [], 0
    for s in sizes:
        out.append(d[i:i + s]); i += s
    return sep.join(out)


def gen_card(brand_i=None):
    brand, mk, sizes = CARD_BRANDS[brand_i % len(CARD_BRANDS)] if brand_i is not None else R.choice(CARD_BRANDS)
    d = mk()
    sep = R.choice([" ", " ", "-", " ", "-", NBSP, THIN, "fw"])
    if sep == "fw":
        v = fullwidth(group(d, sizes, " ")); form = brand + "_fullwidth"
    else:
        v = group(d, sizes, sep)
        form = brand + {" ": "_spaces", "-": "_dashes", NBSP: "_nbsp", THIN: "_thin"}[sep]
    return v, form


def gen_ssn(sep=None):
    while True:
        a, g, s = R.randint(1, 899), R.randint(1, 99), R.randint(1, 9999)
        if ssn_ok(a, g, s) and a not in (123, 78, 219):
            break
    sep = sep if sep is not None else R.choice(["-", "-", "-", " ", "", "."])
    v = "%03d%s%02d%s%04d" % (a, sep, g, sep, s)
    form = {"-": "dashes", " ": "spaces", "": "bare_digits", ".": "dots"}[sep]
    return v, form


IBAN_SPEC = {  # country: list of (kind, length); n digits, a upper letters, c upper alnum
    "AD": [("n", 4), ("n", 4), ("c", 12)], "AT": [("n", 5), ("n", 11)], "BE": [("n", 3), ("n", 7), ("n", 2)],
    "BA": [("n", 3), ("n", 3), ("n", 8), ("n", 2)], "BG": [("a", 4), ("n", 4), ("n", 2), ("c", 8)],
    "CH": [("n", 5), ("c", 12)], "CY": [("n", 3), ("n", 5), ("c", 16)], "CZ": [("n", 4), ("n", 6), ("n", 10)],
    "DE": [("n", 8), ("n", 10)], "DK": [("n", 4), ("n", 9), ("n", 1)], "EE": [("n", 2), ("n", 2), ("n", 11), ("n", 1)],
    "ES": [("n", 4), ("n", 4), ("n", 1), ("n", 1), ("n", 10)], "FI": [("n", 6), ("n", 7), ("n", 1)],
    "FR": [("n", 5), ("n", 5), ("c", 11), ("n", 2)], "GB": [("a", 4), ("n", 6), ("n", 8)],
    "GR": [("n", 3), ("n", 4), ("c", 16)], "HR": [("n", 7), ("n", 10)],
    "HU": [("n", 3), ("n", 4), ("n", 1), ("n", 15), ("n", 1)], "IE": [("a", 4), ("n", 6), ("n", 8)],
    "IS": [("n", 4), ("n", 2), ("n", 6), ("n", 10)], "IT": [("a", 1), ("n", 5), ("n", 5), ("c", 12)],
    "LI": [("n", 5), ("c", 12)], "LT": [("n", 5), ("n", 11)], "LU": [("n", 3), ("c", 13)],
    "LV": [("a", 4), ("c", 13)], "MC": [("n", 5), ("n", 5), ("c", 11), ("n", 2)], "MT": [("a", 4), ("n", 5), ("c", 18)],
    "NL": [("a", 4), ("n", 10)], "NO": [("n", 4), ("n", 6), ("n", 1)], "PL": [("n", 8), ("n", 16)],
    "PT": [("n", 4), ("n", 4), ("n", 11), ("n", 2)], "RO": [("a", 4), ("c", 16)], "SE": [("n", 3), ("n", 16), ("n", 1)],
    "SI": [("n", 5), ("n", 8), ("n", 2)], "SK": [("n", 4), ("n", 6), ("n", 10)], "SM": [("a", 1), ("n", 5), ("n", 5), ("c", 12)],
    "TR": [("n", 5), ("z", 1), ("c", 16)], "SA": [("n", 2), ("c", 18)], "AE": [("n", 3), ("n", 16)],
    "IL": [("n", 3), ("n", 3), ("n", 13)], "QA": [("a", 4), ("c", 21)], "UA": [("n", 6), ("c", 19)],
}
IBAN_LEN = {"AD": 24, "AT": 20, "BE": 16, "BA": 20, "BG": 22, "CH": 21, "CY": 28, "CZ": 24, "DE": 22, "DK": 18,
            "EE": 20, "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GR": 27, "HR": 21, "HU": 28, "IE": 22, "IS": 26,
            "IT": 27, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MT": 31, "NL": 18, "NO": 15, "PL": 28,
            "PT": 25, "RO": 24, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "TR": 26, "SA": 24, "AE": 23, "IL": 23,
            "QA": 29, "UA": 29}
IBAN_COUNTRIES = sorted(IBAN_SPEC)
LANG_IBAN = {"de": "DE", "fr": "FR", "es": "ES", "pl": "PL", "nl": "NL", "uk": "UA", "da": "DK", "no": "NO",
             "sk": "SK", "hr": "HR", "it": "IT", "pt": "PT", "ar": "SA", "cs": "CZ", "hu": "HU", "el": "GR",
             "he": "IL", "tr": "TR", "ro": "RO", "sv": "SE", "fi": "FI", "en": "GB"}


def gen_iban(cc=None):
    cc = cc or R.choice(IBAN_COUNTRIES)
    parts = []
    for kind, n in IBAN_SPEC[cc]:
        if kind == "n":
            parts.append(rdig(n))
        elif kind == "a":
            parts.append(rs(UP, n))
        elif kind == "z":
            parts.append("0" * n)
        else:  # alnum, mostly digits as banks issue
            parts.append("".join(R.choice(UP) if R.random() < 0.2 else R.choice(DIG) for _ in range(n)))
    ib = iban_make(cc, "".join(parts))
    assert len(ib) == IBAN_LEN[cc] and iban_ok(ib), (cc, ib)
    x = R.random()
    if x < 0.45:
        v = " ".join(ib[i:i + 4] for i in range(0, len(ib), 4)); form = "print_spaces"
    elif x < 0.75:
        v = ib; form = "compact"
    elif x < 0.85:
        v = NBSP.join(ib[i:i + 4] for i in range(0, len(ib), 4)); form = "print_nbsp"
    elif x < 0.93:
        v = "-".join(ib[i:i + 4] for i in range(0, len(ib), 4)); form = "print_dashes"
    else:
        v = ib.lower(); form = "lowercase"
    return v, form, cc


def ipv4_allowed(o):
    a, b, c, d = o
    if not all(0 <= x <= 255 for x in o):
        return False
    if a in (0, 127) or a >= 224 or (a == 169 and b == 254) or (a == 100 and 64 <= b <= 127):
        return False
    if (a, b, c) in ((192, 0, 2), (198, 51, 100), (203, 0, 113), (192, 0, 0), (192, 88, 99)):
        return False
    if a == 198 and b in (18, 19):
        return False
    if a == 255 or d in (0, 255):
        return False
    return True


def rand_ipv4():
    while True:
        k = R.random()
        if k < 0.2:
            o = (10, R.randint(0, 255), R.randint(0, 255), R.randint(1, 254))
        elif k < 0.32:
            o = (172, R.randint(16, 31), R.randint(0, 255), R.randint(1, 254))
        elif k < 0.45:
            o = (192, 168, R.randint(0, 255), R.randint(1, 254))
        else:
            o = (R.randint(1, 223), R.randint(0, 255), R.randint(0, 255), R.randint(1, 254))
        if ipv4_allowed(o):
            return ".".join(str(x) for x in o)


def gen_ipv4():
    ip = rand_ipv4()
    form = R.choice(["plain", "plain", "plain", "with_port", "cidr", "defanged", "in_url", "bracket_defanged"])
    if form == "defanged":
        return ip.replace(".", "[.]"), form, ip
    if form == "bracket_defanged":
        i = ip.rfind(".")
        return ip[:i] + "[.]" + ip[i + 1:], form, ip
    return ip, form, ip


def rand_ipv6(kind=None):
    kind = kind or R.choice(["global", "global", "ula", "linklocal"])
    if kind == "global":
        g = [R.choice(["2a02", "2a01", "2600", "2607", "2803", "2c0f", "240e", "2406", "2a0b", "2001"])]
        if g[0] == "2001":
            g[0] = "2001"; g.append(R.choice(["41d0", "67c", "470", "1af8"]))  # never 2001:db8
    elif kind == "ula":
        g = ["fd" + rs(HEX, 2)]
    else:
        g = ["fe80", "0", "0", "0"]
    while len(g) < 8:
        g.append(("%x" % R.randint(1, 0xffff)))
    return g


def gen_ipv6():
    g = rand_ipv6()
    form = R.choice(["full", "compressed", "compressed", "uppercase", "with_zone", "bracket_port", "with_prefix", "leading_zeros"])
    if form == "full":
        v = ":".join(g)
    elif form == "leading_zeros":
        v = ":".join(x.zfill(4) for x in g)
    else:
        # compress a run of zeros in the middle
        gg = list(g)
        if gg[0] != "fe80":
            i = R.randint(2, 4)
            gg[i] = "0"; gg[i + 1] = "0"; gg[i + 2] = "0"
        s = ":".join(gg)
        s = re.sub(r"(^|:)0(:0)+(:|$)", "::", s, count=1)
        v = s.upper() if form == "uppercase" else s
    return v, form


def gen_openai():
    k = R.random()
    if k < 0.35:
        v = "sk-" + mixed_token(ALNUM, 20) + "T3BlbkFJ" + mixed_token(ALNUM, 20); form = "legacy"
    elif k < 0.8:
        v = "sk-proj-" + mixed_token(URLSAFE, 74) + "T3BlbkFJ" + mixed_token(URLSAFE, 74); form = "project"
    else:
        v = "sk-svcacct-" + mixed_token(URLSAFE, 74) + "T3BlbkFJ" + mixed_token(URLSAFE, 74); form = "service_account"
    return v, form


def gen_anthropic():
    v = "sk-ant-api03-" + mixed_token(URLSAFE, 93) + "AA"
    assert len(v) == 108
    return v, "api03"


def gen_aws():
    while True:
        v = R.choice(["AKIA", "AKIA", "ASIA"]) + rs(B32, 16)
        if "EXAMPLE" not in v and sum(c.isdigit() for c in v) >= 2:
            return v, ("long_term" if v.startswith("AKIA") else "temporary")


def gen_github():
    p = R.choice(["ghp_", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"])
    if p == "github_pat_":
        return p + mixed_token(ALNUM, 22) + "_" + mixed_token(ALNUM, 59), "fine_grained"
    return p + mixed_token(ALNUM, 36), p.rstrip("_")


def gen_jwt():
    alg = R.choice(["HS256", "RS256", "ES256", "HS512", "RS256"])
    hdr_variants = [{"alg": alg, "typ": "JWT"}, {"typ": "JWT", "alg": alg}, {"alg": alg, "kid": rs(HEX, 8), "typ": "JWT"}, {"alg": alg}]
    hdr = R.choice(hdr_variants)
    now = R.randint(1700000000, 1790000000)
    pl = {"sub": R.choice(["usr_", "acct-", "svc:"]) + rs(LO + DIG, 10), "iat": now, "exp": now + R.choice([900, 3600, 86400])}
    if R.random() < 0.5:
        pl["scope"] = R.choice(["read:orders", "openid profile", "admin", "billing:write"])
    if R.random() < 0.5:
        pl["iss"] = R.choice(["https://id.lumenforge.dev", "auth-svc", "https://login.orbitdesk.io/"])
    sig = {"HS256": 32, "RS256": 256, "ES256": 64, "HS512": 64}[alg]
    v = b64u(json.dumps(hdr, separators=(",", ":")).encode()) + "." + b64u(json.dumps(pl, separators=(",", ":")).encode()) + "." + b64u(rbytes(sig))
    return v, alg.lower()


def gen_bearer():
    st = R.choice(["random_alnum", "ya29_like", "hex64", "punctuated", "eaag_like", "dotted"])
    if st == "random_alnum":
        v = mixed_token(ALNUM, R.choice([24, 32, 40]))
    elif st == "ya29_like":
        v = "ya29." + mixed_token(URLSAFE, R.choice([120, 160]))
    elif st == "hex64":
        while True:
            v = rs(HEX, 64)
            if any(c.isdigit() for c in v) and any(c.isalpha() for c in v):
                break
    elif st == "punctuated":
        v = "-".join(mixed_token(ALNUM, 6) for _ in range(4)) + "~" + mixed_token(ALNUM, 6)
    elif st == "eaag_like":
        v = "EAAG" + mixed_token(ALNUM, 140)
    else:
        v = mixed_token(ALNUM, 12) + "." + mixed_token(ALNUM, 20) + "." + mixed_token(ALNUM, 8)
    return v, st


def _der(prefix_hex, nrand):
    return bytes.fromhex(prefix_hex) + rbytes(nrand)


def pem_body(kind):
    if kind == "rsa_pkcs1":
        der = _der("308204a40201000282010100", 1180); label = "RSA PRIVATE KEY"; w = 64
    elif kind == "pkcs8_rsa":
        der = _der("308204bd020100300d06092a864886f70d010101050004820" + "4a7308204a30201000282010100", 1180); label = "PRIVATE KEY"; w = 64
    elif kind == "pkcs8_ec":
        der = _der("308187020100301306072a8648ce3d020106082a8648ce3d030107046d306b0201010420", 32) + bytes.fromhex("a144034200") + b"\x04" + rbytes(64)
        label = "PRIVATE KEY"; w = 64
    elif kind == "pkcs8_ed25519":
        der = _der("302e020100300506032b657004220420", 32); label = "PRIVATE KEY"; w = 64
    elif kind == "sec1_ec":
        der = _der("307702010104", 0) + b"\x20" + rbytes(32) + bytes.fromhex("a00a06082a8648ce3d030107a144034200") + b"\x04" + rbytes(64)
        label = "EC PRIVATE KEY"; w = 64
    elif kind == "openssh":
        der = b"openssh-key-v1\x00\x00\x00\x00\x04none\x00\x00\x00\x04none" + rbytes(R.choice([340, 380]))
        label = "OPENSSH PRIVATE KEY"; w = 70
    else:
        der = _der("3082050e304006092a864886f70d01050d3033301b06092a864886f70d01050c300e0408", 1260); label = "ENCRYPTED PRIVATE KEY"; w = 64
    b = base64.b64encode(der).decode()
    lines = [b[i:i + w] for i in range(0, len(b), w)]
    return label, lines


PK_KINDS = ["rsa_pkcs1", "pkcs8_rsa", "pkcs8_ec", "pkcs8_ed25519", "sec1_ec", "openssh", "encrypted"]


def pk_block(kind, layout, indent="    "):
    label, lines = pem_body(kind)
    head, tail = "-----BEGIN %s-----" % label, "-----END %s-----" % label
    allx = [head] + lines + [tail]
    if layout == "pem":
        return "\n".join(allx)
    if layout == "crlf":
        return "\r\n".join(allx)
    if layout == "json_escaped" or layout == "env_escaped":
        return "\\n".join(allx)
    if layout == "yaml_block":
        return ("\n" + indent).join(allx)
    if layout == "flattened":
        return " ".join(allx)
    if layout == "env_quoted":
        return "\n".join(allx)
    raise ValueError(layout)


def gen_name(i=None):
    k = R.random()
    if k < 0.1:
        lang, v = R.choice(MIDDLE); return v, "middle_initial", lang
    if k < 0.18:
        lang, v = R.choice(CAPS); return v, "caps_family", lang
    lang, v, form = R.choice(NAMES)
    return v, form, lang


def gen_street(lang=None):
    cands = [s for s in STREETS if s[0] == lang] if lang else []
    lang2, tpl, form = R.choice(cands) if cands else R.choice(STREETS)
    v = tpl.format(n=R.randint(1, 189), m=R.randint(1, 60), a=R.randint(120, 2999), b=R.randint(1, 40))
    return v, form, lang2

# ---------------------------------------------------------------- prose frames (own wording)
# categories: contact (email/phone), pay (card/iban), net (ip), secret (keys), name, addr
F = {
 "en": {"contact": ["You can reach me at {v} after six.", "Ping {v} if the parcel hasn't shown up by Friday.", "{v} is the best way to get hold of the night shift."],
        "pay": ["Please charge the deposit to {v} and send the receipt.", "Refund went back to {v}, it should clear in 3-5 days."],
        "net": ["The scanner keeps hitting us from {v} every few minutes.", "Whitelist {v} for the staging box, please."],
        "secret": ["oops, I pasted my key {v} into the public channel", "rotate this one asap: {v}"],
        "name": ["The package was signed for by {v} at the front desk.", "{v} will chair the review on Thursday."],
        "addr": ["Ship it to {v}, second floor, buzzer is broken.", "We moved! New office: {v}"]},
 "de": {"contact": ["Erreichbar bin ich unter {v}, am besten vormittags.", "Bitte Rückmeldung an {v} bis Freitag."],
        "pay": ["Die Kaution bitte auf {v} überweisen.", "Abbuchung erfolgt von {v} zum Monatsende."],
        "net": ["Seit heute Nacht kommen die Anfragen von {v}.", "Die Firewall blockt {v} nicht, warum?"],
        "secret": ["Hab aus Versehen den Schlüssel {v} ins Wiki kopiert.", "Neuer Token fürs Deployment: {v}"],
        "name": ["Ansprechpartnerin ist {v} aus der Buchhaltung.", "Unterschrieben hat {v}, nicht der Chef."],
        "addr": ["Lieferadresse: {v}, Hinterhaus.", "Treffpunkt: {v}, im Hof."]},
 "fr": {"contact": ["Vous pouvez me joindre au {v} en soirée.", "Écrivez à {v} pour toute réclamation."],
        "pay": ["Merci de prélever l'acompte sur {v}.", "Le remboursement a été fait sur {v} hier."],
        "net": ["Les tentatives de connexion viennent de {v}.", "Ajoutez {v} à la liste blanche du pare-feu."],
        "secret": ["J'ai collé la clé {v} dans le ticket par erreur.", "Clé d'accès temporaire : {v}"],
        "name": ["Le dossier est suivi par {v} depuis mars.", "C'est {v} qui a signé le bon de livraison."],
        "addr": ["Livraison au {v}, code porte 1984B.", "Notre atelier se trouve {v}."]},
 "es": {"contact": ["Me puedes escribir a {v} cuando quieras.", "Llámame al {v} si hay algún problema."],
        "pay": ["Cárgalo a la tarjeta {v}, por favor.", "La transferencia sale de la cuenta {v}."],
        "net": ["Los ataques vienen de {v} desde anoche.", "Abre el puerto para {v} en el servidor de pruebas."],
        "secret": ["Pegué sin querer la clave {v} en el chat.", "Esta es la credencial nueva: {v}"],
        "name": ["La reserva está a nombre de {v}.", "Firmó la entrega {v} en recepción."],
        "addr": ["Envíalo a {v}, 3º izquierda.", "La tienda está en {v}, junto a la farmacia."]},
 "pl": {"contact": ["Proszę o kontakt pod {v} po południu.", "Pisz śmiało na {v}, odpowiadam szybko."],
        "pay": ["Zaliczkę proszę przelać na konto {v}.", "Płatność kartą {v} została odrzucona."],
        "net": ["Ruch przychodzi z adresu {v} co kilka sekund.", "Dodaj {v} do wyjątków na zaporze."],
        "secret": ["Wkleiłem przez pomyłkę klucz {v} na kanał.", "Nowy klucz do API: {v}"],
        "name": ["Umowę podpisała {v} w imieniu spółki.", "Zamówienie odebrał {v} osobiście."],
        "addr": ["Adres dostawy: {v}, klatka B.", "Biuro przeniesiono na {v}."]},
 "nl": {"contact": ["Je kunt me bereiken via {v}.", "Bel gerust naar {v} als er iets is."],
        "pay": ["Het voorschot graag overmaken naar {v}.", "De incasso loopt via {v}."],
        "net": ["De aanvallen komen van {v} sinds gisteren.", "Zet {v} op de allowlist van de proxy."],
        "secret": ["Per ongeluk de sleutel {v} in de repo gezet.", "Tijdelijke sleutel: {v}"],
        "name": ["Het pakket is aangenomen door {v}.", "{v} neemt de overdracht over."],
        "addr": ["Bezorgadres: {v}, achterom.", "We zitten nu op {v}."]},
 "uk": {"contact": ["Пишіть мені на {v}, відповім увечері.", "Мій номер {v}, телефонуйте після обіду."],
        "pay": ["Оплата пройшла з картки {v}.", "Переказ на рахунок {v} до п'ятниці."],
        "net": ["Запити йдуть з адреси {v} всю ніч.", "Додайте {v} до білого списку."],
        "secret": ["Випадково вставив ключ {v} у загальний чат.", "Новий ключ доступу: {v}"],
        "name": ["Посилку отримала {v}.", "Договір підписав {v}."],
        "addr": ["Адреса доставки: {v}, під'їзд 2.", "Наш офіс тепер на {v}."]},
 "th": {"contact": ["ติดต่อได้ที่{v}ค่ะ", "โทรหาผมที่ {v} ได้เลยครับ"],
        "pay": ["ชำระด้วยบัตร {v} แล้วค่ะ", "โอนเข้าบัญชี {v} นะครับ"],
        "net": ["มีการสแกนมาจาก {v} ตลอดคืน", "ช่วยเพิ่ม {v} ในรายการอนุญาตด้วย"],
        "secret": ["เผลอวางคีย์ {v} ในกลุ่มไลน์", "คีย์ใหม่คือ {v}"],
        "name": ["ผู้รับพัสดุคือ{v}", "คุณ{v}จะเป็นผู้ดูแลโครงการ"],
        "addr": ["ส่งของไปที่ {v} ได้เลย", "ที่อยู่ใหม่ {v}"]},
 "ms": {"contact": ["Boleh hubungi saya di {v} selepas waktu pejabat.", "Sila e-mel ke {v} untuk pertanyaan."],
        "pay": ["Bayaran telah dicaj ke kad {v}.", "Sila pindahkan deposit ke akaun {v}."],
        "net": ["Serangan datang dari {v} sejak semalam.", "Tambah {v} ke senarai putih."],
        "secret": ["Saya tertampal kunci {v} dalam kumpulan.", "Kunci baharu: {v}"],
        "name": ["Bungkusan diterima oleh {v}.", "Mesyuarat akan dipengerusikan oleh {v}."],
        "addr": ["Alamat penghantaran: {v}, Taman Seri.", "Pejabat kami di {v}."]},
 "tl": {"contact": ["Pwede mo akong i-text sa {v} mamaya.", "Mag-email ka sa {v} para sa reklamo."],
        "pay": ["Ginamit ko ang card na {v} sa bayad.", "Ipadala ang bayad sa account na {v}."],
        "net": ["Galing sa {v} ang mga kahina-hinalang request.", "Idagdag ang {v} sa whitelist."],
        "secret": ["Na-paste ko ang key na {v} sa group chat, sorry.", "Bagong key: {v}"],
        "name": ["Si {v} ang tumanggap ng padala.", "Si {v} ang mangunguna sa pulong."],
        "addr": ["Ipadala sa {v}, Barangay Malinis.", "Lumipat na kami sa {v}."]},
 "fa": {"contact": ["با {v} تماس بگیرید.", "ایمیل من {v} است."],
        "pay": ["مبلغ از کارت {v} کسر شد.", "لطفاً به حساب {v} واریز کنید."],
        "net": ["درخواست‌ها از {v} می‌آیند.", "آدرس {v} را در فایروال باز کنید."],
        "secret": ["کلید {v} را اشتباهی در گروه گذاشتم.", "کلید جدید: {v}"],
        "name": ["بسته را {v} تحویل گرفت.", "مسئول پروژه {v} است."],
        "addr": ["آدرس: {v}", "دفتر ما در {v} است."]},
 "sw": {"contact": ["Unaweza kunipigia kwa {v} jioni.", "Tuma barua pepe kwa {v} kwa maswali."],
        "pay": ["Malipo yamefanywa kwa kadi {v}.", "Tuma amana kwenye akaunti {v}."],
        "net": ["Maombi yanatoka kwa {v} usiku kucha.", "Ongeza {v} kwenye orodha ya kuruhusiwa."],
        "secret": ["Nimebandika ufunguo {v} kwenye kikundi kwa bahati mbaya.", "Ufunguo mpya: {v}"],
        "name": ["Mzigo ulipokelewa na {v}.", "{v} ataongoza kikao cha kesho."],
        "addr": ["Tuma kwa {v}, karibu na soko.", "Ofisi yetu iko {v}."]},
 "da": {"contact": ["Du kan fange mig på {v} i eftermiddag.", "Skriv til {v}, hvis der er spørgsmål."],
        "pay": ["Depositum bedes overført til {v}.", "Beløbet er trukket på kort {v}."],
        "net": ["Forespørgslerne kommer fra {v} hele natten.", "Tilføj {v} til tilladelseslisten."],
        "secret": ["Jeg kom til at indsætte nøglen {v} i kanalen.", "Ny nøgle: {v}"],
        "name": ["Pakken blev kvitteret af {v}.", "{v} leder mødet på torsdag."],
        "addr": ["Leveringsadresse: {v}, 2. sal.", "Vi er flyttet til {v}."]},
 "no": {"contact": ["Du når meg på {v} etter klokka fire.", "Send en e-post til {v} om du lurer på noe."],
        "pay": ["Depositumet settes inn på {v}.", "Betalingen med kort {v} ble avvist."],
        "net": ["Trafikken kommer fra {v} hele natta.", "Legg {v} til i unntakslista."],
        "secret": ["Limte inn nøkkelen {v} i feil kanal.", "Ny nøkkel: {v}"],
        "name": ["Pakken ble hentet av {v}.", "{v} tar over vakta i morgen."],
        "addr": ["Leveres til {v}, inngang fra gården.", "Kontoret ligger i {v}."]},
 "sk": {"contact": ["Zavolajte mi na {v} poobede.", "Napíšte na {v}, odpoviem do večera."],
        "pay": ["Zálohu pošlite na účet {v}.", "Platba kartou {v} bola zamietnutá."],
        "net": ["Požiadavky chodia z adresy {v}.", "Pridajte {v} do výnimiek firewallu."],
        "secret": ["Omylom som vložil kľúč {v} do chatu.", "Nový kľúč: {v}"],
        "name": ["Zásielku prevzala {v}.", "Zmluvu podpísal {v}."],
        "addr": ["Doručovacia adresa: {v}, 3. poschodie.", "Kancelária je na {v}."]},
 "hr": {"contact": ["Nazovite me na {v} poslijepodne.", "Pišite na {v} za sva pitanja."],
        "pay": ["Uplatu izvršite na račun {v}.", "Kartica {v} je odbijena."],
        "net": ["Zahtjevi stižu s adrese {v}.", "Dodajte {v} na popis dopuštenih."],
        "secret": ["Slučajno sam zalijepio ključ {v} u grupu.", "Novi ključ: {v}"],
        "name": ["Paket je preuzela {v}.", "Sastanak vodi {v}."],
        "addr": ["Adresa za dostavu: {v}, drugi kat.", "Ured nam je na adresi {v}."]},
 "it": {"contact": ["Mi trovi al {v} dopo le sei.", "Scrivi a {v} per qualsiasi dubbio."],
        "pay": ["Addebitate la caparra sulla carta {v}.", "Il bonifico va sull'IBAN {v}."],
        "net": ["Le richieste arrivano da {v} tutta la notte.", "Aggiungi {v} alla whitelist."],
        "secret": ["Ho incollato per sbaglio la chiave {v} nel canale.", "Nuova chiave: {v}"],
        "name": ["Il pacco è stato ritirato da {v}.", "La riunione la guida {v}."],
        "addr": ["Spedire a {v}, scala C.", "Ci siamo trasferiti in {v}."]},
 "pt": {"contact": ["Pode ligar-me para o {v} à tarde.", "Envie um e-mail para {v} com as dúvidas."],
        "pay": ["O sinal foi debitado no cartão {v}.", "Transfira para o IBAN {v}, por favor."],
        "net": ["Os pedidos vêm de {v} a noite toda.", "Acrescente {v} à lista de permissões."],
        "secret": ["Colei a chave {v} no grupo sem querer.", "Chave nova: {v}"],
        "name": ["A encomenda foi recebida por {v}.", "Quem assina o contrato é {v}."],
        "addr": ["Morada de entrega: {v}, 2.º esq.", "O escritório mudou-se para {v}."]},
 "zh": {"contact": ["请联系{v}，工作日都在。", "有问题请发邮件到{v}。"],
        "pay": ["押金已从卡号{v}扣除。", "请汇款至账户{v}。"],
        "net": ["昨晚一直有来自{v}的扫描。", "请把{v}加入白名单。"],
        "secret": ["我不小心把密钥{v}贴到群里了", "新的密钥：{v}"],
        "name": ["快递由{v}签收。", "项目负责人是{v}。"],
        "addr": ["收货地址：{v}", "我们搬到了{v}。"]},
 "ja": {"contact": ["ご連絡は{v}までお願いします。", "何かあれば{v}にメールしてください。"],
        "pay": ["カード{v}で決済しました。", "振込先は{v}です。"],
        "net": ["{v}から夜通しアクセスがあります。", "{v}を許可リストに追加してください。"],
        "secret": ["うっかりキー{v}をチャットに貼ってしまいました", "新しいキー：{v}"],
        "name": ["荷物は{v}さんが受け取りました。", "担当は{v}です。"],
        "addr": ["お届け先：{v}", "新しい事務所は{v}にあります。"]},
 "ko": {"contact": ["{v}로 연락 주세요.", "문의는 {v}으로 부탁드립니다."],
        "pay": ["카드 {v}로 결제했습니다.", "계좌 {v}로 입금해 주세요."],
        "net": ["{v}에서 밤새 접속 시도가 있었습니다.", "{v}를 허용 목록에 추가해 주세요."],
        "secret": ["실수로 키 {v}를 단톡방에 붙여넣었어요", "새 키: {v}"],
        "name": ["택배는 {v} 님이 받으셨습니다.", "담당자는 {v}입니다."],
        "addr": ["배송지: {v}", "사무실을 {v}로 옮겼습니다."]},
 "ar": {"contact": ["يمكنك التواصل معي على {v} مساءً.", "راسلنا على {v} لأي استفسار."],
        "pay": ["تم الخصم من البطاقة {v}.", "يرجى التحويل إلى الحساب {v}."],
        "net": ["الطلبات تأتي من {v} طوال الليل.", "أضف {v} إلى القائمة المسموحة."],
        "secret": ["لصقت المفتاح {v} في المجموعة بالخطأ.", "المفتاح الجديد: {v}"],
        "name": ["استلم الطرد {v}.", "يدير الاجتماع {v}."],
        "addr": ["عنوان التسليم: {v}", "انتقل مكتبنا إلى {v}."]},
 "hi": {"contact": ["मुझसे {v} पर संपर्क करें।", "कोई सवाल हो तो {v} पर लिखें।"],
        "pay": ["भुगतान कार्ड {v} से हुआ।", "कृपया खाता {v} में जमा करें।"],
        "net": ["रात भर {v} से अनुरोध आ रहे हैं।", "{v} को अनुमति सूची में जोड़ें।"],
        "secret": ["गलती से कुंजी {v} ग्रुप में डाल दी।", "नई कुंजी: {v}"],
        "name": ["पार्सल {v} ने लिया।", "बैठक की अध्यक्षता {v} करेंगी।"],
        "addr": ["डिलीवरी पता: {v}", "हमारा दफ़्तर {v} पर है।"]},
 "bn": {"contact": ["আমার সাথে {v} নম্বরে যোগাযোগ করুন।", "প্রশ্ন থাকলে {v} ঠিকানায় লিখুন।"],
        "pay": ["কার্ড {v} থেকে টাকা কাটা হয়েছে।", "অনুগ্রহ করে {v} অ্যাকাউন্টে জমা দিন।"],
        "net": ["সারা রাত {v} থেকে অনুরোধ আসছে।", "{v} কে অনুমোদিত তালিকায় যোগ করুন।"],
        "secret": ["ভুল করে কী {v} গ্রুপে দিয়ে ফেলেছি।", "নতুন কী: {v}"],
        "name": ["পার্সেলটি নিয়েছেন {v}।", "সভা পরিচালনা করবেন {v}।"],
        "addr": ["ডেলিভারি ঠিকানা: {v}", "আমাদের অফিস এখন {v}।"]},
 "cs": {"contact": ["Volejte na {v} odpoledne.", "Pište na {v}, ozvu se."],
        "pay": ["Zálohu pošlete na účet {v}.", "Platba kartou {v} neprošla."],
        "net": ["Požadavky chodí z adresy {v}.", "Přidejte {v} do výjimek."],
        "secret": ["Omylem jsem vložil klíč {v} do kanálu.", "Nový klíč: {v}"],
        "name": ["Balík převzala {v}.", "Smlouvu podepsal {v}."],
        "addr": ["Doručovací adresa: {v}, 2. patro.", "Kancelář je nově v ulici {v}."]},
 "hu": {"contact": ["Hívj a {v} számon délután.", "Írj a {v} címre bármikor."],
        "pay": ["Az előleget a {v} számlára kérem.", "A {v} kártyáról vonták le az összeget."],
        "net": ["A kérések a {v} címről jönnek.", "Vedd fel a {v} címet a kivételek közé."],
        "secret": ["Véletlenül bemásoltam a {v} kulcsot a csatornába.", "Új kulcs: {v}"],
        "name": ["A csomagot {v} vette át.", "A megbeszélést {v} vezeti."],
        "addr": ["Szállítási cím: {v}, 2. emelet.", "Az iroda új helye: {v}."]},
 "el": {"contact": ["Καλέστε με στο {v} το απόγευμα.", "Γράψτε στο {v} για απορίες."],
        "pay": ["Η χρέωση έγινε στην κάρτα {v}.", "Καταθέστε στον λογαριασμό {v}."],
        "net": ["Τα αιτήματα έρχονται από {v} όλη νύχτα.", "Προσθέστε το {v} στη λίστα επιτρεπόμενων."],
        "secret": ["Επικόλλησα κατά λάθος το κλειδί {v} στην ομάδα.", "Νέο κλειδί: {v}"],
        "name": ["Το δέμα το παρέλαβε η/ο {v}.", "Τη σύσκεψη θα συντονίσει ο/η {v}."],
        "addr": ["Διεύθυνση παράδοσης: {v}", "Το γραφείο μας είναι πλέον στην {v}."]},
 "he": {"contact": ["אפשר להשיג אותי ב-{v} אחר הצהריים.", "כתבו ל-{v} בכל שאלה."],
        "pay": ["החיוב בוצע בכרטיס {v}.", "נא להעביר לחשבון {v}."],
        "net": ["הבקשות מגיעות מ-{v} כל הלילה.", "הוסיפו את {v} לרשימת ההיתרים."],
        "secret": ["הדבקתי בטעות את המפתח {v} בקבוצה.", "מפתח חדש: {v}"],
        "name": ["את החבילה קיבל/ה {v}.", "את הפגישה ינהל/תנהל {v}."],
        "addr": ["כתובת למשלוח: {v}", "המשרד עבר ל{v}."]},
 "vi": {"contact": ["Liên hệ với tôi qua {v} nhé.", "Gửi thắc mắc về {v}."],
        "pay": ["Đã thanh toán bằng thẻ {v}.", "Vui lòng chuyển khoản vào tài khoản {v}."],
        "net": ["Có yêu cầu lạ từ {v} suốt đêm.", "Thêm {v} vào danh sách cho phép."],
        "secret": ["Mình lỡ dán khóa {v} vào nhóm chat.", "Khóa mới: {v}"],
        "name": ["Người nhận hàng là {v}.", "Cuộc họp do {v} chủ trì."],
        "addr": ["Địa chỉ giao hàng: {v}", "Văn phòng đã chuyển đến {v}."]},
 "tr": {"contact": ["Bana {v} üzerinden ulaşabilirsiniz.", "Sorular için {v} adresine yazın."],
        "pay": ["Ödeme {v} numaralı karttan çekildi.", "Kaporayı {v} hesabına yatırın."],
        "net": ["İstekler gece boyunca {v} adresinden geliyor.", "{v} adresini izin listesine ekleyin."],
        "secret": ["Yanlışlıkla {v} anahtarını gruba yapıştırdım.", "Yeni anahtar: {v}"],
        "name": ["Kargoyu {v} teslim aldı.", "Toplantıyı {v} yönetecek."],
        "addr": ["Teslimat adresi: {v}", "Ofisimiz {v} adresine taşındı."]},
 "ro": {"contact": ["Mă găsiți la {v} după-amiaza.", "Scrieți la {v} pentru întrebări."],
        "pay": ["Avansul se plătește în contul {v}.", "Plata cu cardul {v} a fost respinsă."],
        "net": ["Cererile vin de la {v} toată noaptea.", "Adăugați {v} în lista albă."],
        "secret": ["Am lipit din greșeală cheia {v} în grup.", "Cheie nouă: {v}"],
        "name": ["Coletul a fost ridicat de {v}.", "Ședința va fi condusă de {v}."],
        "addr": ["Adresa de livrare: {v}, ap. 4.", "Ne-am mutat pe {v}."]},
 "sv": {"contact": ["Du når mig på {v} efter lunch.", "Mejla {v} om du har frågor."],
        "pay": ["Handpenningen sätts in på {v}.", "Kortet {v} nekades vid kassan."],
        "net": ["Anropen kommer från {v} hela natten.", "Lägg till {v} i tillåtelselistan."],
        "secret": ["Råkade klistra in nyckeln {v} i kanalen.", "Ny nyckel: {v}"],
        "name": ["Paketet kvitterades av {v}.", "{v} leder mötet på torsdag."],
        "addr": ["Leveransadress: {v}, port 2.", "Vi har flyttat till {v}."]},
 "fi": {"contact": ["Tavoitat minut numerosta {v} iltapäivisin.", "Lähetä viesti osoitteeseen {v}."],
        "pay": ["Ennakko maksetaan tilille {v}.", "Kortti {v} hylättiin."],
        "net": ["Pyynnöt tulevat osoitteesta {v} koko yön.", "Lisää {v} sallittujen listalle."],
        "secret": ["Liitin vahingossa avaimen {v} kanavalle.", "Uusi avain: {v}"],
        "name": ["Paketin kuittasi {v}.", "Kokousta vetää {v}."],
        "addr": ["Toimitusosoite: {v}, B-rappu.", "Toimisto on nyt osoitteessa {v}."]},
}
SSN_FRAMES = {
    "en": ["My SSN is {v}, please update the W-2.", "Social security number: {v}", "{v} is the SSN on file for the claimant.",
           "Applicant SSN {v} — verify before payroll run.", "can you check the social security number {v} against the form?"],
    "es": ["Mi número de seguro social (SSN) es {v}.", "SSN del solicitante: {v}"],
    "tl": ["Ang SSN ko ay {v} para sa aplikasyon sa US.", "Social security number ng empleyado: {v}"],
    "zh": ["美国社会安全号（SSN）：{v}", "申请表上的SSN是{v}。"],
    "ko": ["미국 SSN은 {v}입니다.", "social security number: {v} (미국 세금 신고용)"],
    "vi": ["Số SSN của tôi là {v}.", "Social security number: {v} — dùng cho hồ sơ thuế Mỹ."],
    "hi": ["मेरा SSN {v} है।", "Social security number {v} फ़ॉर्म में भरें।"],
    "pl": ["Numer SSN z USA: {v}", "Mój social security number to {v}."],
}

# ---------------------------------------------------------------- single-value samples

KEYS = {"email": ["email", "contact_email", "reply_to", "mail"], "phone": ["phone", "mobile", "msisdn", "tel"],
        "credit_card": ["card_number", "pan", "cc"], "iban": ["iban", "payout_iban", "account_iban"],
        "ssn": ["ssn", "social_security_number", "ssn_us"], "ipv4": ["client_ip", "src_ip", "peer"],
        "ipv6": ["remote_addr", "src6", "peer_v6"], "person_name": ["full_name", "customer_name", "holder", "assignee"],
        "street_address": ["street", "address_line1", "addr1"]}
ENVNAME = {"openai_key": ["OPENAI_API_KEY", "OPENAI_KEY", "LLM_API_KEY"], "anthropic_key": ["ANTHROPIC_API_KEY", "CLAUDE_KEY"],
           "aws_access_key": ["AWS_ACCESS_KEY_ID", "aws_access_key_id", "S3_ACCESS_KEY"],
           "github_token": ["GITHUB_TOKEN", "GH_TOKEN", "CI_GITHUB_PAT"]}
EDGE = ["{v}", "({v})", "«{v}»", "「{v}」", "{v}!!", "→{v}", "{v};", "\"{v}\"", "[{v}]", "{v}…"]
TS = ["2025-03-14T09:12:44Z", "2025-11-02 23:59:01", "Jun 07 04:18:22", "2026-01-19T17:40:03.512+01:00"]


def ts():
    return R.choice(TS)


def structured(det, v, ctx=None):
    """wrap a value in an English-keyed structured context"""
    key = R.choice(KEYS.get(det, ENVNAME.get(det, ["value"])))
    ctx = ctx or R.choice(["json", "csv", "yaml", "toml", "xml", "sql", "html", "markdown", "log", "code",
                           "shell", "env", "ini", "diff", "ticket", "sms", "chat-transcript", "email", "http", "url"])
    if ctx == "json":
        t = R.choice(['{"%s": "%s", "verified": true}', '{"data": {"%s": "%s"}, "status": "ok"}', '[{"%s":"%s"}]'])
        return t % (key, v), ctx
    if ctx == "csv":
        return R.choice(["%s,status,region\n%s,active,north", "created;%s;note\n%s;%s;\"see thread\""]) % (
            (key, v) if True else ()) if False else (("%s,status,region\n%s,active,north" % (key, v)) if R.random() < 0.5
                                                     else ("created;%s;note\n2025-04-02;%s;\"see thread\"" % (key, v))), ctx
    if ctx == "yaml":
        return "user:\n  %s: \"%s\"\n  active: yes" % (key, v) if R.random() < 0.5 else "- %s: %s\n  tier: gold" % (key, v), ctx
    if ctx == "toml":
        return "[contact]\n%s = \"%s\"\nnotify = true" % (key, v), ctx
    if ctx == "xml":
        return "<record><%s>%s</%s><state>open</state></record>" % (key, v, key), ctx
    if ctx == "sql":
        return R.choice(["UPDATE accounts SET %s = '%s' WHERE handle = 'kpl_west';",
                         "SELECT * FROM audit WHERE %s = '%s' LIMIT 20;"]) % (key, v), ctx
    if ctx == "html":
        return "<tr><td class=\"%s\">%s</td><td>pending</td></tr>" % (key, v), ctx
    if ctx == "markdown":
        return "| field | value |\n|---|---|\n| %s | %s |" % (key, v), ctx
    if ctx == "log":
        return "%s INFO  svc.profile updated %s=%s req=upd-%s" % (ts(), key, v, rs(LO, 6)), ctx
    if ctx == "code":
        return R.choice(["%s = \"%s\"  # TODO move to vault", "const %s = '%s';", "cfg.set(\"%s\", \"%s\")"]) % (key, v), ctx
    if ctx == "shell":
        return "$ export %s='%s'\n$ ./sync.sh --dry-run" % (key.upper(), v), ctx
    if ctx == "env":
        return "%s=%s\nLOG_LEVEL=debug" % (key.upper(), v), ctx
    if ctx == "ini":
        return "[profile]\n%s = %s\nretries = 3" % (key, v), ctx
    if ctx == "diff":
        return "--- a/settings.conf\n+++ b/settings.conf\n@@ -4,3 +4,3 @@\n-%s = \n+%s = %s" % (key, key, v), ctx
    if ctx == "ticket":
        return "Ticket HD-%s\nPriority: P3\nReporter note: customer %s is %s, please verify." % (rs(UP, 2) + rdig(4), key, v), ctx
    if ctx == "sms":
        return R.choice(["Reminder: your %s on file is %s. Reply STOP to opt out.", "ALERT %s=%s changed"]) % (key, v), ctx
    if ctx == "chat-transcript":
        return "[10:02] agent: could you confirm the %s?\n[10:03] customer: %s\n[10:03] agent: thanks!" % (key.replace("_", " "), v), ctx
    if ctx == "email":
        return "Subject: updated details\n\nHi team,\nthe %s should now read %s.\nCheers" % (key.replace("_", " "), v), ctx
    if ctx == "http":
        return "POST /v2/profile HTTP/1.1\nHost: api.orbitdesk.io\nContent-Type: application/x-www-form-urlencoded\n\n%s=%s" % (key, v), ctx
    if ctx == "url":
        return "https://portal.lumenforge.dev/lookup?%s=%s&src=mail" % (key, v), ctx
    raise ValueError(ctx)


def prose(lang, cat, v):
    fr = R.choice(F[lang][cat])
    return fr.format(v=v)


def lab(det, v, form):
    return {"detector": det, "value": v, "form": form}


def single(det, i):
    """returns (text, labels, lang, form, context)"""
    lang = R.choice(LANGS)
    p = R.random()
    if det == "email":
        v, form = gen_email()
        if p < 0.5:
            return prose(lang, "contact", v), [lab(det, v, form)], lang, form, "chat"
        if p < 0.6 and form in ("plain", "uppercase", "subaddress"):
            return R.choice(['<p>Fragen? <a href="mailto:%s">Schreib uns</a></p>', '<a href="mailto:%s?subject=Hello">mail</a>']) % v, [lab(det, v, form)], "en", form, "html"
        if p < 0.67 and form in ("plain", "subaddress"):
            return "From: <%s>\nTo: <dispatch@%s>\nSubject: Re: delivery window" % (v, "invalid") if False else "Reply-To: <%s>\nSubject: Re: delivery window\n\nsee below" % v, [lab(det, v, form)], "en", form, "email"
        if p < 0.75:
            t = R.choice(EDGE).format(v=v)
            return t, [lab(det, v, form)], "en", form, "chat"
        t, ctx = structured(det, v)
        return t, [lab(det, v, form)], "en", form, ctx
    if det == "phone":
        v, form = gen_phone(lang)
        if p < 0.08:
            c = v if form == "e164_compact" else None
            num = c or ("+" + rdig(2) + _nz(9))
            if not c:
                num = "+" + R.choice(["31", "45", "48", "351", "420"]) + _nz(9)
            return R.choice(['<a href="tel:%s">Call us</a>', 'Tap to call: tel:%s']) % num, [lab(det, num, "tel_link")], "en", "tel_link", "html"
        if p < 0.6:
            return prose(lang, "contact", v), [lab(det, v, form)], lang, form, R.choice(["chat", "sms"])
        if p < 0.68:
            return R.choice(EDGE).format(v=v), [lab(det, v, form)], lang, form, "sms"
        t, ctx = structured(det, v)
        return t, [lab(det, v, form)], "en", form, ctx
    if det == "credit_card":
        v, form = gen_card(i)
        if p < 0.5:
            return prose(lang, "pay", v), [lab(det, v, form)], lang, form, "chat"
        if p < 0.58:
            return R.choice(EDGE).format(v=v), [lab(det, v, form)], "en", form, "chat"
        t, ctx = structured(det, v, R.choice(["json", "form", "log", "csv", "sql", "ticket", "chat-transcript", "xml", "email"]) if False else None)
        return t, [lab(det, v, form)], "en", form, ctx
    if det == "iban":
        cc = LANG_IBAN.get(lang) if R.random() < 0.6 else None
        v, form, cc = gen_iban(cc)
        if p < 0.55:
            return prose(lang, "pay", v), [lab(det, v, form)], lang, form, R.choice(["chat", "email"])
        t, ctx = structured(det, v)
        return t, [lab(det, v, form)], "en", form, ctx
    if det == "ssn":
        v, form = gen_ssn()
        if p < 0.6:
            sl = R.choice(sorted(SSN_FRAMES))
            return R.choice(SSN_FRAMES[sl]).format(v=v), [lab(det, v, form)], sl, form, R.choice(["chat", "form", "email"])
        key = R.choice(["ssn", "SSN", "employee_ssn", "ssn_last_filed"])
        t = R.choice(['{"employee": "E-%s", "%s": "%s"}' % (rs(UP, 2), key, v),
                      "%s,%s\n%s,%s" % ("ref", key, "hr-" + rs(LO, 4), v),
                      "%s WARN payroll: %s=%s failed IRS match" % (ts(), key, v),
                      "<field name=\"%s\">%s</field>" % (key, v)])
        ctx = "json" if t.startswith("{") else "csv" if "\n" in t else "log" if "WARN" in t else "xml"
        return t, [lab(det, v, form)], "en", form, ctx
    if det == "ipv4":
        v, form, ip = gen_ipv4()
        port = R.choice([22, 443, 8080, 5432, 3389, 51820])
        if form == "with_port":
            t = R.choice(["%s sshd[%d]: Failed password for invalid user admin from %s:%d" % (ts(), R.randint(300, 9999), v, port),
                          "upstream %s:%d timed out (110)" % (v, port)])
            return t, [lab(det, v, form)], "en", form, "log"
        if form == "cidr":
            return R.choice(["allow %s/%d;\ndeny all;", "route add %s/%d via wg0"]) % (v, R.choice([24, 28, 32])), [lab(det, v, form)], "en", form, "code"
        if form == "in_url":
            return R.choice(["curl -s http://%s:%d/healthz", "GET http://%s/admin/login returned 403"]) % ((v, port) if R.random() < 2 else ()) if False else (
                "curl -s http://%s:%d/healthz" % (v, port) if R.random() < 0.5 else "GET http://%s/admin/login returned 403" % v), [lab(det, v, form)], "en", form, "shell"
        if p < 0.55:
            return prose(lang, "net", v), [lab(det, v, form)], lang, form, R.choice(["chat", "ticket"])
        t, ctx = structured(det, v, R.choice(["json", "log", "csv", "yaml", "ini", "sql", "markdown"]))
        return t, [lab(det, v, form)], "en", form, ctx
    if det == "ipv6":
        v, form = gen_ipv6()
        if form == "with_zone":
            return "ping6 %s%%%s -c 3" % (v, R.choice(["eth0", "wlan0", "en0", "ens3"])), [lab(det, v, form)], "en", form, "shell"
        if form == "bracket_port":
            return R.choice(["http://[%s]:8443/status", "connect to [%s]:22 failed: Connection refused"]) % v, [lab(det, v, form)], "en", form, R.choice(["url", "log"])
        if form == "with_prefix":
            return "ip -6 addr add %s/64 dev br0" % v, [lab(det, v, form)], "en", form, "shell"
        if p < 0.5:
            return prose(lang, "net", v), [lab(det, v, form)], lang, form, "chat"
        t, ctx = structured(det, v, R.choice(["json", "log", "yaml", "sql", "xml", "markdown"]))
        return t, [lab(det, v, form)], "en", form, ctx
    if det in ("openai_key", "anthropic_key", "aws_access_key", "github_token"):
        v, form = {"openai_key": gen_openai, "anthropic_key": gen_anthropic, "aws_access_key": gen_aws, "github_token": gen_github}[det]()
        if p < 0.35:
            return prose(lang, "secret", v), [lab(det, v, form)], lang, form, "chat"
        name = R.choice(ENVNAME[det])
        if p < 0.55:
            return "%s=%s\nPORT=8080" % (name, v) if R.random() < 0.5 else "export %s=\"%s\"" % (name, v), [lab(det, v, form)], "en", form, "env" if R.random() < 0.5 else "shell"
        if p < 0.7:
            t = R.choice(['client = make_client(api_key="%s")', 'headers["x-api-key"] = "%s"', "git clone https://x-access-token:%s@github.com/acme/infra.git"]) % v
            return t, [lab(det, v, form)], "en", form, "code"
        if p < 0.8:
            t = "Traceback (most recent call last):\n  File \"app/llm.py\", line 41, in ask\n    raise AuthError(f\"rejected key {key}\")\nAuthError: rejected key %s" % v
            return t, [lab(det, v, form)], "en", form, "log"
        t, ctx = structured(det, v, R.choice(["json", "yaml", "toml", "diff", "ini"]))
        return t, [lab(det, v, form)], "en", form, ctx
    if det == "jwt":
        v, form = gen_jwt()
        k = R.randint(0, 5)
        if k == 0:
            t = "GET /api/me HTTP/1.1\nHost: app.kettlebrook.com\nAuthorization: Bearer %s\nAccept: */*" % v; ctx = "http"
        elif k == 1:
            t = "curl -H 'Authorization: Bearer %s' https://api.lumenforge.dev/v1/jobs" % v; ctx = "shell"
        elif k == 2:
            t = '{"access_token": "%s", "token_type": "bearer", "expires_in": 3600}' % v; ctx = "json"
        elif k == 3:
            t = "Set-Cookie: sid=%s; Path=/; HttpOnly; Secure" % v; ctx = "http"
        elif k == 4:
            t = "https://app.orbitdesk.io/callback#id_token=%s&state=q8x" % v; ctx = "url"
        else:
            lang2 = R.choice(sorted(F))
            return prose(lang2, "secret", v), [lab(det, v, form)], lang2, form, "chat"
        return t, [lab(det, v, form)], "en", form, ctx
    if det == "bearer_token":
        v, form = gen_bearer()
        k = R.randint(0, 5)
        if k == 0:
            t = "POST /v3/upload HTTP/1.1\nHost: files.orbitdesk.io\nAuthorization: Bearer %s\nContent-Length: 512" % v; ctx = "http"
        elif k == 1:
            t = "curl -X DELETE -H \"Authorization: Bearer %s\" https://api.kettlebrook.com/items/old" % v; ctx = "shell"
        elif k == 2:
            t = "requests.get(url, headers={\"Authorization\": \"Bearer %s\"})" % v; ctx = "code"
        elif k == 3:
            t = "%s DEBUG outbound headers: {'Authorization': 'Bearer %s', 'User-Agent': 'sync/2.3'}" % (ts(), v); ctx = "log"
        elif k == 4:
            t = "authorization: Bearer %s" % v; ctx = "http"
        else:
            lang2 = R.choice(sorted(F))
            return prose(lang2, "secret", "Bearer " + v), [lab(det, v, form)], lang2, form, "chat"
        return t, [lab(det, v, form)], "en", form, ctx
    if det == "private_key":
        kind = PK_KINDS[i % len(PK_KINDS)]
        layout = ["pem", "crlf", "json_escaped", "yaml_block", "flattened", "env_quoted", "pem", "env_escaped"][(i // 7) % 8]
        v = pk_block(kind, layout)
        form = kind + "_" + layout
        if layout == "pem":
            t = R.choice(["$ cat ~/.ssh/deploy_key\n%s\n$ chmod 600 ~/.ssh/deploy_key", "here's the key for the box, don't lose it:\n\n%s\n\nthx"]) % v
            ctx = "shell" if t.startswith("$") else "chat"
        elif layout == "crlf":
            t = "Content-Type: application/x-pem-file\r\n\r\n%s\r\n" % v; ctx = "email"
        elif layout == "json_escaped":
            t = '{"type": "service_account", "private_key": "%s\\n", "client_id": "svc-%s"}' % (v, rs(LO, 6)); ctx = "json"
        elif layout == "yaml_block":
            t = "tls:\n  enabled: true\n  key: |\n    %s\n  cert_ref: vault" % v; ctx = "yaml"
        elif layout == "flattened":
            t = "%s ERROR loader: could not parse key material: %s (trailing data)" % (ts(), v); ctx = "log"
        elif layout == "env_escaped":
            t = "SIGNING_KEY=\"%s\"\nREGION=eu-north-1" % v; ctx = "env"
        else:
            t = "JWT_PRIVATE_KEY=\"%s\"\nJWT_TTL=900" % v; ctx = "env"
        return t, [lab(det, v, form)], "en", form, ctx
    if det == "person_name":
        v, form, nl = gen_name()
        lang = nl if nl in F else "en"
        title = ""
        if form in ("given_family", "family_given", "transliteration", "caps_family") and lang in TITLES and R.random() < 0.22:
            title = R.choice(TITLES[lang]); form = "title_outside_value"
        if p < 0.72:
            return prose(lang, "name", title + v), [lab(det, v, form)], lang, form, R.choice(["chat", "email", "ticket"])
        t, ctx = structured(det, title + v, R.choice(["json", "csv", "xml", "sql", "yaml", "markdown", "log"]))
        return t, [lab(det, v, form)], "en", form, ctx
    if det == "street_address":
        v, form, sl = gen_street()
        lang = sl if sl in F else ("ms" if sl == "id" else "en")
        tail = ""
        if R.random() < 0.45 and sl in POSTCITY:
            tail = ", " + R.choice(POSTCITY[sl]); form2 = form + "_with_city"
        else:
            form2 = form
        if p < 0.7:
            return prose(lang, "addr", v + tail), [lab(det, v, form2)], lang, form2, R.choice(["chat", "email", "form"])
        t, ctx = structured(det, v, R.choice(["json", "csv", "xml", "yaml", "sql", "html"]))
        return t, [lab(det, v, form)], "en", form, ctx
    raise ValueError(det)

# ---------------------------------------------------------------- multi-value layouts

def multi(layout):
    L = []

    def add(det, v, form):
        L.append(lab(det, v, form)); return v
    lang = "en"
    if layout == "contact_card":
        n, nf, nl = gen_name(); e, ef = gen_email(); ph, pf = gen_phone(nl); st, sf, sl = gen_street(nl)
        city = R.choice(POSTCITY.get(sl, ["Nairobi"]))
        t = "BEGIN:VCARD\nVERSION:3.0\nFN:%s\nEMAIL;TYPE=work:%s\nTEL;TYPE=cell:%s\nADR;TYPE=home:;;%s;%s\nEND:VCARD" % (
            add("person_name", n, nf), add("email", e, ef), add("phone", ph, pf), add("street_address", st, sf), city)
        ctx = "chat"
    elif layout == "csv_rows":
        rows = ["id_ref,name,email,phone"]
        for _ in range(R.randint(2, 4)):
            n, nf, nl = gen_name(); e, ef = gen_email(); ph, pf = gen_phone(nl)
            e = e if "," not in e else e.replace(",", "")
            rows.append("%s,%s,%s,%s" % ("c-" + rs(LO, 5), add("person_name", n, nf), add("email", e, ef), add("phone", ph, pf)))
        t = "\n".join(rows); ctx = "csv"
    elif layout == "sql_insert":
        n, nf, nl = gen_name(); e, ef = gen_email(); ip, ipf, _ = gen_ipv4()
        while ipf != "plain":
            ip, ipf, _ = gen_ipv4()
        t = "INSERT INTO signups (full_name, email, signup_ip, plan) VALUES ('%s', '%s', '%s', 'trial');" % (
            add("person_name", n, nf), add("email", e, ef), add("ipv4", ip, ipf))
        ctx = "sql"
    elif layout == "http_dump":
        ip = rand_ipv4()
        if R.random() < 0.5:
            tok, tf = gen_jwt(); det = "jwt"
        else:
            tok, tf = gen_bearer(); det = "bearer_token"
        t = "GET /v1/orders?page=2 HTTP/1.1\nHost: shop.kettlebrook.com\nAuthorization: Bearer %s\nX-Forwarded-For: %s\nUser-Agent: Mozilla/5.0 (X11; Linux x86_64)\n" % (
            add(det, tok, tf), add("ipv4", ip, "plain"))
        ctx = "http"
    elif layout == "firewall_log":
        lines = []
        used = []
        for _ in range(R.randint(2, 4)):
            if R.random() < 0.7:
                a = rand_ipv4(); b = rand_ipv4()
                while a == b or a in used or b in used or a in b or b in a or any(a in u or u in a or b in u or u in b for u in used):
                    a = rand_ipv4(); b = rand_ipv4()
                used += [a, b]
                lines.append("%s DROP IN=eth0 SRC=%s DST=%s PROTO=TCP SPT=%d DPT=%d" % (ts(), add("ipv4", a, "plain"), add("ipv4", b, "plain"), R.randint(1024, 65000), R.choice([22, 23, 445, 3389])))
            else:
                g = rand_ipv6("global"); a = ":".join(g)
                used.append(a)
                lines.append("%s DROP IN=eth1 SRC=%s PROTO=UDP DPT=%d" % (ts(), add("ipv6", a, "full"), R.choice([53, 123, 1900])))
        t = "\n".join(lines); ctx = "log"
    elif layout == "env_multi":
        parts = ["# production secrets - do not commit", "APP_ENV=production"]
        gens = [("aws_access_key", "AWS_ACCESS_KEY_ID", gen_aws), ("openai_key", "OPENAI_API_KEY", gen_openai),
                ("github_token", "GITHUB_TOKEN", gen_github), ("anthropic_key", "ANTHROPIC_API_KEY", gen_anthropic)]
        picks = R.sample(gens, R.randint(2, 4))
        for det, name, g in picks:
            v, f = g()
            parts.append("%s=%s" % (name, add(det, v, f)))
        if R.random() < 0.3:
            kind = R.choice(PK_KINDS)
            v = pk_block(kind, "env_escaped")
            parts.append('PRIVATE_KEY="%s"' % add("private_key", v, kind + "_env_escaped"))
        t = "\n".join(parts); ctx = "env"
    elif layout == "json_profile":
        n, nf, nl = gen_name(); e, ef = gen_email(); ph, pf = gen_phone(nl); st, sf, sl = gen_street(nl); ib, ibf, _ = gen_iban()
        t = json.dumps({"profile": {"name": n, "email": e, "phone": ph, "address": {"line1": st, "country": sl.upper()}, "payout": {"iban": ib}}}, ensure_ascii=False)
        for det, v, f in (("person_name", n, nf), ("email", e, ef), ("phone", ph, pf), ("street_address", st, sf), ("iban", ib, ibf)):
            add(det, v, f)
        ctx = "json"
    elif layout == "markdown_table":
        rows = ["| Name | E-mail | Phone |", "|------|--------|-------|"]
        for _ in range(R.randint(2, 3)):
            n, nf, nl = gen_name(); e, ef = gen_email(); ph, pf = gen_phone(nl)
            rows.append("| %s | %s | %s |" % (add("person_name", n, nf), add("email", e, ef), add("phone", ph, pf)))
        t = "\n".join(rows); ctx = "markdown"
    elif layout == "chat_two_values":
        lang = R.choice(sorted(F))
        pool = [("email", "contact"), ("phone", "contact"), ("iban", "pay"), ("credit_card", "pay"), ("ipv4", "net"), ("street_address", "addr")]
        (d1, c1), (d2, c2) = R.sample(pool, 2)
        segs = []
        for d, c in ((d1, c1), (d2, c2)):
            if d == "email":
                v, f = gen_email()
            elif d == "phone":
                v, f = gen_phone(lang)
            elif d == "iban":
                v, f, _ = gen_iban()
            elif d == "credit_card":
                v, f = gen_card()
            elif d == "ipv4":
                v, f, _ = gen_ipv4()
            else:
                v, f, _ = gen_street(lang)
            segs.append(prose(lang, c, add(d, v, f)))
        t = "\n".join(segs); ctx = "chat"
    elif layout == "payment_form":
        n, nf, nl = gen_name(); c, cf = gen_card(); ib, ibf, _ = gen_iban()
        t = "Cardholder: %s\nCard number: %s\nExpiry: 0%d/2%d  CVC: ***\nFallback SEPA account: %s" % (
            add("person_name", n, nf), add("credit_card", c, cf), R.randint(1, 9), R.randint(7, 9), add("iban", ib, ibf))
        ctx = "form"
    elif layout == "mail_headers":
        n, nf, nl = gen_name(); e, ef = gen_email()
        while ef not in ("plain", "subaddress"):
            e, ef = gen_email()
        e2, ef2 = gen_email()
        while ef2 != "plain" or e2 == e or e2 in e or e in e2:
            e2, ef2 = gen_email()
        ip = rand_ipv4()
        t = "Return-Path: <%s>\nFrom: \"%s\" <%s>\nTo: %s\nX-Originating-IP: [%s]\nSubject: invoice question\n" % (
            "bounce+" + rs(LO + DIG, 8) + "@mailer.orbitdesk.io" if False else "bounces@relay", n, e, e2, ip)
        t = t.replace("Return-Path: <bounces@relay>\n", "")
        add("person_name", n, nf); add("email", e, ef); add("email", e2, ef2); add("ipv4", ip, "plain")
        ctx = "email"
    else:
        raise ValueError(layout)
    return t, L, lang, layout, ctx


LAYOUTS = ["contact_card", "csv_rows", "sql_insert", "http_dump", "firewall_log", "env_multi", "json_profile",
           "markdown_table", "chat_two_values", "payment_form", "mail_headers"]

# ---------------------------------------------------------------- hard negatives

def bad_luhn(length, prefix):
    while True:
        d = prefix + rdig(length - len(prefix))
        if not luhn_ok(d):
            return d


def neg(kind):
    """returns (text, lang, context)"""
    if kind == "invalid_luhn_card":
        d = bad_luhn(16, R.choice(["4", "53", "6011", "3530"]))
        v = group(d, [4, 4, 4, 4], R.choice([" ", "-"]))
        return R.choice(["Card %s was declined: number failed checksum.", "test fixture (invalid on purpose): %s",
                         "Karte %s ungültig – Prüfziffer falsch.", "卡号%s校验失败，请重新输入。"]) % v, R.choice(["en", "de"]), "chat"
    if kind == "invalid_iban_checksum":
        ib, _, cc = gen_iban()
        raw = ib.replace(" ", "").replace(NBSP, "").replace("-", "").upper()
        chk = int(raw[2:4]); bad = (chk + R.randint(1, 40)) % 97
        bad = bad if bad >= 2 else bad + 2
        raw2 = raw[:2] + "%02d" % bad + raw[4:]
        if iban_ok(raw2):
            raw2 = raw[:2] + "%02d" % ((bad + 1) % 97) + raw[4:]
        v = " ".join(raw2[i:i + 4] for i in range(0, len(raw2), 4))
        return R.choice(["Validation error: %s is not a valid IBAN (check digits).", "Das Konto %s wurde abgelehnt: Prüfsumme falsch.",
                         "Ten numer %s ma złą sumę kontrolną, sprawdź jeszcze raz."]) % v, "en", "log"
    if kind == "nine_digits_no_ssn_context":
        d = rdig(9)
        return R.choice(["Order no. %s has shipped from the Utrecht warehouse.", "Invoice number %s is overdue by 14 days.",
                         "Tracking ID %s — parcel out for delivery.", "Bestellnummer %s wurde storniert."]) % d, R.choice(["en", "de"]), "ticket"
    if kind == "ssn_invalid_area":
        a = R.choice([0, 666, R.randint(900, 999)]); v = "%03d-%02d-%04d" % (a, R.randint(1, 99), R.randint(1, 9999))
        return R.choice(["SSN field rejected: %s is not an issuable number.", "Social security number %s failed validation (invalid area)."]) % v, "en", "form"
    if kind == "ssn_zero_group":
        v = "%03d-00-%04d" % (R.randint(1, 899) if True else 0, R.randint(1, 9999))
        v = v if not v.startswith("666") else "667" + v[3:]
        return "SSN %s rejected: group 00 is never issued." % v, "en", "form"
    if kind == "version_string":
        v = "%d.%d.%d" % (R.randint(0, 12), R.randint(0, 40), R.randint(0, 99))
        w = "%d.%d.%d.%d" % (R.randint(10, 30), R.randint(0, 9), R.randint(1000, 26000), R.randint(1, 9999))
        return R.choice(["Upgraded the agent to v%s; build %s is now the baseline.", "Wersja %s (kompilacja %s) naprawia błąd z drukarką.",
                         "requirements: libfoo==%s  # windows build %s"]) % (v, w), R.choice(["en", "pl"]), R.choice(["chat", "code"])
    if kind == "date_time":
        y, mo, dd, hh, mi = R.randint(2024, 2027), R.randint(1, 12), R.randint(1, 28), R.randint(6, 22), R.choice([0, 15, 30, 45])
        return R.choice([("Die Sitzung ist am %02d.%02d.%d um %02d:%02d Uhr." % (dd, mo, y, hh, mi), "de"),
                         ("Deadline: %d-%02d-%02d, retro at %02d:%02d." % (y, mo, dd, hh, mi), "en"),
                         ("Schůzka: %d. %d. %d, %d:%02d" % (dd, mo, y, hh, mi), "cs"),
                         ("会议时间：%d年%d月%d日 %02d:%02d" % (y, mo, dd, hh, mi), "zh"),
                         ("Kickoff %d/%02d/%02d %02d:%02d:00 UTC" % (y, mo, dd, hh, mi), "en"),
                         ("Spotkanie %02d.%02d.%d o godz. %d:%02d" % (dd, mo, y, hh, mi), "pl"),
                         ("Vergadering op %d-%d-%d om %d.%02d uur" % (dd, mo, y, hh, mi), "nl")])[0], "en", "chat"
    if kind == "order_number":
        return R.choice(["Your order #%s is packed and waiting at the pickup point." % rdig(10),
                         "Zamówienie nr %s zostało wysłane." % rdig(11),
                         "Bestellung Nr. %s – Rechnung folgt per Post." % rdig(12),
                         "주문번호 %s 배송이 시작되었습니다." % rdig(13)]), R.choice(["en", "pl", "de", "ko"]), "sms"
    if kind == "tracking_number":
        return R.choice(["Tracking: 1Z%s%s — expected Thursday." % (rs(UP + DIG, 6), rdig(10)),
                         "Sendungsnummer JJD%s, Zustellung heute." % rdig(15),
                         "Paket %s%sNL aan het sorteren." % (rs(UP, 2), rdig(9))]), "en", "sms"
    if kind == "invoice_number":
        return R.choice(["Invoice INV-%d-%06d attached, amount due 1,240.00 EUR." % (R.randint(2023, 2026), R.randint(1, 999999)),
                         "Faktura VAT nr FV/%d/%02d/%04d do zapłaty w ciągu 14 dni." % (R.randint(2023, 2026), R.randint(1, 12), R.randint(1, 9999)),
                         "Factura nº F%s pendiente de pago." % rdig(8)]), R.choice(["en", "pl", "es"]), "email"
    if kind == "postal_code":
        return R.choice(["Wir liefern nur innerhalb 10115–14199 und 80331–81929.", "Kod pocztowy 30-%03d obejmuje Stare Miasto." % R.randint(1, 999),
                         "The depot covers postcodes LS1 to LS29.", "郵便番号 %03d-%04d の地域は翌日配達です。" % (R.randint(100, 999), R.randint(0, 9999)),
                         "CEP %05d-%03d fica fora da área de entrega." % (R.randint(10000, 99999), R.randint(0, 999))]), R.choice(["de", "pl", "en", "ja", "pt"]), "chat"
    if kind == "price_amount":
        a, b = R.randint(3, 4999), R.randint(0, 99)
        return R.choice(["Total: €%d,%02d inkl. MwSt., Versand 4,90 €" % (a, b), "Cena: %d,%02d zł (w tym VAT)" % (a, b),
                         "Price dropped to $%d.%02d today." % (a, b), "合计：¥%d（含税）" % (a * 10), "Разом: %d,%02d грн" % (a, b),
                         "Preço final: %d,%02d € com IVA" % (a, b), "Harga: RM%d.%02d sahaja" % (a, b)]), "en", "chat"
    if kind == "mac_address":
        m = ":".join(rs(HEX, 2) for _ in range(6))
        return R.choice(["DHCP lease renewed for %s on vlan 20.", "arp -a shows %s as the printer.", "MAC %s blocked by port security."]) % m, "en", "log"
    if kind == "hash_digest":
        return R.choice(["sha256sum: %s  release.tar.gz" % rs(HEX, 64), "commit %s\nAuthor: ci-bot\n\n    bump deps" % rs(HEX, 40),
                         "md5 %s differs from the mirror" % rs(HEX, 32), "ETag: \"%s\"" % rs(HEX, 32)]), "en", R.choice(["shell", "log"])
    if kind == "uuid":
        u = "-".join(rs(HEX, n) for n in (8, 4, 4, 4, 12))
        return R.choice(["request_id=%s status=200 dur=41ms", "{\"tenant\": \"%s\", \"plan\": \"team\"}", "Zgłoszenie %s zamknięte."]) % u, "en", "log"
    if kind == "placeholder_key":
        x = R.choice("xX*.")
        return R.choice(["OPENAI_API_KEY=sk-" + x * R.randint(16, 48), "AWS_ACCESS_KEY_ID=AKIA" + "X" * 16,
                         "export GITHUB_TOKEN=ghp_" + x * 36, "ANTHROPIC_API_KEY=sk-ant-...your key here...",
                         "%s: \"<YOUR_%s>\"" % (R.choice(["api_key", "token", "secret"]), R.choice(["API_KEY", "TOKEN", "KEY_HERE"])),
                         "Authorization: Bearer <%s>" % R.choice(["token", "access_token", "JWT", "redacted"]),
                         "Authorization: Bearer YOUR_ACCESS_TOKEN_HERE", "OPENAI_API_KEY=sk-proj-REPLACE_ME",
                         "aws_access_key_id = AKIA" + "*" * 16, "GH_TOKEN=${{ secrets.GH_TOKEN }}",
                         "AWS_ACCESS_KEY_ID=\"$(vault read -field=key aws/creds/%s)\"" % R.choice(["ci", "deploy", "ro"])]), "en", "env"
    if kind == "public_key_block":
        b = base64.b64encode(bytes.fromhex("3059301306072a8648ce3d020106082a8648ce3d03010703420004") + rbytes(64)).decode()
        return "-----BEGIN PUBLIC KEY-----\n%s\n%s\n-----END PUBLIC KEY-----" % (b[:64], b[64:]), "en", "code"
    if kind == "ssh_public_key":
        return "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI%s deploy@buildbox" % rs(ALNUM + "+/", 43), "en", "shell"
    if kind == "certificate_block":
        b = base64.b64encode(rbytes(180)).decode()
        return "-----BEGIN CERTIFICATE-----\n%s\n-----END CERTIFICATE-----" % "\n".join(b[i:i + 64] for i in range(0, len(b), 64)), "en", "code"
    if kind == "prose_at_dot":
        a = R.choice(["Let's meet at the station", "I'll be at work until five", "We arrived at dawn", "She waved at the crowd",
                      "Look at the dashboard", "He laughed at the idea"])
        b = R.choice(["then dot the i's on the contract", "each dot on the chart is one reading", "the dot on the map is the back gate",
                      "a tiny dot of paint was on the door", "count every dot before you sign"])
        return "%s; %s." % (a, b), "en", "chat"
    if kind == "social_handle":
        h = R.choice(["kettle", "lipa", "ops", "moana", "fjord", "sakura", "dba", "pixel"]) + R.choice(["_dev", "_pl", "-oncall", "_official", "hq", "2025"])
        return R.choice(["Follow us @%s for the drop!", "cc @%s — please review", "npm i @%s/cli@latest",
                         "Napisz do nas na Instagramie: @%s", "Annotate with @Override; ping @%s if it breaks"]).replace("%s", h, 1) if True else "", "en", R.choice(["chat", "code"])
    if kind == "product_name":
        p = R.choice(["Galaxy Tab S9 FE", "ThinkPad T14 Gen 4", "Bosch Serie 6", "Redmi Note 13 Pro", "Apple Watch Series 9",
                      "Kindle Paperwhite", "PlayStation 5 Slim", "Dyson V15 Detect", "Sonos Era 100", "Pixel 8a", "Fairphone 5"])
        return R.choice(["The %s replaced our old kiosks.", "Kupiłam %s w promocji.", "Die neue %s ist leise.", "Mijn %s is kapot.",
                         "Is the %s still in stock?", "%s — review after two weeks"]) % p, "en", "chat"
    if kind == "city_names":
        c = ["Kraków", "Porto", "Utrecht", "Groningen", "Leipzig", "Bratislava", "Bergen", "Aarhus", "Göteborg", "Helsinki",
             "Kuala Lumpur", "Bandung", "Mombasa", "Cebu", "Split", "Bologna", "Tabriz", "Chiang Mai", "Busan", "Osaka"]
        a, b = R.sample(c, 2)
        return R.choice(["Flights from %s to %s are cheap in November.", "Wij rijden via %s naar %s.", "Zugverbindung %s – %s über Nacht.",
                         "Kami bertolak dari %s ke %s esok.", "Tour dates: %s, then %s.", "Vuelo %s–%s cancelado por niebla."]) % (a, b), "en", "chat"
    if kind == "capitalised_sentence_starts":
        w = ["Great", "News", "Quarterly", "Report", "Finally", "Out", "Please", "Review", "Before", "Friday", "Meeting", "Notes",
             "Budget", "Hiring", "Office", "Move", "Happy", "Monday", "Coffee", "Machine", "Fixed", "Again", "Important", "Update",
             "New", "Parking", "Rules", "Starting", "Today", "Server", "Maintenance", "Window", "Tonight"]
        return " ".join(R.choice(w) for _ in range(R.randint(4, 8))) + R.choice([".", "!", ":", " —"]), "en", "email"
    if kind == "street_without_number":
        st = R.choice(["Millbrook Road", "Lindenstraße", "Kwiatowej", "Via dei Mulini", "Havenkade", "Calle del Olivo", "Birkevej",
                       "Rua das Oliveiras", "Orchard Lane", "rue des Tanneurs", "Molenweg", "Strada Teilor", "Jalan Cempaka", "Virág utca"])
        return R.choice(["The bakery on %s closes early on Sundays.", "Die Baustelle an der %s dauert noch.", "Na ulicy %s znowu korek.",
                         "Il mercato in %s è aperto il sabato.", "Er is een nieuwe koffiebar aan de %s.", "%s is closed for the parade.",
                         "Anyone know a good dentist near %s?"]) % st, "en", "chat"
    if kind == "ipv4_out_of_range":
        return R.choice(["Bad input: %d.%d.%d.%d is not an address." % (R.randint(256, 999), R.randint(0, 255), R.randint(0, 255), R.randint(1, 254)),
                         "parsed version 4.%d.%d.%d from the banner" % (R.randint(300, 999), R.randint(0, 9), R.randint(300, 999))]), "en", "log"
    if kind == "time_colons":
        tt = lambda: "%02d:%02d:%02d" % (R.randint(0, 23), R.randint(0, 59), R.randint(0, 59))
        return R.choice(["Lap times: %s, %s, %s" % (tt(), tt(), tt()), "uptime %s, load average: 0.%02d, 0.%02d" % (tt(), R.randint(0, 99), R.randint(0, 99)),
                         "Splits %s / %s" % (tt(), tt())]), "en", "log"
    if kind == "coordinates":
        return "GPS fix %.5f, %.5f (accuracy 8 m)" % (R.uniform(35, 60), R.uniform(-9, 30)), "en", "log"
    if kind == "isbn_reference":
        return R.choice(["ISBN 978-%d-%d-%04d-%d, 2nd edition." % (R.randint(80, 99), R.randint(100, 999), R.randint(0, 9999), R.randint(0, 9)),
                         "DOI 10.%d/jcm.%d.%04d" % (R.randint(1000, 9999), R.randint(2019, 2025), R.randint(1, 9999))]), "en", "chat"
    if kind == "jwt_like_fragment":
        return R.choice(["The token starts with eyJ... and is truncated in the logs (req %s)." % rs(LO, 6),
                         "id_token=<redacted>; header prefix was eyJhbGciOi (%s)" % rs(LO, 5),
                         "Authorization: Bearer [REDACTED] trace=%s" % rs(HEX, 8)]), "en", "log"
    if kind == "base64_blob":
        return "data:image/png;base64,%s" % base64.b64encode(b"\x89PNG\r\n\x1a\n" + rbytes(45)).decode(), "en", "html"
    if kind == "email_like_no_domain":
        return R.choice(["Write to %s at our office or use the form." % R.choice(["support", "billing", "the desk"]),
                         "%s@ is missing a domain part" % R.choice(["user", "kontakt", "info"]), "Email: (not provided) ref %s" % rs(LO, 4),
                         "Adres e-mail: brak (%s)" % rs(LO, 4), "mailto: link removed by the filter [%s]" % rs(HEX, 6)]), "en", "form"
    if kind == "masked_values":
        return R.choice(["Card ending in %s, expires 11/27." % rdig(4), "IBAN: DE** **** **** **** **%s %s" % (rdig(2), rdig(2)),
                         "Phone: +49 *** *** **%s" % rdig(2), "SSN: ***-**-%s (masked)" % rdig(4), "Konto •••• %s belastet." % rdig(4)]), "en", "form"
    if kind == "order_id_i18n":
        n = rdig(R.randint(8, 12))
        lg, fr = R.choice(ORDER_I18N)
        return fr.format(n=n), lg, R.choice(["sms", "chat", "email"])
    if kind == "date_price_i18n":
        lg, fr = R.choice(DATE_I18N)
        return fr.format(d=R.randint(1, 28), m=R.randint(1, 12), y=R.randint(2024, 2027), h=R.randint(7, 21),
                         p=R.randint(5, 900), c=R.randint(0, 99)), lg, "chat"
    raise ValueError(kind)


ORDER_I18N = [("th", "คำสั่งซื้อเลขที่ {n} จัดส่งแล้ว"), ("ms", "Pesanan no. {n} telah dihantar."), ("tl", "Naipadala na ang order #{n}."),
              ("fa", "سفارش شماره {n} ارسال شد."), ("sw", "Agizo nambari {n} limetumwa."), ("da", "Ordrenummer {n} er afsendt."),
              ("no", "Ordrenummer {n} er sendt."), ("sk", "Objednávka č. {n} bola odoslaná."), ("hr", "Narudžba br. {n} je poslana."),
              ("it", "L'ordine n. {n} è stato spedito."), ("pt", "A encomenda n.º {n} foi expedida."), ("ar", "تم شحن الطلب رقم {n}."),
              ("hi", "ऑर्डर संख्या {n} भेज दिया गया है।"), ("bn", "অর্ডার নম্বর {n} পাঠানো হয়েছে।"), ("hu", "A(z) {n} számú rendelést feladtuk."),
              ("el", "Η παραγγελία αρ. {n} απεστάλη."), ("he", "הזמנה מספר {n} נשלחה."), ("vi", "Đơn hàng số {n} đã được gửi."),
              ("tr", "{n} numaralı siparişiniz kargoya verildi."), ("ro", "Comanda nr. {n} a fost expediată."),
              ("sv", "Ordernummer {n} har skickats."), ("fi", "Tilausnumero {n} on lähetetty."), ("fr", "Commande n° {n} expédiée."),
              ("es", "El pedido n.º {n} ha salido del almacén."), ("uk", "Замовлення № {n} відправлено."), ("ja", "ご注文番号{n}を発送しました。")]
DATE_I18N = [("th", "นัดวันที่ {d}/{m}/{y} เวลา {h}:00 น. ราคา {p} บาท"), ("ms", "Temu janji pada {d}/{m}/{y}, jam {h}:30. Harga RM{p}.{c}"),
             ("tl", "Ang pulong ay sa {m}/{d}/{y} ng {h}:00. Presyo: ₱{p}.{c}"), ("fa", "جلسه {y}/{m}/{d} ساعت {h}:۰۰"),
             ("sw", "Mkutano tarehe {d}/{m}/{y} saa {h}:00. Bei KSh {p}"), ("da", "Mødet er den {d}.{m}.{y} kl. {h}.00, pris {p},{c} kr."),
             ("no", "Møtet er {d}.{m}.{y} kl. {h}:15. Pris {p},{c} kr"), ("sk", "Stretnutie {d}. {m}. {y} o {h}:00, cena {p},{c} €"),
             ("hr", "Sastanak {d}. {m}. {y}. u {h} sati, cijena {p},{c} €"), ("it", "Appuntamento il {d}/{m}/{y} alle {h}:00, costo {p},{c} €"),
             ("ar", "الموعد {d}/{m}/{y} الساعة {h}:00، السعر {p} درهم"), ("hi", "बैठक {d}/{m}/{y} को {h}:00 बजे, कीमत ₹{p}"),
             ("bn", "সভা {d}/{m}/{y} তারিখে {h}:০০ টায়, দাম ৳{p}"), ("hu", "Időpont: {y}. {m}. {d}. {h}:00, ár: {p} {c}00 Ft"),
             ("el", "Ραντεβού {d}/{m}/{y} στις {h}:00, τιμή {p},{c} €"), ("he", "הפגישה ב-{d}.{m}.{y} בשעה {h}:00, מחיר {p} ₪"),
             ("vi", "Hẹn ngày {d}/{m}/{y} lúc {h}:00, giá {p}.000 đ"), ("tr", "Randevu {d}.{m}.{y} saat {h}:00, fiyat {p},{c} TL"),
             ("ro", "Întâlnire pe {d}.{m}.{y} la ora {h}:00, preț {p},{c} lei"), ("sv", "Mötet är {d}/{m} {y} kl. {h}:00, pris {p} kr"),
             ("fi", "Tapaaminen {d}.{m}.{y} klo {h}.00, hinta {p},{c} €"), ("ko", "{y}년 {m}월 {d}일 {h}시 회의, 가격 {p},000원")]


NEG_KINDS = ["invalid_luhn_card", "invalid_iban_checksum", "nine_digits_no_ssn_context", "ssn_invalid_area", "ssn_zero_group",
             "version_string", "date_time", "order_number", "tracking_number", "invoice_number", "postal_code", "price_amount",
             "mac_address", "hash_digest", "uuid", "placeholder_key", "public_key_block", "ssh_public_key", "certificate_block",
             "prose_at_dot", "social_handle", "product_name", "city_names", "capitalised_sentence_starts", "street_without_number",
             "ipv4_out_of_range", "time_colons", "coordinates", "isbn_reference", "jwt_like_fragment", "base64_blob",
             "email_like_no_domain", "masked_values", "order_id_i18n", "date_price_i18n"]

LANG_MARKERS = [
    ("ko", r"[\uac00-\ud7af]"), ("ja", r"[\u3040-\u30ff]"), ("zh", r"[\u4e00-\u9fff]"), ("uk", r"[\u0400-\u04ff]"),
    ("de", r"\b(Die Baustelle|Die neue|Karte|Das Konto|Bestell|Sendungs|Die |Termin|Wir liefern|Zugverbindung|Wichtige|Er war|Konto|Bosch)"),
    ("pl", r"\b(Ten numer|Wersja|Zamówienie|Faktura|Kod pocztowy|Cena|Kupiłam|Napisz|Na ulicy|Zgłoszenie|Adres e-mail)"),
    ("es", r"\b(Factura|La calle)"), ("it", r"\bIl mercato"), ("nl", r"\b(Er is|Wij rijden|aan het sorteren|van mijn zus)"),
    ("pt", r"\b(CEP|Preço)\b"), ("ms", r"\b(Kami|Harga)\b"), ("cs", r"Schůzka"), ("es", r"\bVuelo\b"),
    ("pl", r"\bSpotkanie\b"), ("nl", r"\b(Vergadering|Mijn)\b"),
]


def guess_lang(t):
    for lg, rx in LANG_MARKERS:
        if re.search(rx, t):
            return lg
    return "en"

# ---------------------------------------------------------------- checks

RX_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+\s*(@|＠|\[at\]|\(at\))\s*[A-Za-z0-9-]+(\.|\[\.\]|\s*\[dot\]\s*)[A-Za-z]{2,}")
RX_DIGRUN = re.compile(r"(?<![\w.])(?:\d[ \-\u00a0\u2009]?){12,18}\d(?![\w])")
RX_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ \u00a0-]?[A-Z0-9]{4}){2,7}(?:[ \u00a0-]?[A-Z0-9]{1,4})?\b")
RX_IPV4 = re.compile(r"(?<![\d.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?![\d])")
RX_SECRET = re.compile(r"(sk-ant-api03-[A-Za-z0-9_-]{20,}|T3BlbkFJ|\b(?:AKIA|ASIA)[A-Z2-7]{16}\b|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,}"
                       r"|eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}|PRIVATE KEY-----)")
RX_BEARER = re.compile(r"Bearer\s+([A-Za-z0-9._~+/=-]{16,})")
RX_PLUSPHONE = re.compile(r"(\+|\b00)\d{1,3}[ \-\u00a0(]*\d[\d \-\u00a0()]{6,}\d")
RX_SSNCTX = re.compile(r"(?i)(ssn|social security)")
RX_SSN = re.compile(r"(?<!\d)(\d{3})[- .]?(\d{2})[- .]?(\d{4})(?!\d)")


def forbidden_ipv4_anywhere(t):
    for m in RX_IPV4.finditer(t.replace("[.]", ".")):
        o = tuple(int(x) for x in m.groups())
        if all(x <= 255 for x in o):
            a, b, c, d = o
            if a in (0, 127) or a == 255 or (a, b, c) in ((192, 0, 2), (198, 51, 100), (203, 0, 113)) or o == (0, 0, 0, 0):
                return True
    return False


def unlabelled_findings(t):
    """crude scan for anything that looks like a value in text where labels have been masked"""
    hits = []
    if RX_EMAIL.search(t):
        hits.append("email")
    for m in RX_DIGRUN.finditer(t):
        if luhn_ok(re.sub(r"\D", "", m.group(0))):
            hits.append("card")
    for m in RX_IBAN.finditer(t):
        if iban_ok(re.sub(r"[ \u00a0-]", "", m.group(0))):
            hits.append("iban")
    for m in RX_IPV4.finditer(t.replace("[.]", ".")):
        if all(int(x) <= 255 for x in m.groups()):
            hits.append("ipv4")
    for m in RX_SECRET.finditer(t):
        body = re.sub(r"^(AKIA|ASIA|gh[pousr]_)", "", m.group(0))
        if len(set(body)) <= 2 and len(body) >= 16:
            continue  # placeholder like AKIAXXXXXXXXXXXXXXXX / ghp_xxxx...: a look-alike, not a value
        hits.append("secret:" + m.group(0)[:12])
    for m in RX_BEARER.finditer(t):
        tok = m.group(1)
        if any(c.isdigit() for c in tok) and tok.upper() != tok:
            hits.append("bearer")
    if RX_PLUSPHONE.search(t):
        hits.append("phone")
    if RX_SSNCTX.search(t):
        for m in RX_SSN.finditer(t):
            a, g, s = (int(x) for x in m.groups())
            if ssn_ok(a, g, s):
                hits.append("ssn")
    low = t
    for _, n, _f in NAMES:
        if n in low:
            hits.append("name")
    for _, n in MIDDLE + CAPS:
        if n in low:
            hits.append("name")
    for _, tpl, _f in STREETS:
        stem = re.escape(tpl.split("{")[0].strip()) if not tpl.startswith("{") else None
        if stem and re.search(stem + r"[ ,]*\d", t):
            hits.append("street")
        if tpl.startswith("{"):
            tail = re.escape(tpl.split("}", 1)[1].strip())
            if re.search(r"\d+[, ]*(bis )?" + tail, t):
                hits.append("street")
    return hits


def value_checks(l):
    d, v = l["detector"], l["value"]
    if d == "credit_card":
        dd = digits_only(v)
        return luhn_ok(dd) and 13 <= len(dd) <= 19 and dd != "4111111111111111"
    if d == "iban":
        s = re.sub(r"[ \u00a0-]", "", v).upper()
        return iban_ok(s) and IBAN_LEN.get(s[:2]) == len(s)
    if d == "ssn":
        dd = digits_only(v)
        return len(dd) == 9 and ssn_ok(int(dd[:3]), int(dd[3:5]), int(dd[5:]))
    if d == "ipv4":
        o = tuple(int(x) for x in v.replace("[.]", ".").split("."))
        return len(o) == 4 and ipv4_allowed(o)
    if d == "ipv6":
        return not v.lower().startswith("2001:db8") and v not in ("::1", "::") and "%" not in v and "/" not in v and "[" not in v
    if d == "aws_access_key":
        return re.fullmatch(r"(AKIA|ASIA)[A-Z2-7]{16}", v) is not None
    if d == "anthropic_key":
        return len(v) == 108 and v.startswith("sk-ant-api03-") and v.endswith("AA")
    if d == "openai_key":
        return "T3BlbkFJ" in v and v.startswith("sk-")
    if d == "github_token":
        return re.fullmatch(r"gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}", v) is not None
    if d == "jwt":
        h = v.split(".")[0]
        hj = json.loads(base64.urlsafe_b64decode(h + "=" * (-len(h) % 4)))
        return v.count(".") == 2 and hj.get("alg") in ("HS256", "RS256", "ES256", "HS512")
    if d == "bearer_token":
        return len(v) >= 16 and any(c.isdigit() for c in v) and not v.startswith("eyJ")
    if d == "private_key":
        return v.startswith("-----BEGIN") and v.endswith("PRIVATE KEY-----")
    if d == "phone":
        return len(digits_only(v)) >= 8
    return True


def check(text, labels):
    for f in FORBIDDEN:
        if f in text:
            return "forbidden sample value"
    if forbidden_ipv4_anywhere(text):
        return "forbidden ipv4"
    if "255.255." in text:
        return "netmask"
    spans = []
    distinct = []
    for l in labels:
        if l["value"] not in distinct:
            distinct.append(l["value"])
    for v in distinct:
        n_lab = sum(1 for l in labels if l["value"] == v)
        if v not in text:
            return "not substring"
        occ = [m.start() for m in re.finditer("(?=%s)" % re.escape(v), text)]
        if len(occ) != n_lab:
            return "count mismatch %d/%d" % (len(occ), n_lab)
        spans += [(s, s + len(v)) for s in occ]
    spans.sort()
    for a, b in zip(spans, spans[1:]):
        if b[0] < a[1]:
            return "overlap"
    for l in labels:
        try:
            if not value_checks(l):
                return "value check %s" % l["detector"]
        except Exception as e:  # noqa
            return "value check error %s" % e
    masked = text
    for v in sorted(distinct, key=len, reverse=True):
        masked = masked.replace(v, " \u2063 ")
    h = unlabelled_findings(masked)
    if h:
        return "unlabelled: " + ",".join(h)
    return None

# ---------------------------------------------------------------- main

DETECTORS = ["email", "phone", "credit_card", "ssn", "iban", "ipv4", "ipv6", "openai_key", "anthropic_key", "aws_access_key",
             "github_token", "jwt", "bearer_token", "private_key", "person_name", "street_address"]
PER_DET = {"email": 95, "phone": 110, "credit_card": 85, "ssn": 70, "iban": 90, "ipv4": 80, "ipv6": 70, "openai_key": 60,
           "anthropic_key": 55, "aws_access_key": 60, "github_token": 60, "jwt": 65, "bearer_token": 70, "private_key": 70,
           "person_name": 110, "street_address": 100}
N_MULTI = 275
N_NEG = 950


def main():
    out, rejects = [], {}

    def accept(t, labels, lang, form, ctx):
        why = check(t, labels)
        if why:
            rejects[why.split(":")[0]] = rejects.get(why.split(":")[0], 0) + 1
            if os.environ.get("HELDOUT7_VERBOSE"):
                print("REJECT", why, repr(t[:160]))
            return False
        out.append({"text": t, "labels": labels, "lang": lang, "form": form, "context": ctx})
        return True

    for det in DETECTORS:
        i = 0
        while i < PER_DET[det]:
            if accept(*single(det, i)):
                i += 1
    for k in range(N_MULTI):
        while not accept(*multi(LAYOUTS[k % len(LAYOUTS)])):
            pass
    for k in range(N_NEG):
        kind = NEG_KINDS[k % len(NEG_KINDS)]
        while True:
            t, lg, ctx = neg(kind)
            lg = lg if kind in ("order_id_i18n", "date_price_i18n") else guess_lang(t)
            if accept(t, [], lg, kind, ctx):
                break
    R.shuffle(out)
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "heldout7.jsonl")
    data = "".join(json.dumps(o, ensure_ascii=False, sort_keys=False) + "\n" for o in out).encode("utf-8")
    with open(path, "wb") as fh:
        fh.write(data)
    print("samples:", len(out))
    print("sha256:", hashlib.sha256(data).hexdigest())
    if os.environ.get("HELDOUT7_VERBOSE"):
        print("rejects:", sorted(rejects.items()))


if __name__ == "__main__":
    main()
