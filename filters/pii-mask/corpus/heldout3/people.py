"""Phones (national numbering plans), names, e-mail addresses and street lines per language.

Numbers are random inside the published plan of each country (area/mobile prefixes, digit
counts, the usual separators); names are random pairs from short lists of common names.
"""

from values import digits, rs, NBSP
import string


def _d(rng, n):
    return digits(rng, n)


# ---------------------------------------------------------------- phones

def phone_us(rng):
    area = str(rng.randint(2, 9)) + _d(rng, 2)
    exch = str(rng.randint(2, 9)) + _d(rng, 2)
    line = _d(rng, 4)
    f = rng.choice(["paren", "dash", "dot", "intl_space", "intl_dash", "one_dash", "paren_intl", "ext"])
    if f == "paren":
        return f"({area}) {exch}-{line}", "us_paren"
    if f == "dash":
        return f"{area}-{exch}-{line}", "us_dash"
    if f == "dot":
        return f"{area}.{exch}.{line}", "us_dot"
    if f == "intl_space":
        return f"+1 {area} {exch} {line}", "us_intl"
    if f == "intl_dash":
        return f"+1-{area}-{exch}-{line}", "us_intl"
    if f == "one_dash":
        return f"1-{area}-{exch}-{line}", "us_trunk1"
    if f == "paren_intl":
        return f"+1 ({area}) {exch}-{line}", "us_intl_paren"
    ext = rng.choice([" ext. ", " x", " ext "]) + str(rng.randint(10, 9999))
    return f"({area}) {exch}-{line}{ext}", "us_ext"


def phone_uk(rng):
    f = rng.choice(["london", "london_intl", "intl0", "mobile", "mobile_intl", "city"])
    if f == "london":
        return f"020 {rng.choice('378')}{_d(rng, 3)} {_d(rng, 4)}", "uk_national"
    if f == "london_intl":
        return f"+44 20 {rng.choice('378')}{_d(rng, 3)} {_d(rng, 4)}", "uk_intl"
    if f == "intl0":
        return f"+44 (0)20 {rng.choice('378')}{_d(rng, 3)} {_d(rng, 4)}", "uk_intl_0"
    if f == "mobile":
        return f"07{rng.choice('4579')}{_d(rng, 2)} {_d(rng, 6)}", "uk_mobile"
    if f == "mobile_intl":
        return f"+44 7{rng.choice('4579')}{_d(rng, 2)} {_d(rng, 6)}", "uk_mobile_intl"
    code = rng.choice(["0161", "0121", "0113", "0117", "0131", "0141", "0151"])
    return f"{code} {_d(rng, 3)} {_d(rng, 4)}", "uk_national"


def phone_de(rng):
    city = rng.choice([("30", 8), ("40", 8), ("89", 7), ("221", 7), ("69", 8), ("211", 7), ("711", 7), ("351", 7), ("511", 7)])
    code, n = city
    mob = rng.choice(["151", "152", "160", "170", "171", "172", "175", "176", "157", "162"])
    f = rng.choice(["nat", "slash", "slash_sp", "intl", "mobile", "mobile_intl", "din_ext", "paren", "mobile_dash"])
    if f == "nat":
        return f"0{code} {_d(rng, n)}", "de_national"
    if f == "slash":
        return f"0{code}/{_d(rng, n)}", "de_slash"
    if f == "slash_sp":
        return f"0{code} / {_d(rng, n)}", "de_slash"
    if f == "intl":
        return f"+49 {code} {_d(rng, n)}", "de_intl"
    if f == "mobile":
        return f"0{mob} {_d(rng, 8)}", "de_mobile"
    if f == "mobile_dash":
        return f"0{mob}-{_d(rng, 7)}", "de_mobile"
    if f == "mobile_intl":
        return f"+49 {mob} {_d(rng, 8)}", "de_mobile_intl"
    if f == "paren":
        return f"(0{code}) {_d(rng, n)}", "de_paren"
    return f"0{code} {_d(rng, n - 2)}-{_d(rng, 2)}", "de_din_ext"


def phone_at(rng):
    f = rng.choice(["nat", "intl", "mobile"])
    if f == "nat":
        return f"01 {_d(rng, 3)} {_d(rng, 4)}", "at_national"
    if f == "intl":
        return f"+43 1 {_d(rng, 7)}", "at_intl"
    return f"+43 6{rng.choice('5678')}{_d(rng, 1)} {_d(rng, 7)}", "at_mobile_intl"


