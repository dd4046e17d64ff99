#!/usr/bin/env python3
"""Held-out evaluation set for pii-mask: heldout.jsonl.

Written separately from ../generate.py (the tuning corpus): no Faker, its own value makers,
its own sentence frames in English, German, French and Spanish, its own formats (values in
brackets, after imperative verbs, in key=value and JSON-ish snippets, separators of every
kind, Unicode look-alikes) and its own hard negatives. It must never be edited to make the
detectors score better: see the README ("Held-out corpus").

Run from the repository root with any Python 3.8+ (standard library only):
    python3 filters/pii-mask/corpus/heldout/make_heldout.py > filters/pii-mask/corpus/heldout/heldout.jsonl

Each line: {"text", "labels": [{"detector", "value"}], "lang", "form"} where `value` is an exact
substring of `text` and `form` names the shape of the value (for the per-form report).
"""

import base64
import json
import random
import sys

R = random.Random(0x5EED_2026)

# --------------------------------------------------------------------------------------------
# Small helpers


def pick(seq):
    return seq[R.randrange(len(seq))]


def digits(n):
    return "".join(str(R.randrange(10)) for _ in range(n))


def alnum(n, alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"):
    return "".join(pick(alphabet) for _ in range(n))


def b64u(raw):
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def luhn_complete(body):
    """Appends the Luhn check digit to a digit string."""
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return body + str((10 - total % 10) % 10)


def groups(s, sizes, sep):
    out, at = [], 0
    for size in sizes:
        if at >= len(s):
            break
        out.append(s[at:at + size])
        at += size
    if at < len(s):
        out.append(s[at:])
    return sep.join(out)


ZW = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]
ODD_SPACES = ["\u00a0", "\u2009", "\u202f", "\u2007"]
FULLWIDTH = {str(d): chr(0xFF10 + d) for d in range(10)}


def fullwidth(s):
    return "".join(FULLWIDTH.get(c, c) for c in s)


def sprinkle_zw(s, count=1):
    """Puts zero-width characters at random inner positions."""
    chars = list(s)
    for _ in range(count):
        at = R.randrange(1, len(chars))
        chars.insert(at, pick(ZW))
    return "".join(chars)


# --------------------------------------------------------------------------------------------
# Names (for emails and the person_name detector) and places

GIVEN = {
    "en": ["Olivia", "Liam", "Emma", "Noah", "Ava", "Ethan", "Sophia", "Mason", "Harper", "Logan",
           "Chloe", "Owen", "Grace", "Caleb", "Zoe", "Nathan", "Lily", "Ryan", "Hannah", "Dylan"],
    "de": ["Lukas", "Mia", "Jonas", "Lea", "Felix", "Lena", "Maximilian", "Anna", "Paul", "Marie",
           "Tobias", "Katharina", "Florian", "Sabine", "Jürgen", "Ute", "Dieter", "Birgit", "Matthias", "Heike"],
    "fr": ["Camille", "Louis", "Chloé", "Hugo", "Manon", "Théo", "Inès", "Arthur", "Léa", "Mathis",
           "Juliette", "Antoine", "Margaux", "Étienne", "Amélie", "Baptiste", "Élodie", "Julien", "Océane", "Rémi"],
    "es": ["Lucía", "Hugo", "Martina", "Mateo", "Sofía", "Pablo", "Valeria", "Álvaro", "Carmen", "Javier",
           "Paula", "Diego", "Elena", "Sergio", "Nuria", "Andrés", "Marta", "Raúl", "Pilar", "Iñigo"],
}
FAMILY = {
    "en": ["Smith", "Johnson", "Williams", "Brown", "Taylor", "Anderson", "Thompson", "Walker", "Harris", "Clarke",
           "Robinson", "Wright", "Mitchell", "Turner", "Parker", "Collins", "Edwards", "Hughes", "Foster", "Bennett"],
    "de": ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Hoffmann", "Schäfer",
           "Koch", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger"],
    "fr": ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
           "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier"],
    "es": ["García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Martín",
           "Jiménez", "Ruiz", "Hernández", "Díaz", "Moreno", "Muñoz", "Álvarez", "Romero", "Navarro", "Torres"],
}
HONORIFIC = {
    "en": ["Mr.", "Mrs.", "Ms.", "Dr.", "Prof."],
    "de": ["Herr", "Frau", "Dr.", "Prof."],
    "fr": ["M.", "Mme", "Mlle", "Dr", "Me"],
    "es": ["Sr.", "Sra.", "Dña.", "Dr.", "D."],
}
ASCII_FOLD = str.maketrans("äöüéèêëàâçîïôûùáíóúñ", "aoueeeeaaciiouuaioun")