def phone_ch(rng):
    code = rng.choice(["44", "43", "31", "61", "21", "22"])
    mob = rng.choice(["76", "77", "78", "79"])
    if rng.random() < 0.5:
        return f"0{code} {_d(rng, 3)} {_d(rng, 2)} {_d(rng, 2)}", "ch_national"
    return f"+41 {mob} {_d(rng, 3)} {_d(rng, 2)} {_d(rng, 2)}", "ch_intl"


def _pairs(rng, k):
    return " ".join(_d(rng, 2) for _ in range(k))


def phone_fr(rng):
    lead = rng.choice(["1", "2", "3", "4", "5", "6", "6", "7", "9"])
    f = rng.choice(["spaced", "spaced", "dotted", "intl", "intl0", "compact", "dashed", "nbsp"])
    if f == "spaced":
        return f"0{lead} {_pairs(rng, 4)}", "fr_spaced"
    if f == "nbsp":
        return NBSP.join([f"0{lead}"] + [_d(rng, 2) for _ in range(4)]), "fr_nbsp"
    if f == "dotted":
        return ".".join([f"0{lead}"] + [_d(rng, 2) for _ in range(4)]), "fr_dotted"
    if f == "dashed":
        return "-".join([f"0{lead}"] + [_d(rng, 2) for _ in range(4)]), "fr_dashed"
    if f == "intl":
        return f"+33 {lead} {_pairs(rng, 4)}", "fr_intl"
    if f == "intl0":
        return f"+33 (0){lead} {_pairs(rng, 4)}", "fr_intl_0"
    return f"0{lead}{_d(rng, 8)}", "fr_compact"


def phone_be(rng):
    if rng.random() < 0.5:
        return f"04{rng.choice('6789')}{_d(rng, 1)} {_d(rng, 2)} {_d(rng, 2)} {_d(rng, 2)}", "be_mobile"
    return f"+32 2 {_d(rng, 3)} {_d(rng, 2)} {_d(rng, 2)}", "be_intl"


def phone_es(rng):
    mob = rng.choice("67") + _d(rng, 2)
    land = rng.choice(["91", "93", "96", "95", "94", "98"])
    f = rng.choice(["mob3", "mob3", "mob_pairs", "land", "intl_mob", "intl_land", "compact_intl"])
    if f == "mob3":
        return f"{mob} {_d(rng, 3)} {_d(rng, 3)}", "es_mobile"
    if f == "mob_pairs":
        return f"{mob} {_d(rng, 2)} {_d(rng, 2)} {_d(rng, 2)}", "es_mobile_pairs"
    if f == "land":
        return f"{land} {_d(rng, 3)} {_d(rng, 2)} {_d(rng, 2)}", "es_landline"
    if f == "intl_mob":
        return f"+34 {mob} {_d(rng, 3)} {_d(rng, 3)}", "es_intl"
    if f == "intl_land":
        return f"+34 {land} {_d(rng, 3)} {_d(rng, 2)} {_d(rng, 2)}", "es_intl"
    return f"+34{mob}{_d(rng, 6)}", "e164_compact"


def phone_it(rng):
    mob = "3" + rng.choice(["20", "28", "33", "35", "39", "40", "45", "47", "49", "66", "80", "88", "92"])
    land = rng.choice(["06", "02", "011", "055", "081", "051", "041"])
    f = rng.choice(["mob", "mob", "mob_compact", "land", "intl_mob", "intl_land", "mob_dot"])
    if f == "mob":
        return f"{mob} {_d(rng, 3)} {_d(rng, 4)}", "it_mobile"
    if f == "mob_compact":
        return f"{mob} {_d(rng, 7)}", "it_mobile"
    if f == "mob_dot":
        return f"{mob}.{_d(rng, 7)}", "it_mobile_dot"
    if f == "land":
        return f"{land} {_d(rng, 4)} {_d(rng, 4 if len(land) == 2 else 3)}", "it_landline"
    if f == "intl_mob":
        return f"+39 {mob} {_d(rng, 3)} {_d(rng, 4)}", "it_intl"
    return f"+39 {land} {_d(rng, 4)} {_d(rng, 4 if len(land) == 2 else 3)}", "it_intl"


def phone_pt(rng):
    mob = "9" + rng.choice("1236")
    f = rng.choice(["mob", "mob", "land", "intl_mob", "intl_land"])
    if f == "mob":
        return f"{mob}{_d(rng, 1)} {_d(rng, 3)} {_d(rng, 3)}", "pt_mobile"
    if f == "land":
        return f"2{rng.choice('12')} {_d(rng, 3)} {_d(rng, 4)}", "pt_landline"
    if f == "intl_mob":
        return f"+351 {mob}{_d(rng, 1)} {_d(rng, 3)} {_d(rng, 3)}", "pt_intl"
    return f"+351 2{rng.choice('12')} {_d(rng, 3)} {_d(rng, 4)}", "pt_intl"


def phone_br(rng):
    ddd = rng.choice(["11", "21", "31", "41", "51", "61", "71", "81"])
    if rng.random() < 0.5:
        return f"({ddd}) 9{_d(rng, 4)}-{_d(rng, 4)}", "br_mobile"
    return f"+55 {ddd} 9{_d(rng, 4)}-{_d(rng, 4)}", "br_intl"


def phone_nl(rng):
    city = rng.choice([("20", 7), ("10", 7), ("70", 7), ("30", 7), ("40", 7), ("50", 7)])
    f = rng.choice(["mob_sp", "mob_dash", "mob_compact", "land_sp", "land_dash", "intl_mob", "intl_land"])
    if f == "mob_sp":
        return f"06 {_d(rng, 8)}", "nl_mobile"
    if f == "mob_dash":
        return f"06-{_d(rng, 8)}", "nl_mobile"
    if f == "mob_compact":
        return f"06{_d(rng, 8)}", "nl_mobile_compact"
    if f == "land_sp":
        return f"0{city[0]} {_d(rng, 3)} {_d(rng, 4)}", "nl_landline"
    if f == "land_dash":
        return f"0{city[0]}-{_d(rng, 7)}", "nl_landline"
    if f == "intl_mob":
        return f"+31 6 {_d(rng, 8)}", "nl_intl"
    return f"+31 {city[0]} {_d(rng, 3)} {_d(rng, 4)}", "nl_intl"


def phone_pl(rng):
    mob = rng.choice("5678") + _d(rng, 2)
    f = rng.choice(["mob", "mob", "mob_dash", "intl", "land", "intl_land"])
    if f == "mob":
        return f"{mob} {_d(rng, 3)} {_d(rng, 3)}", "pl_mobile"
    if f == "mob_dash":
        return f"{mob}-{_d(rng, 3)}-{_d(rng, 3)}", "pl_mobile_dash"
    if f == "intl":
        return f"+48 {mob} {_d(rng, 3)} {_d(rng, 3)}", "pl_intl"
    code = rng.choice(["22", "12", "61", "71", "58"])
    if f == "land":
        return f"{code} {_d(rng, 3)} {_d(rng, 2)} {_d(rng, 2)}", "pl_landline"
    return f"+48 {code} {_d(rng, 3)} {_d(rng, 2)} {_d(rng, 2)}", "pl_intl"


def phone_se(rng):
    f = rng.choice(["mob", "mob", "sthlm", "intl_mob", "gbg"])
    mob = "07" + rng.choice("02369")
    if f == "mob":
        return f"{mob}-{_d(rng, 3)} {_d(rng, 2)} {_d(rng, 2)}", "se_mobile"
    if f == "sthlm":
        return f"08-{_d(rng, 3)} {_d(rng, 3)} {_d(rng, 2)}", "se_landline"
    if f == "gbg":
        return f"031-{_d(rng, 2)} {_d(rng, 2)} {_d(rng, 3)}", "se_landline"
    return f"+46 {mob[1:]} {_d(rng, 3)} {_d(rng, 2)} {_d(rng, 2)}", "se_intl"