def mail_name(s):
    return s.lower().translate(ASCII_FOLD).replace("ß", "ss")


DOMAINS = ["mailbox.example", "firma-muster.de", "correo.example.es", "courriel.example.fr",
           "uni-heidelberg.example", "post.example.co.uk", "dept.agency.example.gov", "web.example.net",
           "startup.example.io", "kanzlei.example.at"]

STREETS = {
    "en": ["Baker Street", "Elm Street", "Oak Avenue", "Maple Drive", "Sunset Boulevard", "Church Road",
           "Station Road", "Park Lane", "Highland Avenue", "Mill Lane", "Riverside Drive", "Kings Road"],
    "de": ["Hauptstraße", "Bahnhofstraße", "Schillerstraße", "Goethestr.", "Lindenweg", "Am Marktplatz",
           "Berliner Allee", "Rosenweg", "Kirchgasse", "Mozartstraße", "Schulstr.", "Waldweg"],
    "fr": ["rue de la République", "avenue Victor Hugo", "boulevard Saint-Michel", "rue du Faubourg",
           "place de la Mairie", "chemin des Vignes", "rue Pasteur", "allée des Tilleuls", "impasse du Moulin",
           "quai de la Seine", "rue Jean Jaurès", "avenue de la Gare"],
    "es": ["Calle Mayor", "Avenida de la Constitución", "Calle de Alcalá", "Paseo de Gracia", "Calle Real",
           "Plaza de España", "Avenida del Puerto", "Calle Sol", "Camino Viejo", "Ronda de Toledo",
           "Calle San Vicente", "Avenida Andalucía"],
}
CITIES = {
    "en": [("SW1A 1AA", "London"), ("94107", "San Francisco"), ("M1 1AE", "Manchester"), ("02139", "Cambridge")],
    "de": [("10115", "Berlin"), ("80331", "München"), ("50667", "Köln"), ("20095", "Hamburg")],
    "fr": [("75001", "Paris"), ("69002", "Lyon"), ("13001", "Marseille"), ("31000", "Toulouse")],
    "es": [("28013", "Madrid"), ("08007", "Barcelona"), ("46002", "Valencia"), ("41001", "Sevilla")],
}

# --------------------------------------------------------------------------------------------
# Value makers: each returns (value, form)


def make_email(lang):
    g, f = mail_name(pick(GIVEN[lang])), mail_name(pick(FAMILY[lang]))
    local = pick([f"{g}.{f}", f"{g[0]}{f}", f"{g}_{f}{R.randrange(10, 99)}", f"{f}-{g}",
                  f"{g}+{pick(['news', 'shop', 'work'])}", f"{g}{R.randrange(1970, 2010)}"])
    value = f"{local}@{pick(DOMAINS)}"
    form = pick(["plain", "plain", "angle", "mailto", "quoted", "zw", "upper"])
    if form == "upper":
        value = value.upper()
    if form == "zw":
        value = sprinkle_zw(value, pick([1, 2]))
    return value, form