def phone_tr(rng):
    mob = "5" + rng.choice(["30", "32", "33", "35", "42", "44", "05", "06", "52"])
    f = rng.choice(["mob", "mob", "paren", "intl", "land"])
    if f == "mob":
        return f"0{mob} {_d(rng, 3)} {_d(rng, 2)} {_d(rng, 2)}", "tr_mobile"
    if f == "paren":
        return f"(0{rng.choice(['212', '216', '312', '232'])}) {_d(rng, 3)} {_d(rng, 2)} {_d(rng, 2)}", "tr_landline"
    if f == "intl":
        return f"+90 {mob} {_d(rng, 3)} {_d(rng, 2)} {_d(rng, 2)}", "tr_intl"
    return f"0{rng.choice(['212', '216', '312', '232'])} {_d(rng, 3)} {_d(rng, 2)} {_d(rng, 2)}", "tr_landline"


PHONES_BY_LANG = {
    "en": [(phone_us, 6), (phone_uk, 4)],
    "de": [(phone_de, 8), (phone_at, 1), (phone_ch, 1)],
    "fr": [(phone_fr, 8), (phone_be, 1), (phone_ch, 1)],
    "es": [(phone_es, 9), (phone_us, 1)],
    "it": [(phone_it, 9), (phone_ch, 1)],
    "pt": [(phone_pt, 6), (phone_br, 4)],
    "nl": [(phone_nl, 8), (phone_be, 2)],
    "pl": [(phone_pl, 1)],
    "sv": [(phone_se, 1)],
    "tr": [(phone_tr, 1)],
}


def phone(rng, lang):
    fns = PHONES_BY_LANG[lang]
    fn = rng.choices([f for f, _ in fns], [w for _, w in fns])[0]
    return fn(rng)


# ---------------------------------------------------------------- names

GIVEN = {
    "en": "James Emily Oliver Sophie Michael Hannah Daniel Chloe Ryan Grace Thomas Olivia Nathan Megan Jack Laura Samuel Rachel Ethan Amy".split(),
    "de": "Lukas Anna Jonas Lea Felix Marie Maximilian Sophie Tobias Katharina Florian Julia Matthias Sabine Stefan Claudia Jürgen Birgit Niklas Lena".split(),
    "fr": "Camille Louis Chloé Hugo Léa Julien Manon Mathieu Élodie Nicolas Inès Antoine Margaux Théo Céline Guillaume Aurélie François Pauline Baptiste".split(),
    "es": "Lucía Javier Carmen Alejandro Marta Pablo Laura Sergio Elena Álvaro Paula Diego Nerea Raúl Cristina Iván Sofía Andrés Beatriz Rubén".split(),
    "it": "Giulia Marco Francesca Alessandro Chiara Luca Valentina Matteo Federica Lorenzo Elisa Davide Martina Simone Sara Andrea Silvia Riccardo Alessia Stefano".split(),
    "pt": "João Inês Tiago Beatriz Rui Mariana Pedro Catarina Duarte Leonor Gonçalo Rita Miguel Joana Rafael Sofia Bruno Carolina Diogo Ana".split(),
    "nl": "Daan Sanne Bram Fleur Thijs Lotte Sem Noor Ruben Femke Jeroen Anouk Lars Iris Joost Maaike Stijn Eva Koen Lieke".split(),
    "pl": "Jakub Zofia Kacper Julia Szymon Maja Mateusz Aleksandra Piotr Katarzyna Tomasz Agnieszka Paweł Magdalena Michał Natalia Wojciech Karolina".split(),
    "sv": "Erik Astrid Lars Ingrid Oskar Elsa Johan Maja Anders Karin Nils Linnea Gustav Sofia Henrik Frida Mattias Ebba".split(),
    "tr": "Mehmet Ayşe Emre Zeynep Burak Elif Can Merve Murat Fatma Oğuz Selin Kerem Büşra Hakan Derya Cem Esra".split(),
}
SURNAME = {
    "en": "Carter Bennett Hughes Walsh Turner Parker Collins Foster Hayes Morgan Reed Palmer Fletcher Murphy Ward Brooks Griffin Barnes Ellis Shaw".split(),
    "de": "Schneider Fischer Weber Wagner Becker Hoffmann Schäfer Koch Richter Klein Wolf Neumann Schwarz Zimmermann Krüger Hartmann Lange Werner Krause Lehmann".split(),
    "fr": "Martin Bernard Dubois Lefebvre Moreau Laurent Girard Roux Fournier Lambert Fontaine Rousseau Chevalier Gauthier Mercier Faure Blanchard Garnier Perrin Lemoine".split(),
    "es": "García Fernández López Martínez Sánchez Pérez Gómez Ruiz Hernández Jiménez Díaz Moreno Álvarez Romero Navarro Torres Domínguez Vázquez Ramos Castillo".split(),
    "it": "Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo Conti De\u00a0Luca Costa Giordano Mancini Rizzo Lombardi Moretti".replace("\u00a0", "_").split(),
    "pt": "Silva Santos Ferreira Pereira Oliveira Costa Rodrigues Martins Jesus Sousa Fernandes Gonçalves Gomes Lopes Marques Alves Almeida Ribeiro Pinto Carvalho".split(),
    "nl": "de_Jong Jansen de_Vries van_den_Berg van_Dijk Bakker Visser Smit Meijer de_Boer Mulder de_Groot Bos Vos Peters Hendriks van_Leeuwen Dekker Brouwer de_Wit".split(),
    "pl": "Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński Szymański Woźniak Dąbrowski Kozłowski Jankowski Mazur Krawczyk".split(),
    "sv": "Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson Gustafsson Pettersson Jonsson Lindberg Lindqvist Berg".split(),
    "tr": "Yılmaz Kaya Demir Şahin Çelik Yıldız Yıldırım Öztürk Aydın Özdemir Arslan Doğan Kılıç Aslan Çetin Kara".split(),
}

POLISH_FEM = {"Kowalski": "Kowalska", "Wiśniewski": "Wiśniewska", "Kamiński": "Kamińska", "Lewandowski": "Lewandowska",
              "Zieliński": "Zielińska", "Szymański": "Szymańska", "Dąbrowski": "Dąbrowska", "Kozłowski": "Kozłowska",
              "Jankowski": "Jankowska"}
PL_FEM_GIVEN = {"Zofia", "Julia", "Maja", "Aleksandra", "Katarzyna", "Agnieszka", "Magdalena", "Natalia", "Karolina"}


def person(rng, lang):
    g = rng.choice(GIVEN[lang])
    s = rng.choice(SURNAME[lang]).replace("_", " ")
    if lang == "pl" and g in PL_FEM_GIVEN:
        s = POLISH_FEM.get(s, s)
    return g, s


ASCII_MAP = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "é": "e", "è": "e", "ê": "e",
                           "É": "e", "á": "a", "à": "a", "í": "i", "ó": "o", "ú": "u", "ñ": "n",
                           "ç": "c", "ã": "a", "õ": "o", "â": "a", "ô": "o", "Á": "a", "ł": "l",
                           "ś": "s", "ź": "z", "ż": "z", "ć": "c", "ń": "n", "ą": "a", "ę": "e",
                           "ı": "i", "ş": "s", "ğ": "g", "Ş": "s", "Ç": "c", "Ö": "o", "Ü": "u",
                           "ë": "e", "ï": "i", " ": ""})

MAIL_DOMAINS = {
    "en": ["gmail.com", "outlook.com", "yahoo.co.uk", "icloud.com", "hotmail.com", "protonmail.com"],
    "de": ["web.de", "gmx.de", "t-online.de", "gmx.at", "bluewin.ch", "posteo.de", "gmail.com"],
    "fr": ["orange.fr", "free.fr", "laposte.net", "sfr.fr", "gmail.com", "yahoo.fr", "skynet.be"],
    "es": ["gmail.com", "hotmail.es", "yahoo.es", "telefonica.net", "outlook.es"],
    "it": ["libero.it", "gmail.com", "virgilio.it", "alice.it", "tiscali.it", "hotmail.it"],
    "pt": ["sapo.pt", "gmail.com", "hotmail.com", "uol.com.br", "outlook.pt"],
    "nl": ["ziggo.nl", "kpnmail.nl", "gmail.com", "hotmail.nl", "telenet.be", "xs4all.nl"],
    "pl": ["wp.pl", "onet.pl", "o2.pl", "interia.pl", "gmail.com"],
    "sv": ["telia.com", "gmail.com", "hotmail.se", "bredband.net", "outlook.com"],
    "tr": ["gmail.com", "hotmail.com", "yandex.com.tr", "outlook.com"],
}
WORK_DOMAINS = ["acme-logistics.com", "nordwind-gmbh.de", "example.com", "example.org", "brightpath.io",
                "sales.meridian-group.eu", "support.kettle.app", "mail.fabrikat.de", "studio-lumiere.fr",
                "grupo-alba.es", "officina-verde.it", "lojadobairro.com.br", "deltabouw.nl", "hansa-versand.de",
                "eng.stackwell.dev", "hr.polaris-holding.co.uk", "contoso.net", "bureau-dupont.be"]