def make_phone(lang):
    form = pick(["us_paren", "us_dash", "us_dot", "intl_space", "national", "odd_space", "dot_groups"])
    if lang == "en":
        area, ex, line = f"{R.randrange(2, 10)}{digits(2)}", f"{R.randrange(2, 10)}{digits(2)}", digits(4)
        nat = {"us_paren": f"({area}) {ex}-{line}", "us_dash": f"{area}-{ex}-{line}",
               "us_dot": f"{area}.{ex}.{line}", "intl_space": f"+1 {area} {ex} {line}",
               "national": f"1-{area}-{ex}-{line}", "odd_space": f"{area}\u00a0{ex}\u00a0{line}",
               "dot_groups": f"+1.{area}.{ex}.{line}"}
    elif lang == "de":
        city, sub = pick(["30", "89", "40", "221", "69", "711"]), digits(R.randrange(6, 9))
        nat = {"us_paren": f"(0{city}) {sub}", "us_dash": f"0{city}-{sub}", "us_dot": f"0{city}/{sub}",
               "intl_space": f"+49 {city} {sub}", "national": f"0{city} {groups(sub, [3, 3], ' ')}",
               "odd_space": f"+49\u2009{city}\u2009{sub}", "dot_groups": f"+49 (0){city} {sub}"}
    elif lang == "fr":
        pairs = [pick(["1", "4", "6", "7", "9"])] + [digits(2) for _ in range(4)]
        nat = {"us_paren": f"(0{pairs[0]}) {' '.join(pairs[1:])}", "us_dash": "0" + "-".join(pairs),
               "us_dot": "0" + ".".join(pairs), "intl_space": "+33 " + " ".join(pairs),
               "national": "0" + " ".join(pairs), "odd_space": "0" + "\u202f".join(pairs),
               "dot_groups": "+33." + ".".join(pairs)}
    else:
        first = pick(["6", "7", "9"]) + digits(2)
        rest = digits(6)
        nat = {"us_paren": f"(+34) {first} {rest[:3]} {rest[3:]}", "us_dash": f"{first}-{rest[:3]}-{rest[3:]}",
               "us_dot": f"{first}.{rest[:2]}.{rest[2:4]}.{rest[4:]}", "intl_space": f"+34 {first} {rest[:3]} {rest[3:]}",
               "national": f"{first} {rest[:2]} {rest[2:4]} {rest[4:]}", "odd_space": f"+34\u00a0{first}\u00a0{rest[:3]}\u00a0{rest[3:]}",
               "dot_groups": f"0034 {first} {rest[:3]} {rest[3:]}"}
    return nat[form], form


def make_card(lang):
    brand = pick(["visa", "visa", "mc", "mc2", "amex", "disc"])
    if brand == "visa":
        number = luhn_complete("4" + digits(14))
    elif brand == "mc":
        number = luhn_complete(str(R.randrange(51, 56)) + digits(13))
    elif brand == "mc2":
        number = luhn_complete(str(R.randrange(2221, 2721)) + digits(11))
    elif brand == "amex":
        number = luhn_complete(pick(["34", "37"]) + digits(12))
    else:
        number = luhn_complete(pick(["6011", "65" + digits(2)]) + digits(11))
    sizes = [4, 6, 5] if len(number) == 15 else [4, 4, 4, 4]
    form = pick(["compact", "compact_paren", "compact_bracket", "grouped", "dashed", "grouped_paren",
                 "nbsp", "thin", "dotted", "fullwidth"])
    value = {
        "compact": number, "compact_paren": number, "compact_bracket": number,
        "grouped": groups(number, sizes, " "), "dashed": groups(number, sizes, "-"),
        "grouped_paren": groups(number, sizes, " "), "nbsp": groups(number, sizes, "\u00a0"),
        "thin": groups(number, sizes, "\u2009"), "dotted": groups(number, sizes, "."),
        "fullwidth": fullwidth(number),
    }[form]
    return value, form


def make_ssn(lang):
    area = R.randrange(1, 900)
    while area == 666:
        area = R.randrange(1, 900)
    a, g, s = f"{area:03}", f"{R.randrange(1, 100):02}", f"{R.randrange(1, 10000):04}"
    form = pick(["dashed", "dashed", "dashed", "spaced", "fullwidth"])
    value = {"dashed": f"{a}-{g}-{s}", "spaced": f"{a} {g} {s}", "fullwidth": fullwidth(f"{a}-{g}-{s}")}[form]
    return value, form