IDN_LOCAL = {"de": ["jürgen", "björn", "müller.anna", "gärtnerei", "grüße"], "fr": ["hélène", "rené.faure", "françois"],
             "es": ["josé.núñez", "peña"], "sv": ["åsa.berg", "örjan"], "tr": ["çağrı", "gökhan.öz"],
             "pl": ["łukasz.nowak"], "pt": ["joão.simões"], "it": ["niccolò"], "nl": ["zoë"], "en": ["zoë"]}
IDN_DOMAINS = ["bücher-haus.de", "müller-bau.de", "café-lumière.fr", "españa-viajes.es", "örebro-it.se"]


def email(rng, lang, g=None, s=None):
    if g is None:
        g, s = person(rng, lang)
    gl, sl = g.lower().translate(ASCII_MAP), s.lower().translate(ASCII_MAP)
    style = rng.choices(["first.last", "initial", "handle", "plus", "work", "idn", "upper", "sub"],
                        [30, 12, 15, 8, 18, 6, 4, 7])[0]
    if style == "first.last":
        return f"{gl}.{sl}@{rng.choice(MAIL_DOMAINS[lang])}", "dotted"
    if style == "initial":
        return f"{gl[0]}{sl}{rng.choice(['', str(rng.randint(1, 99)), '_' + str(rng.randint(70, 99))])}@{rng.choice(MAIL_DOMAINS[lang])}", "plain"
    if style == "handle":
        return f"{sl}{gl[:3]}{rng.randint(1, 2005)}@{rng.choice(MAIL_DOMAINS[lang])}", "plain"
    if style == "plus":
        return f"{gl}+{rng.choice(['shop', 'news', 'bank', 'github', 'promo2024'])}@{rng.choice(MAIL_DOMAINS[lang])}", "plus"
    if style == "work":
        return f"{rng.choice([gl + '.' + sl, gl[0] + '.' + sl, gl, sl])}@{rng.choice(WORK_DOMAINS)}", "work"
    if style == "idn":
        if rng.random() < 0.6:
            return f"{rng.choice(IDN_LOCAL[lang])}@{rng.choice(MAIL_DOMAINS[lang])}", "idn_local"
        return f"{rng.choice(['info', 'kontakt', gl, 'service'])}@{rng.choice(IDN_DOMAINS)}", "idn_domain"
    if style == "upper":
        return f"{g.translate(ASCII_MAP)}.{s.translate(ASCII_MAP)}@{rng.choice(WORK_DOMAINS)}".replace(" ", ""), "mixed_case"
    return f"{gl}.{sl}@{rng.choice(['mail', 'eu', 'staff', 'students'])}.{rng.choice(['uni-example.de', 'corp-example.com', 'hogeschool.nl', 'univ-lyon.example.fr'])}", "subdomain"


# ---------------------------------------------------------------- street lines

EN_STREETS = "Maple Oak Cedar Willow Highland Lakeview Park Sunset Chestnut Walnut Church Mill Station Elm Pine Washington Franklin Jefferson".split()
EN_TYPES = ["Street", "St", "St.", "Avenue", "Ave", "Road", "Rd.", "Drive", "Dr", "Lane", "Boulevard", "Blvd", "Court", "Place", "Way"]
UK_STREETS = "Victoria Albert Queen's Station Church Mill Kingsway Holloway Granby Ashford Fairfield Brook".split()
UK_TYPES = ["Road", "Street", "Lane", "Close", "Crescent", "Gardens", "Terrace", "Grove", "Mews"]
DE_STEMS = "Goethe Schiller Linden Berg Bahnhof Garten Kirch Mühlen Wald Rosen Lessing Eichen Feld Schul Tal Birken".split()
DE_TYPES = ["straße", "str.", "weg", "gasse", "allee", "ring", "platz"]
FR_NAMES = ["des Lilas", "de la République", "Victor Hugo", "du Général Leclerc", "des Écoles", "Jean Jaurès",
            "de la Gare", "du Moulin", "Pasteur", "des Tanneurs", "Émile Zola", "de Paris", "du Faubourg Saint-Antoine"]
FR_TYPES = ["rue", "avenue", "boulevard", "av.", "bd", "allée", "impasse", "place", "chemin", "quai"]
ES_NAMES = ["de Alcalá", "Mayor", "del Carmen", "de la Paz", "San Vicente", "de Goya", "Real", "de Cervantes",
            "del Sol", "de la Constitución", "de Andalucía", "Serrano", "de Atocha"]
ES_TYPES = ["Calle", "Avenida", "Av.", "C/", "Paseo", "Plaza", "Ronda", "Camino"]
IT_NAMES = ["Giuseppe Garibaldi", "Roma", "Dante Alighieri", "dei Mille", "Cavour", "Mazzini", "della Repubblica",
            "Vittorio Emanuele II", "XX Settembre", "dei Fiori", "Manzoni", "San Francesco"]
IT_TYPES = ["Via", "Viale", "Corso", "Piazza", "Piazzale", "Vicolo", "via"]
PT_NAMES = ["Augusta", "da Liberdade", "do Carmo", "de Santa Catarina", "da Prata", "Paulista", "das Flores",
            "Dom Pedro V", "Almirante Reis", "da República", "de São Bento"]
PT_TYPES = ["Rua", "Avenida", "Av.", "Travessa", "Largo", "Praça", "R."]
NL_STEMS = "Kerk Molen Dorps School Stations Hoofd Linden Beuken Wilhelmina Juliana Tuin Prinsen Keizers Heren Bloem".split()
NL_TYPES = ["straat", "weg", "laan", "gracht", "plein", "dijk", "singel", "kade"]
PL_NAMES = ["Marszałkowska", "Długa", "Kwiatowa", "Piłsudskiego", "Mickiewicza", "Floriańska", "Słowackiego",
            "Polna", "Lipowa", "Ogrodowa", "Jana Pawła II", "Grunwaldzka"]
SV_STEMS = "Drottning Kungs Stor Skol Kyrk Park Sjö Björk Ek Linné Vasa Strand".split()
SV_TYPES = ["gatan", "vägen", "gränd", "torget", "stigen", "allén"]
TR_NAMES = ["Atatürk", "İstiklal", "Cumhuriyet", "Bağdat", "Gazi Mustafa Kemal", "Mimar Sinan", "Fevzi Çakmak", "Barbaros"]
TR_TYPES = ["Caddesi", "Cad.", "Sokak", "Sok.", "Bulvarı", "Blv."]