IBAN_LAYOUT = {  # country: BBAN as (kind, length) pieces; n = digits, a = upper letters, c = alnum
    "DE": [("n", 18)], "FR": [("n", 10), ("c", 11), ("n", 2)], "ES": [("n", 20)], "GB": [("a", 4), ("n", 14)],
    "NL": [("a", 4), ("n", 10)], "IT": [("a", 1), ("n", 10), ("c", 12)], "BE": [("n", 12)],
    "AT": [("n", 16)], "CH": [("n", 5), ("c", 12)], "PT": [("n", 21)],
}


def iban_check(country, bban):
    moved = bban + country + "00"
    num = "".join(str(int(c, 36)) for c in moved)
    return f"{98 - int(num) % 97:02}"


def make_iban(lang):
    country = pick(list(IBAN_LAYOUT))
    bban = ""
    for kind, n in IBAN_LAYOUT[country]:
        bban += {"n": lambda: digits(n), "a": lambda: alnum(n, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
                 "c": lambda: alnum(n, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")}[kind]()
    compact = country + iban_check(country, bban) + bban
    form = pick(["compact", "grouped", "grouped", "nbsp"])
    value = {"compact": compact, "grouped": groups(compact, [4] * 9, " "),
             "nbsp": groups(compact, [4] * 9, "\u00a0")}[form]
    return value, form


def make_ipv4(lang):
    while True:
        o = [R.randrange(1, 224), R.randrange(256), R.randrange(256), R.randrange(1, 255)]
        if o[0] not in (10, 127) and not (o[0] == 192 and o[1] == 168):
            break
    value = ".".join(map(str, o))
    return value, "quad"


def make_ipv6(lang):
    hextets = [f"{R.randrange(0x2001, 0x2a10):x}"] + [f"{R.randrange(65536):x}" for _ in range(7)]
    form = pick(["full", "compressed", "bracket_port"])
    if form == "full":
        value = ":".join(hextets)
    else:
        cut = R.randrange(2, 6)
        value = ":".join(hextets[:cut]) + "::" + ":".join(hextets[cut + 2:])
    return value, form


def make_openai(lang):
    form = pick(["proj", "legacy", "svcacct"])
    body = alnum(R.randrange(40, 120), "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
    value = {"proj": "sk-proj-", "legacy": "sk-", "svcacct": "sk-svcacct-"}[form] + body.strip("_-") + alnum(3)
    if R.random() < 0.15:
        value, form = sprinkle_zw(value), form + "_zw"
    return value, form


def make_anthropic(lang):
    value = "sk-ant-" + pick(["api03", "admin01"]) + "-" + alnum(93, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") + "AA"
    form = "plain"
    if R.random() < 0.15:
        value, form = sprinkle_zw(value), "zw"
    return value, form


def make_aws(lang):
    return pick(["AKIA", "ASIA"]) + alnum(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), "plain"


def make_github(lang):
    form = pick(["classic", "classic", "fine"])
    if form == "classic":
        value = pick(["ghp_", "gho_", "ghu_", "ghs_", "ghr_"]) + alnum(36)
    else:
        value = "github_pat_" + alnum(22) + "_" + alnum(59)
    if R.random() < 0.15:
        value, form = sprinkle_zw(value), form + "_zw"
    return value, form


def make_jwt(lang):
    header = {"alg": pick(["HS256", "RS256", "ES256", "PS384", "EdDSA"])}
    if R.random() < 0.6:
        header["typ"] = pick(["JWT", "at+jwt", "JOSE"])
    if R.random() < 0.4:
        header["kid"] = alnum(12)
    head = b64u(json.dumps(header, separators=(",", ":")).encode())
    form = pick(["json", "binary", "text", "truncated_json", "b64_twice"])
    if form == "json":
        payload = b64u(json.dumps({"sub": digits(8), "exp": 1700000000 + R.randrange(10**8)}).encode())
    elif form == "binary":
        payload = b64u(bytes(R.randrange(256) for _ in range(R.randrange(20, 90))))
    elif form == "text":
        payload = b64u(pick(["hello world", "transfer 100 EUR", "$.02", "payload v2 ok"]).encode())
    elif form == "truncated_json":
        payload = b64u(json.dumps({"sub": digits(8), "scope": "read write admin"}).encode())[:R.randrange(10, 30)]
    else:
        inner = b64u(json.dumps({"uid": digits(6)}).encode())
        payload = b64u(inner.encode())
    sig = b64u(bytes(R.randrange(256) for _ in range(pick([32, 48, 64]))))
    return f"{head}.{payload}.{sig}", form


def make_bearer(lang):
    return alnum(R.randrange(24, 64), "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"), "plain"


def make_private_key(lang):
    label = pick(["", "RSA ", "EC ", "ENCRYPTED ", "OPENSSH "])
    body = base64.b64encode(bytes(R.randrange(256) for _ in range(R.randrange(90, 300)))).decode()
    lines = "\n".join(body[i:i + 64] for i in range(0, len(body), 64))
    return f"-----BEGIN {label}PRIVATE KEY-----\n{lines}\n-----END {label}PRIVATE KEY-----", "pem"


def make_person(lang):
    g, f = pick(GIVEN[lang]), pick(FAMILY[lang])
    form = pick(["full", "full", "honorific_family", "honorific_full", "family_comma_given"])
    if form == "full":
        return f"{g} {f}", form
    if form == "honorific_full":
        return f"{pick(HONORIFIC[lang])} {g} {f}", form
    if form == "honorific_family":
        return f"{pick(HONORIFIC[lang])} {f}", form
    return f"{f}, {g}", form


def make_address(lang):
    number = str(R.randrange(1, 240)) + pick(["", "", "", "a", "b", "B"])
    street = pick(STREETS[lang])
    postcode, city = pick(CITIES[lang])
    if lang == "en":
        line = f"{number} {street}"
    elif lang == "de":
        line = f"{street} {number}"
    elif lang == "fr":
        line = f"{number}{pick(['', ' bis', ','])} {street}"
    else:
        line = f"{street}{pick([' ', ', ', ' nº '])}{number}"
    form = pick(["street", "with_city"])
    return (f"{line}, {postcode} {city}" if form == "with_city" else line), form


# --------------------------------------------------------------------------------------------
# Sentence frames: `@` marks where the value goes. Different per detector family and language.

FRAMES = {
    "contact": {
        "en": ["Could you drop a line to @ before Friday?", "Reply-To: @", "Forwarding everything to @ from now on.",
               "The invoice went to @, not to accounting.", "user=@ status=active", "cc: @; bcc: nobody"],
        "de": ["Schick die Unterlagen bitte an @, danke.", "Meine neue Adresse lautet @.", "Erreichbar unter @ (ab Montag).",
               "Rückfragen gern an @ richten.", "Kontakt: @ — Vertrieb Süd"],
        "fr": ["Écrivez-moi à @ si besoin.", "Mon adresse : @ (perso).", "Contact joignable au @ dès lundi.",
               "Merci d'envoyer le devis à @ avant jeudi.", "Coordonnées mises à jour : @"],
        "es": ["Escríbeme a @ cuando puedas.", "Mi contacto es @, gracias.", "Llámame al @ por la tarde.",
               "Envía la factura a @ antes del lunes.", "Datos nuevos: @"],
    },
    "money": {
        "en": ["Charge it to card @ please.", "Card on file: @ exp 09/29", "Refund issued to @ yesterday.",
               "I paid with @ and it failed.", "payment_method=@"],
        "de": ["Bitte belaste die Karte @ erneut.", "Zahlung mit Karte @ fehlgeschlagen.", "Überweisung auf @ ist raus.",
               "Konto: @ — Verwendungszweck Miete"],
        "fr": ["Débitez la carte @ s'il vous plaît.", "Virement vers @ effectué hier.", "Paiement refusé sur @ !",
               "Mes coordonnées bancaires : @"],
        "es": ["Cárgalo a la tarjeta @ por favor.", "Transferencia a @ realizada.", "El pago con @ fue rechazado.",
               "Número de cuenta: @"],
    },
    "identity": {
        "en": ["My SSN is @ if you need it.", "SSN: @", "Social security number @ on the W-2.", "ssn=@; dob=1984-02-11"],
        "de": ["Die US-Sozialversicherungsnummer lautet @.", "SSN des Mitarbeiters: @"],
        "fr": ["Numéro SSN américain : @", "Son SSN est @, à vérifier."],
        "es": ["Su número SSN es @.", "SSN del empleado: @"],
    },
    "network": {
        "en": ["Please update the account: @.", "Update the firewall rule to allow @ only.", "Connection refused from @",
               "The server moved to @ last night.", "Whitelist @ and retry.", "upstream @ is down"],
        "de": ["Bitte aktualisiere den DNS-Eintrag auf @.", "Zugriff von @ blockiert.", "Der Server läuft jetzt unter @."],
        "fr": ["Mettez à jour l'entrée DNS vers @.", "Connexion refusée depuis @.", "Le serveur répond sur @ désormais."],
        "es": ["Actualiza el registro a @ por favor.", "Acceso denegado desde @.", "El servidor está en @ ahora."],
    },
    "secret": {
        "en": ["Here is my key: @ — keep it safe.", "export API_KEY=@", "token @ expired?", "Use @ for staging only.",
               "{\"api_key\": \"@\"}", "The secret (@) was committed by mistake."],
        "de": ["Mein Schlüssel: @ (bitte nicht teilen)", "Der Token @ funktioniert nicht mehr.", "Zugangsdaten: @"],
        "fr": ["Voici la clé : @ — ne la partagez pas.", "Le jeton @ a expiré ?", "Identifiant secret : @"],
        "es": ["Mi clave es @, no la compartas.", "El token @ ya no vale.", "Credencial: @"],
    },
    "person": {
        "en": ["Please ask @ to review the draft.", "Meeting with @ at noon.", "Signed, @", "@ will join the call.",
               "I spoke to @ yesterday about the refund.", "Patient: @"],
        "de": ["Bitte leite das an @ weiter.", "Termin mit @ um 14 Uhr.", "Mit freundlichen Grüßen, @", "@ ist heute krank."],
        "fr": ["Merci de transmettre à @.", "Rendez-vous avec @ demain.", "Cordialement, @", "@ sera absent lundi."],
        "es": ["Por favor, avisa a @.", "Reunión con @ a las diez.", "Atentamente, @", "@ llega mañana."],
    },
    "place": {
        "en": ["Ship it to @ please.", "I live at @.", "Our office is at @ (2nd floor).", "Address: @"],
        "de": ["Lieferadresse: @", "Ich wohne in der @.", "Unser Büro ist in der @, 3. OG."],
        "fr": ["Livraison au @, merci.", "J'habite @.", "Adresse du bureau : @"],
        "es": ["Envíalo a @ por favor.", "Vivo en @.", "Dirección: @"],
    },
}

FAMILY_OF = {
    "email": "contact", "phone": "contact", "credit_card": "money", "iban": "money", "ssn": "identity",
    "ipv4": "network", "ipv6": "network", "openai_key": "secret", "anthropic_key": "secret",
    "aws_access_key": "secret", "github_token": "secret", "jwt": "secret", "private_key": "secret",
    "person_name": "person", "street_address": "place",
}

MAKERS = {
    "email": (make_email, 160), "phone": (make_phone, 200), "credit_card": (make_card, 220),
    "ssn": (make_ssn, 120), "iban": (make_iban, 150), "ipv4": (make_ipv4, 160), "ipv6": (make_ipv6, 100),
    "openai_key": (make_openai, 80), "anthropic_key": (make_anthropic, 60), "aws_access_key": (make_aws, 60),
    "github_token": (make_github, 80), "jwt": (make_jwt, 150), "private_key": (make_private_key, 40),
    "person_name": (make_person, 200), "street_address": (make_address, 200),
}

LANGS = ["en", "de", "fr", "es"]


def framed(detector, value, form, lang):
    frame = pick(FRAMES[FAMILY_OF[detector]][lang])
    shown = value
    if detector == "credit_card":
        shown = {"compact_paren": f"({value})", "grouped_paren": f"({value})",
                 "compact_bracket": f"[{value}]"}.get(form, value)
    elif detector == "email":
        shown = {"angle": f"<{value}>", "mailto": f"mailto:{value}", "quoted": f"\"{value}\""}.get(form, value)
    elif detector == "ipv6" and form == "bracket_port":
        shown = f"[{value}]:{pick(['443', '8443', '22'])}"
    elif detector == "private_key":
        frame = pick(["Key follows:\n@\nThat's all.", "Schlüssel:\n@", "@"])
    return frame.replace("@", shown)


def bearer_row(lang):
    token, _ = make_bearer(lang)
    text = pick(["Authorization: Bearer @", "curl -H \"authorization: bearer @\" https://api.example.test/v2",
                 "Header gesetzt: Authorization: Bearer @ (gültig 1h)", "En-tête : Authorization: BEARER @",
                 "Cabecera Authorization: Bearer @ caducada"]).replace("@", token)
    return {"text": text, "labels": [{"detector": "bearer_token", "value": token}], "lang": lang, "form": "header"}


def multi_row(lang):
    kinds = R.sample(["email", "phone", "credit_card", "iban", "ipv4", "ssn"], 2)
    parts, labels = [], []
    for d in kinds:
        v, f = MAKERS[d][0](lang)
        parts.append(v)
        labels.append({"detector": d, "value": v})
    glue = {"en": " and also ", "de": " sowie ", "fr": " et aussi ", "es": " y también "}[lang]
    intro = {"en": "Record:", "de": "Datensatz:", "fr": "Fiche :", "es": "Ficha:"}[lang]
    return {"text": f"{intro} {parts[0]}{glue}{parts[1]}.", "labels": labels, "lang": lang, "form": "multi"}


# --------------------------------------------------------------------------------------------
# Hard negatives: things a detector could mistake for a value. No labels.

PRODUCTS = ["iPhone 15 Pro", "Galaxy S24 Ultra", "ThinkPad X1 Carbon", "PlayStation 5", "Kindle Paperwhite",
            "Surface Laptop 6", "Model Y Long Range", "Pixel 8a", "Golf GTI", "Clio E-Tech", "Xbox Series X"]
CITY_NAMES = ["Paris", "Berlin", "Madrid", "Lyon", "Sevilla", "Hamburg", "Boston", "Valencia", "Bordeaux", "Dresden",
              "Florence", "Victoria", "Austin", "Charlotte", "Georgetown"]
STARTS = {
    "en": ["Please send the report by Friday.", "Thanks again for the quick reply.", "Yesterday the build failed twice.",
           "Tomorrow We Launch The New Plan.", "Great Work On The Release Notes!", "Monday Morning Sync moved to Tuesday."],
    "de": ["Bitte schicke mir den Bericht bis Freitag.", "Danke für die schnelle Antwort.", "Gestern Abend ist der Server ausgefallen.",
           "Neue Preise Gelten Ab Montag.", "Viele Grüße aus dem Team Nord."],
    "fr": ["Merci pour votre retour rapide.", "Demain nous livrons la version finale.", "Bonne Année À Toute L'Équipe !",
           "Le Comité Se Réunit Jeudi."],
    "es": ["Gracias por la respuesta rápida.", "Mañana enviamos el pedido.", "Feliz Navidad A Todo El Equipo.",
           "El Director General Llega Hoy."],
}


def negative_row(lang):
    kind = R.randrange(16)
    ver = f"{R.randrange(0, 20)}.{R.randrange(0, 40)}.{R.randrange(0, 200)}"
    quad = f"{R.randrange(1, 12)}.{R.randrange(0, 30)}.{R.randrange(0, 50)}.{R.randrange(0, 9999)}"
    text = [
        lambda: pick([f"Please update to version {ver} before Monday.", f"Update: {ver} is out.",
                      f"Bitte auf Version {ver} aktualisieren.", f"Mise à jour vers la version {ver} disponible.",
                      f"Actualiza a la versión {ver} hoy."]),
        lambda: pick([f"Firmware {quad} fixes the boot loop.", f"Build {quad} passed all checks.",
                      f"Installiere Release {quad} (LTS).", f"Le paquet v{quad} est obsolète."]),
        lambda: f"{pick(['Order', 'Bestellung', 'Commande', 'Pedido'])} #{digits(R.randrange(8, 12))} {pick(['shipped', 'versandt', 'expédiée', 'enviado'])}.",
        lambda: f"{pick(['Ref', 'Az.', 'Réf.', 'Ref.'])} {alnum(3, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')}-{digits(4)}-{digits(6)}",
        lambda: pick([f"Due {R.randrange(1, 29):02}.{R.randrange(1, 13):02}.{R.randrange(1990, 2031)}.",
                      f"Fecha: {R.randrange(1, 29):02}/{R.randrange(1, 13):02}/{R.randrange(1990, 2031)}",
                      f"Échéance le {R.randrange(1990, 2031)}-{R.randrange(1, 13):02}-{R.randrange(1, 29):02} à 10:{R.randrange(10, 60)}"]),
        lambda: f"{pick(['The', 'Das', 'Le', 'El'])} {pick(PRODUCTS)} {pick(['costs', 'kostet', 'coûte', 'cuesta'])} {R.randrange(199, 1999)},{R.randrange(0, 100):02} €.",
        lambda: pick([f"Flights from {pick(CITY_NAMES)} to {pick(CITY_NAMES)} are delayed.",
                      f"Wir fahren nach {pick(CITY_NAMES)} und dann nach {pick(CITY_NAMES)}.",
                      f"Le train pour {pick(CITY_NAMES)} part à 9h.", f"Vuelo a {pick(CITY_NAMES)} cancelado."]),
        lambda: pick(STARTS[lang]),
        lambda: f"Tracking {digits(4)} {digits(4)} {digits(4)} {digits(4)} {digits(2)} {pick(['in transit', 'zugestellt'])}",
        lambda: f"Invoice {R.randrange(2019, 2027)}-{digits(5)}, amount {R.randrange(1, 99)}.{digits(3)}.{digits(3)},00",
        lambda: f"Commit {alnum(40, '0123456789abcdef')} on branch release/{ver}",
        lambda: f"Coordinates {R.randrange(-89, 90)}.{digits(4)}, {R.randrange(-179, 180)}.{digits(4)}",
        lambda: f"Config blob {b64u(json.dumps({'theme': 'dark', 'lang': lang}).encode())} saved.",
        lambda: f"{pick(['Card ending in', 'Karte mit Endziffern', 'Carte se terminant par', 'Tarjeta terminada en'])} {digits(4)}.",
        lambda: f"{pick(['Hauptstraße', 'Main Street', 'rue de la Paix', 'Calle Mayor'])} {pick(['is closed for repairs.', 'ist gesperrt.', 'est fermée.', 'está cortada.'])}",
        lambda: f"{pick(['ISBN', 'EAN'])} {luhn_complete('97' + digits(10))} {pick(['in stock', 'vergriffen'])}",
    ][kind]()
    # Most negative frames pick their own language; only the sentence starts follow `lang`.
    return {"text": text, "labels": [], "lang": lang if kind == 7 else "mixed", "form": f"negative_{kind}"}


UPDATE_WORDS = ["update", "Update", "aktualisiere", "Mettez à jour", "Actualiza"]


def main():
    rows = []
    for detector, (maker, count) in MAKERS.items():
        for _ in range(count):
            lang = pick(LANGS)
            value, form = maker(lang)
            text = framed(detector, value, form, lang)
            if detector == "ipv4" and any(w in text for w in UPDATE_WORDS):
                form = "after_update"
            rows.append({"text": text,
                         "labels": [{"detector": detector, "value": value}], "lang": lang, "form": form})
    rows += [bearer_row(pick(LANGS)) for _ in range(80)]
    rows += [multi_row(pick(LANGS)) for _ in range(120)]
    rows += [negative_row(pick(LANGS)) for _ in range(480)]
    R.shuffle(rows)
    for row in rows:
        sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