def street(rng, lang):
    r = rng.random
    hn = str(rng.randint(1, 199))
    if lang == "en":
        if r() < 0.3:
            if r() < 0.5:
                return f"Flat {rng.randint(1, 12)}, {hn} {rng.choice(UK_STREETS)} {rng.choice(UK_TYPES)}", "uk_flat"
            return f"{hn} {rng.choice(UK_STREETS)} {rng.choice(UK_TYPES)}", "uk"
        num = str(rng.randint(10, 9899))
        d = rng.choice(["", "", "", "N. ", "S. ", "W. ", "E. ", "North ", "West "])
        name = rng.choice(EN_STREETS) if r() < 0.8 else f"{rng.randint(2, 99)}th"
        tail = rng.choice(["", "", "", ", Apt 4B", ", Suite 210", " #12", ", Unit 7"])
        return f"{num} {d}{name} {rng.choice(EN_TYPES)}{tail}", "us"
    if lang == "de":
        c = r()
        hn = hn + rng.choice(["", "", "", "a", "b", "-5"])
        if c < 0.65:
            t = rng.choice(DE_TYPES)
            return f"{rng.choice(DE_STEMS)}{t} {hn}", "de_compound"
        if c < 0.8:
            return f"{rng.choice(['Berliner', 'Hamburger', 'Frankfurter', 'Münchner', 'Alte', 'Lange', 'Neue'])} {rng.choice(['Straße', 'Allee', 'Chaussee', 'Str.'])} {hn}", "de_adjective"
        if c < 0.9:
            return f"{rng.choice(['Am', 'An der', 'Im', 'Auf dem', 'Zum'])} {rng.choice(['Alten Markt', 'Mühlbach', 'Steinweg', 'Sonnenhang', 'Kirchberg', 'Hafen'])} {hn}", "de_preposition"
        return f"{rng.choice(DE_STEMS)}straße {hn}", "de_compound"
    if lang == "fr":
        bis = rng.choice(["", "", "", " bis", " ter"])
        if r() < 0.15:
            return f"{hn}{bis}, {rng.choice(FR_TYPES)} {rng.choice(FR_NAMES)}", "fr_comma"
        return f"{hn}{bis} {rng.choice(FR_TYPES)} {rng.choice(FR_NAMES)}", "fr"
    if lang == "es":
        t = rng.choice(ES_TYPES)
        n = rng.choice(ES_NAMES)
        floor = rng.choice(["", "", f", {rng.randint(1, 8)}º {rng.choice('ABCD')}", f", {rng.randint(1, 6)}.º izq."])
        sep = "" if t == "C/" else " "
        if r() < 0.6:
            return f"{t}{sep}{n}, {hn}{floor}", "es_comma"
        return f"{t}{sep}{n} {hn}{floor}", "es"
    if lang == "it":
        return f"{rng.choice(IT_TYPES)} {rng.choice(IT_NAMES)}{rng.choice([', ', ' ', ', n. '])}{hn}{rng.choice(['', '', '/A', ' bis'])}", "it"
    if lang == "pt":
        tail = rng.choice(["", "", f", {rng.randint(1, 9)}º Esq.", f", {rng.randint(1, 9)}º Dto", f", apto {rng.randint(11, 150)}"])
        return f"{rng.choice(PT_TYPES)} {rng.choice(PT_NAMES)}{rng.choice([', ', ' ', ', nº '])}{hn}{tail}", "pt"
    if lang == "nl":
        return f"{rng.choice(NL_STEMS)}{rng.choice(NL_TYPES)} {hn}{rng.choice(['', '', '', 'a', '-II', ' bis', ' A'])}", "nl"
    if lang == "pl":
        flat = rng.choice(["", "", f"/{rng.randint(1, 80)}", f" m. {rng.randint(1, 80)}"])
        return f"{rng.choice(['ul.', 'ul.', 'al.', 'os.'])} {rng.choice(PL_NAMES)} {hn}{flat}", "pl"
    if lang == "sv":
        return f"{rng.choice(SV_STEMS)}{rng.choice(SV_TYPES)} {hn}{rng.choice(['', '', ' A', ' B', ', lgh 1102'])}", "sv"
    return f"{rng.choice(TR_NAMES)} {rng.choice(TR_TYPES)} No: {hn}{rng.choice(['', ' D: ' + str(rng.randint(1, 30)), '/' + str(rng.randint(1, 12))])}", "tr"


CITY_LINE = {
    "en": ["Springfield, IL 62704", "Austin, TX 78701", "Leeds LS1 4AP", "Bristol BS1 5TR", "Portland, OR 97205", "Manchester M1 2WD", "Denver, CO 80202"],
    "de": ["10115 Berlin", "80331 München", "50667 Köln", "20095 Hamburg", "1010 Wien", "8001 Zürich", "04109 Leipzig"],
    "fr": ["75011 Paris", "69002 Lyon", "13001 Marseille", "31000 Toulouse", "1000 Bruxelles", "44000 Nantes", "67000 Strasbourg"],
    "es": ["28014 Madrid", "08001 Barcelona", "41001 Sevilla", "46002 Valencia", "48001 Bilbao", "29005 Málaga"],
    "it": ["00184 Roma", "20121 Milano", "10121 Torino", "50122 Firenze", "80133 Napoli", "40121 Bologna"],
    "pt": ["1100-148 Lisboa", "4000-322 Porto", "3000-150 Coimbra", "01310-100 São Paulo", "8000-123 Faro"],
    "nl": ["1015 CJ Amsterdam", "3011 AB Rotterdam", "3511 LN Utrecht", "2511 BT Den Haag", "9711 LM Groningen"],
    "pl": ["00-001 Warszawa", "31-042 Kraków", "80-831 Gdańsk", "50-001 Wrocław", "61-001 Poznań"],
    "sv": ["111 22 Stockholm", "411 03 Göteborg", "211 20 Malmö", "753 10 Uppsala"],
    "tr": ["34430 Beyoğlu/İstanbul", "06420 Çankaya/Ankara", "35210 Konak/İzmir", "34710 Kadıköy/İstanbul"],
}
