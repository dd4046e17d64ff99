#!/usr/bin/env python3
"""Blind held-out corpus #6 for pii-mask.  Standard library only, deterministic.

Usage:  python3 make_heldout6.py      -> writes heldout6.jsonl next to this file
"""
import base64
import hashlib
import ipaddress
import json
import os
import random
import re
import string

SEED = 6060_2026
R = random.Random(SEED)

NBSP = "\u00a0"
THIN = "\u2009"
ZWSP = "\u200b"


def ch(seq):
    return seq[R.randrange(len(seq))]


def fw(s):
    """ASCII -> full-width (spaces kept)."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


def rdigits(n):
    return "".join(str(R.randrange(10)) for _ in range(n))


def ralnum(n, alphabet=string.ascii_letters + string.digits):
    return "".join(ch(alphabet) for _ in range(n))


def mixed_alnum(n, alphabet=string.ascii_letters + string.digits):
    while True:
        s = ralnum(n, alphabet)
        if (any(c.isdigit() for c in s) and any(c.islower() for c in s)
                and any(c.isupper() for c in s)):
            return s


def b64url(b):
    return base64.urlsafe_b64encode(b).decode().rstrip("=")


def rbytes(n):
    return bytes(R.randrange(256) for _ in range(n))


# ----------------------------------------------------------------- languages
# hi, thanks, update-phrase, check-phrase, and label words per kind
LANG = {
    "en": ("Hi,", "Thanks!", "Please update it to:", "Is that right?",
           dict(email="email", phone="phone number", card="card number", iban="IBAN", ip="IP address",
                addr="address", name="contact person", key="API key")),
    "de": ("Hallo,", "Danke!", "Bitte aktualisieren auf:", "Stimmt das so?",
           dict(email="E-Mail", phone="Telefonnummer", card="Kartennummer", iban="IBAN", ip="IP-Adresse",
                addr="Adresse", name="Ansprechpartner", key="API-Schlüssel")),
    "fr": ("Bonjour,", "Merci !", "Merci de mettre à jour :", "C'est bon ?",
           dict(email="e-mail", phone="numéro de téléphone", card="numéro de carte", iban="IBAN",
                ip="adresse IP", addr="adresse", name="interlocuteur", key="clé API")),
    "es": ("Hola,", "¡Gracias!", "Por favor, actualiza a:", "¿Es correcto?",
           dict(email="correo", phone="teléfono", card="número de tarjeta", iban="IBAN", ip="dirección IP",
                addr="dirección", name="persona de contacto", key="clave API")),
    "cs": ("Ahoj,", "Díky!", "Prosím aktualizuj na:", "Sedí to?",
           dict(email="e-mail", phone="telefon", card="číslo karty", iban="IBAN", ip="IP adresa",
                addr="adresa", name="kontaktní osoba", key="API klíč")),
    "ro": ("Bună,", "Mulțumesc!", "Vă rog actualizați la:", "Este corect?",
           dict(email="e-mail", phone="telefon", card="numărul cardului", iban="IBAN", ip="adresa IP",
                addr="adresa", name="persoana de contact", key="cheia API")),
    "fi": ("Hei,", "Kiitos!", "Päivitä tähän:", "Onko tämä oikein?",
           dict(email="sähköposti", phone="puhelinnumero", card="kortin numero", iban="IBAN",
                ip="IP-osoite", addr="osoite", name="yhteyshenkilö", key="API-avain")),
    "tr": ("Merhaba,", "Teşekkürler!", "Lütfen şununla güncelleyin:", "Doğru mu?",
           dict(email="e-posta", phone="telefon numarası", card="kart numarası", iban="IBAN",
                ip="IP adresi", addr="adres", name="irtibat kişisi", key="API anahtarı")),
    "id": ("Halo,", "Terima kasih!", "Tolong perbarui ke:", "Apakah sudah benar?",
           dict(email="email", phone="nomor telepon", card="nomor kartu", iban="IBAN", ip="alamat IP",
                addr="alamat", name="narahubung", key="kunci API")),
    "vi": ("Chào anh,", "Cảm ơn!", "Vui lòng cập nhật thành:", "Đúng chưa ạ?",
           dict(email="email", phone="số điện thoại", card="số thẻ", iban="IBAN", ip="địa chỉ IP",
                addr="địa chỉ", name="người liên hệ", key="khóa API")),
    "ja": ("お疲れ様です。", "よろしくお願いします。", "以下に更新してください：", "ご確認ください。",
           dict(email="メールアドレス", phone="電話番号", card="カード番号", iban="IBAN", ip="IPアドレス",
                addr="住所", name="担当者", key="APIキー")),
    "ko": ("안녕하세요.", "감사합니다.", "다음으로 변경해 주세요:", "확인 부탁드립니다.",
           dict(email="이메일", phone="전화번호", card="카드 번호", iban="IBAN", ip="IP 주소",
                addr="주소", name="담당자", key="API 키")),
    "ar": ("مرحبا،", "شكرا!", "يرجى التحديث إلى:", "هل هذا صحيح؟",
           dict(email="البريد الإلكتروني", phone="رقم الهاتف", card="رقم البطاقة", iban="رقم الآيبان",
                ip="عنوان IP", addr="العنوان", name="جهة الاتصال", key="مفتاح API")),
    "he": ("שלום,", "תודה!", "נא לעדכן ל:", "זה נכון?",
           dict(email="כתובת מייל", phone="מספר טלפון", card="מספר כרטיס", iban="IBAN", ip="כתובת IP",
                addr="כתובת", name="איש קשר", key="מפתח API")),
    "el": ("Γεια σας,", "Ευχαριστώ!", "Παρακαλώ ενημερώστε σε:", "Είναι σωστό;",
           dict(email="email", phone="τηλέφωνο", card="αριθμός κάρτας", iban="IBAN", ip="διεύθυνση IP",
                addr="διεύθυνση", name="υπεύθυνος επικοινωνίας", key="κλειδί API")),
    "hi": ("नमस्ते,", "धन्यवाद!", "कृपया इसे अपडेट करें:", "क्या यह सही है?",
           dict(email="ईमेल", phone="फ़ोन नंबर", card="कार्ड नंबर", iban="IBAN", ip="IP पता",
                addr="पता", name="संपर्क व्यक्ति", key="API कुंजी")),
    "sv": ("Hej,", "Tack!", "Uppdatera till:", "Stämmer det?",
           dict(email="e-post", phone="telefonnummer", card="kortnummer", iban="IBAN", ip="IP-adress",
                addr="adress", name="kontaktperson", key="API-nyckel")),
    "pt": ("Oi,", "Valeu!", "Por favor, atualize para:", "Está certo?",
           dict(email="e-mail", phone="telefone", card="número do cartão", iban="IBAN", ip="endereço IP",
                addr="endereço", name="contato", key="chave de API")),
    "pl": ("Cześć,", "Dzięki!", "Proszę zaktualizować na:", "Czy to się zgadza?",
           dict(email="e-mail", phone="numer telefonu", card="numer karty", iban="IBAN", ip="adres IP",
                addr="adres", name="osoba kontaktowa", key="klucz API")),
    "hu": ("Szia,", "Köszi!", "Kérlek, frissítsd erre:", "Stimmel?",
           dict(email="e-mail", phone="telefonszám", card="kártyaszám", iban="IBAN", ip="IP-cím",
                addr="cím", name="kapcsolattartó", key="API-kulcs")),
    "it": ("Ciao,", "Grazie!", "Per favore aggiorna a:", "È corretto?",
           dict(email="e-mail", phone="numero di telefono", card="numero della carta", iban="IBAN",
                ip="indirizzo IP", addr="indirizzo", name="referente", key="chiave API")),
    "nl": ("Hoi,", "Bedankt!", "Graag bijwerken naar:", "Klopt dit?",
           dict(email="e-mail", phone="telefoonnummer", card="kaartnummer", iban="IBAN", ip="IP-adres",
                addr="adres", name="contactpersoon", key="API-sleutel")),
}
LANGS = sorted(LANG)
CJK = ("ja", "ko")


def prose(lang, kind, v):
    """A short message in `lang` carrying value v.  Returns (text, context)."""
    hi, ty, upd, chk, L = LANG[lang]
    lab = L[kind]
    sep = "：" if lang in CJK else ": "
    t = R.randrange(8)
    if t == 0:
        txt = f"{hi} {lab}{sep}{v}. {ty}"
    elif t == 1:
        txt = f"{upd} {lab} → {v}"
    elif t == 2:
        txt = f"{lab} ({v})\n{chk}"
    elif t == 3:
        txt = f"{v} — {lab}. {chk}"
    elif t == 4:
        txt = f"{hi} {upd} {v}"
    elif t == 5:
        txt = f"{lab}{sep}「{v}」{ty}" if lang in CJK else f"{lab}{sep}«{v}» {ty}"
    elif t == 6:
        txt = f"{lab}{sep}{v}"
    else:
        txt = f"{chk} {lab}{sep}{v}\n{ty}"
    ctx = ch(["chat", "chat", "email", "sms", "ticket", "form"])
    if ctx == "email":
        txt = f"Subject: {lab}\n\n{hi}\n\n{txt}\n\n-- \n{ty}"
    elif ctx == "ticket":
        txt = f"[#{R.randrange(10000, 99999)}] {txt}"
    return txt, ctx


# ------------------------------------------------------- structured contexts
def structured(ctx, key, v):
    up = key.upper()
    rid = R.randrange(1000, 99999)
    d = f"2025-{R.randrange(1, 13):02d}-{R.randrange(1, 29):02d}"
    if ctx == "json":
        if R.random() < 0.5:
            return f'{{"id": {rid}, "{key}": "{v}", "status": "active"}}'
        return f'{{\n  "record": {{\n    "{key}": "{v}",\n    "updated": "{d}"\n  }}\n}}'
    if ctx == "yaml":
        return f"account:\n  id: {rid}\n  {key}: \"{v}\"\n  tier: gold\n"
    if ctx == "csv":
        return f'id,{key},created\n{rid},"{v}",{d}\n'
    if ctx == "sql":
        if R.random() < 0.5:
            return f"INSERT INTO customers (id, {key}) VALUES ({rid}, '{v}');"
        return f"UPDATE accounts SET {key} = '{v}' WHERE id = {rid};"
    if ctx == "log":
        return (f"{d}T{R.randrange(24):02d}:{R.randrange(60):02d}:{R.randrange(60):02d}.{R.randrange(1000):03d}Z "
                f"INFO [worker-{R.randrange(1, 9)}] profile updated {key}={v} req={ralnum(8, '0123456789abcdef')}")
    if ctx == "xml":
        return f"<customer id=\"{rid}\">\n  <{key}>{v}</{key}>\n</customer>"
    if ctx == "html":
        return f"<tr><td class=\"label\">{key}</td><td>{v}</td></tr>"
    if ctx == "markdown":
        return f"| field | value |\n|---|---|\n| {key} | {v} |\n| plan | basic |"
    if ctx == "toml":
        return f"[profile]\n{key} = \"{v}\"\nactive = true\n"
    if ctx == "ini":
        return f"[account]\n{key} = {v}\nregion = eu\n"
    if ctx == "env":
        return f"APP_ENV=production\n{up}={v}\n"
    if ctx == "diff":
        return f"@@ -12,3 +12,3 @@\n   tier: gold\n-  {key}: \"\"\n+  {key}: \"{v}\"\n"
    if ctx == "code":
        return f"config[\"{key}\"] = \"{v}\"  # TODO move to vault"
    if ctx == "shell":
        return f"$ export {up}=\"{v}\"\n$ ./run.sh --dry-run"
    if ctx == "http":
        body = f'{{"{key}": "{v}"}}'
        return (f"PATCH /api/v2/profile/{rid} HTTP/1.1\r\nHost: api.shopfront.io\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body.encode())}\r\n\r\n{body}")
    if ctx == "chat-transcript":
        return (f"[10:{R.randrange(10, 59)}] agent: could you confirm the {key.replace('_', ' ')}?\n"
                f"[10:{R.randrange(10, 59)}] customer: sure, {v}\n[10:59] agent: thanks, updated")
    raise ValueError(ctx)


STRUCT = ["json", "yaml", "csv", "sql", "log", "xml", "html", "markdown", "toml", "ini", "env", "diff", "code",
          "shell", "http", "chat-transcript"]


# ===================================================================== values
# ---------------------------------------------------------------- email
EMAIL_LOCAL = ["jana.dvorakova", "l.becker", "camille.lf", "javi.ortega", "ioana.p", "mikko.korhonen",
               "zeynep.yilmaz", "budi.s", "lan.nguyen", "yuki.t", "minjun.kim", "omar.haddad", "dana.levi",
               "g.papadopoulos", "priya.s", "astrid.l", "mariana.costa", "p.zielinski", "eszter.nagy",
               "giulia.romano", "daan.bakker", "emily.carter", "info", "support", "billing", "kontakt",
               "office", "faktury", "ventas", "rezervace", "ops-alerts", "recepce", "hr.team", "asiakaspalvelu",
               "muhasebe", "pedidos", "jkowalczyk", "t_moreau", "s.virtanen", "kavya.r"]
EMAIL_DOMAIN = ["seznam.cz", "firma-kral.cz", "gmail.com", "web.de", "gmx.at", "orange.fr", "laposte.net",
                "telefonica.es", "yahoo.ro", "elisa.fi", "yandex.com.tr", "yahoo.co.id", "fpt.vn",
                "docomo.ne.jp", "naver.com", "walla.co.il", "otenet.gr", "rediffmail.com", "telia.se",
                "uol.com.br", "wp.pl", "freemail.hu", "libero.it", "ziggo.nl", "proton.me", "outlook.com",
                "acme-logistics.de", "brightpath.io", "kavarna-u-mostu.cz", "mail.bizcloud.co.uk",
                "student.uni-lj.si", "posteo.de"]
ROLE_NAMES = ["Support", "Billing Team", "Zákaznická podpora", "Service client", "Kundenservice", "HR",
              "Atención al cliente", "Asiakaspalvelu", "Müşteri Hizmetleri"]


def email_value(obf=True):
    loc = ch(EMAIL_LOCAL)
    if R.random() < 0.25:
        loc += str(R.randrange(2, 99))
    dom = ch(EMAIL_DOMAIN)
    host, _, tld = dom.rpartition(".")
    forms = ["plain"] * 6 + ["plus_tag", "uppercase"]
    obf_forms = ["bracket_at", "paren_at", "words", "spaced_at", "defanged_dot", "bracket_at_dot",
                 "fullwidth_at", "zwsp_at"]
    f = ch(obf_forms) if obf and R.random() < 0.6 else ch(forms)
    if f == "plain":
        v = f"{loc}@{dom}"
    elif f == "plus_tag":
        v = f"{loc}+{ch(['invoices', 'news', 'shop', 'work'])}@{dom}"
    elif f == "uppercase":
        v = f"{loc.title()}@{host.upper()}.{tld.upper()}"
    elif f == "bracket_at":
        v = f"{loc} [at] {dom}"
    elif f == "paren_at":
        v = f"{loc}(at){dom}"
    elif f == "words":
        v = f"{loc} at {dom.replace('.', ' dot ')}"
    elif f == "spaced_at":
        v = f"{loc} @ {dom}"
    elif f == "defanged_dot":
        v = f"{loc}@{host}[.]{tld}"
    elif f == "bracket_at_dot":
        v = f"{loc} [at] {host.replace('.', ' [dot] ')} [dot] {tld}"
    elif f == "fullwidth_at":
        v = f"{loc}＠{dom}"
    else:
        v = f"{loc}{ZWSP}@{ZWSP}{dom}"
    return v, f


# ---------------------------------------------------------------- phone
# country: (cc, trunk, lang, national patterns)
PHONE = {
    "DE": ("49", "0", "de", ["30 #### ####", "89 ######", "151 #######", "172 ########", "221 ### ###"]),
    "FR": ("33", "0", "fr", ["6 ## ## ## ##", "1 ## ## ## ##", "7 ## ## ## ##"]),
    "GB": ("44", "0", "en", ["20 #### ####", "7### ######", "161 ### ####"]),
    "US": ("1", "", "en", ["### ###-####"]),
    "CZ": ("420", "", "cs", ["6## ### ###", "7## ### ###", "2## ### ###"]),
    "PL": ("48", "", "pl", ["5## ### ###", "6## ### ###"]),
    "HU": ("36", "06", "hu", ["30 ### ####", "20 ### ####", "1 ### ####"]),
    "RO": ("40", "0", "ro", ["7## ### ###", "21 ### ####"]),
    "TR": ("90", "0", "tr", ["5## ### ## ##", "212 ### ## ##"]),
    "ID": ("62", "0", "id", ["8##-####-####", "21-####-####"]),
    "VN": ("84", "0", "vi", ["9# ### ## ##", "3## ### ###"]),
    "JP": ("81", "0", "ja", ["90-####-####", "3-####-####", "80-####-####"]),
    "KR": ("82", "0", "ko", ["10-####-####", "2-###-####"]),
    "BR": ("55", "", "pt", ["11 9####-####", "21 9####-####"]),
    "IN": ("91", "0", "hi", ["98### #####", "7#### #####"]),
    "SE": ("46", "0", "sv", ["70-### ## ##", "8-### ### ##"]),
    "FI": ("358", "0", "fi", ["40 ### ####", "50 ### ####"]),
    "ES": ("34", "", "es", ["6## ## ## ##", "9## ### ###"]),
    "IT": ("39", "", "it", ["3## ### ####"]),
    "NL": ("31", "0", "nl", ["6 ########", "20 ### ####"]),
    "IL": ("972", "0", "he", ["5#-###-####"]),
    "GR": ("30", "", "el", ["69# ### ####", "21# ### ####"]),
}
PHONE_CC = sorted(PHONE)


def fill(p):
    out = []
    for i, c in enumerate(p):
        if c == "#":
            out.append(str(R.randrange(10)) if i else str(R.randrange(2, 10)))
        else:
            out.append(c)
    return "".join(out)


def phone_value(country=None, evasive=True):
    country = country or ch(PHONE_CC)
    cc, trunk, lang, pats = PHONE[country]
    nat = fill(ch(pats))
    if country == "US":
        nat = str(R.randrange(2, 10)) + nat[1:]
        if nat[1:3] == "11":
            nat = nat[0] + "2" + nat[2:]
        if nat[4] in "01":
            nat = nat[:4] + "4" + nat[5:]
    digits = re.sub(r"\D", "", nat)
    forms = ["intl_spaces"] * 4 + ["e164_compact", "00_prefix", "national", "intl_dashes", "tel_link"]
    if trunk == "0" and country in ("DE", "GB", "NL", "FR"):
        forms.append("trunk_paren")
    if country in ("US", "BR"):
        forms += ["area_paren", "area_paren"]
    if evasive:
        forms += ["fullwidth", "nbsp"]
    f = ch(forms)
    if f == "intl_spaces":
        v = f"+{cc} {nat}"
    elif f == "e164_compact" or f == "tel_link":
        v = f"+{cc}{digits}"
    elif f == "00_prefix":
        v = f"00{cc} {nat}"
    elif f == "national":
        v = (trunk + nat) if trunk else nat
        if country == "US":
            v = nat.replace(" ", "-")
    elif f == "intl_dashes":
        v = f"+{cc}-" + nat.replace(" ", "-")
    elif f == "trunk_paren":
        v = f"+{cc} (0){nat}"
    elif f == "area_paren":
        a, _, rest = nat.partition(" ")
        v = f"({a}) {rest}"
        if country == "US":
            v = f"+1 ({a}) {rest}" if R.random() < 0.5 else f"({a}) {rest}"
    elif f == "fullwidth":
        v = fw(f"+{cc} {nat}")
    else:
        v = f"+{cc}{NBSP}" + nat.replace(" ", NBSP)
    return v, f, lang, country


# ---------------------------------------------------------------- credit card
def luhn_ok(num):
    tot = 0
    for i, c in enumerate(reversed(num)):
        d = int(c)
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        tot += d
    return tot % 10 == 0


def luhn_complete(prefix, length):
    body = prefix + rdigits(length - len(prefix) - 1)
    for c in "0123456789":
        if luhn_ok(body + c):
            return body + c


CARD_BRANDS = [
    ("visa", lambda: "4", [16, 16, 16, 13, 19]),
    ("mastercard", lambda: str(R.randrange(51, 56)), [16]),
    ("mastercard2", lambda: str(R.randrange(2221, 2721)), [16]),
    ("amex", lambda: ch(["34", "37"]), [15]),
    ("discover", lambda: ch(["6011", str(R.randrange(644, 650)), "65"]), [16]),
    ("jcb", lambda: str(R.randrange(3528, 3590)), [16]),
    ("diners", lambda: ch(["36", "38", "39", str(R.randrange(300, 306))]), [14]),
    ("unionpay", lambda: "62" + str(R.randrange(10, 99)), [16, 19]),
    ("maestro", lambda: ch(["5018", "5020", "5038", "6304", "6759", "6761", "6763"]), [16, 19]),
]


def group_card(num):
    n = len(num)
    if n == 15:
        g = [4, 6, 5]
    elif n == 14:
        g = [4, 6, 4]
    elif n == 13:
        g = [4, 4, 5]
    elif n == 19:
        g = [4, 4, 4, 4, 3]
    else:
        g = [4, 4, 4, 4]
    out, i = [], 0
    for k in g:
        out.append(num[i:i + k])
        i += k
    return out


def card_number(valid=True):
    brand, pf, lens = ch(CARD_BRANDS)
    n = ch(lens)
    num = luhn_complete(pf(), n)
    if not valid:
        last = int(num[-1])
        num = num[:-1] + str((last + R.randrange(1, 10)) % 10)
    return num, brand


def card_value(evasive=True):
    num, brand = card_number()
    groups = group_card(num)
    forms = ["spaces"] * 4 + ["dashes"] * 2
    if evasive:
        forms += ["nbsp", "thin", "fullwidth"]
    f = ch(forms)
    sep = {"spaces": " ", "dashes": "-", "nbsp": NBSP, "thin": THIN, "fullwidth": " "}[f]
    v = sep.join(groups)
    if f == "fullwidth":
        v = fw(v)
    return v, f, brand


# ---------------------------------------------------------------- ssn
def ssn_digits(valid=True):
    if valid:
        while True:
            a = R.randrange(1, 900)
            if a != 666:
                break
        return f"{a:03d}", f"{R.randrange(1, 100):02d}", f"{R.randrange(1, 10000):04d}"
    k = R.randrange(4)
    if k == 0:
        return "666", f"{R.randrange(1, 100):02d}", f"{R.randrange(1, 10000):04d}"
    if k == 1:
        return f"{R.randrange(900, 1000)}", f"{R.randrange(1, 100):02d}", f"{R.randrange(1, 10000):04d}"
    if k == 2:
        return f"{R.randrange(1, 900):03d}".replace("666", "667"), "00", f"{R.randrange(1, 10000):04d}"
    return f"{R.randrange(1, 900):03d}".replace("666", "667"), f"{R.randrange(1, 100):02d}", "0000"


def ssn_value():
    a, g, s = ssn_digits()
    f = ch(["dashed"] * 4 + ["spaced", "bare", "bare"])
    v = {"dashed": f"{a}-{g}-{s}", "spaced": f"{a} {g} {s}", "bare": f"{a}{g}{s}"}[f]
    return v, f


def ssn_ok(v):
    d = re.sub(r"\D", "", v)
    if len(d) != 9:
        return False
    a, g, s = int(d[:3]), int(d[3:5]), int(d[5:])
    return 1 <= a <= 899 and a != 666 and g >= 1 and s >= 1


# ---------------------------------------------------------------- iban
IBAN = {  # country: BBAN shape  (n digits, a upper letters, c alnum)
    "AD": "4n4n12c", "AT": "5n11n", "BE": "3n7n2n", "BG": "4a4n2n8c", "CH": "5n12c", "CY": "3n5n16c",
    "CZ": "4n6n10n", "DE": "8n10n", "DK": "4n9n1n", "EE": "2n2n11n1n", "ES": "4n4n1n1n10n",
    "FI": "6n7n1n", "FR": "5n5n11c2n", "GB": "4a6n8n", "GR": "3n4n16c", "HR": "7n10n",
    "HU": "3n4n1n15n1n", "IE": "4a6n8n", "IS": "4n2n6n10n", "IT": "1a5n5n12c", "LI": "5n12c",
    "LT": "5n11n", "LU": "3n13c", "LV": "4a13c", "MC": "5n5n11c2n", "MT": "4a5n18c", "NL": "4a10n",
    "NO": "4n6n1n", "PL": "8n16n", "PT": "4n4n11n2n", "RO": "4a16c", "SE": "3n16n1n", "SI": "5n8n2n",
    "SK": "4n6n10n", "TR": "5n1n16c", "SA": "2n18c", "AE": "3n16n", "BR": "8n5n10n1a1c", "IL": "3n3n13n",
    "QA": "4a21c", "GE": "2a16n", "UA": "6n19c",
}
IBAN_LEN = {"AD": 24, "AT": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "EE": 20,
            "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GR": 27, "HR": 21, "HU": 28, "IE": 22, "IS": 26, "IT": 27,
            "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MT": 31, "NL": 18, "NO": 15, "PL": 28, "PT": 25,
            "RO": 24, "SE": 24, "SI": 19, "SK": 24, "TR": 26, "SA": 24, "AE": 23, "BR": 29, "IL": 23, "QA": 29,
            "GE": 22, "UA": 29}
IBAN_CC = sorted(IBAN)
IBAN_LANG = {"AD": "es", "AT": "de", "BE": "nl", "BG": "en", "CH": "de", "CY": "el", "CZ": "cs", "DE": "de",
             "DK": "en", "EE": "en", "ES": "es", "FI": "fi", "FR": "fr", "GB": "en", "GR": "el", "HR": "en",
             "HU": "hu", "IE": "en", "IS": "en", "IT": "it", "LI": "de", "LT": "en", "LU": "fr", "LV": "en",
             "MC": "fr", "MT": "en", "NL": "nl", "NO": "en", "PL": "pl", "PT": "pt", "RO": "ro", "SE": "sv",
             "SI": "en", "SK": "cs", "TR": "tr", "SA": "ar", "AE": "ar", "BR": "pt", "IL": "he", "QA": "ar",
             "GE": "en", "UA": "en"}


def iban_mod(s):
    r = s[4:] + s[:4]
    n = "".join(str(int(c, 36)) for c in r)
    return int(n) % 97


def iban_make(cc, valid=True):
    bban = []
    for cnt, kind in re.findall(r"(\d+)([nac])", IBAN[cc]):
        for _ in range(int(cnt)):
            if kind == "n":
                bban.append(str(R.randrange(10)))
            elif kind == "a":
                bban.append(ch(string.ascii_uppercase))
            else:
                bban.append(ch(string.digits * 3 + string.ascii_uppercase))
    bban = "".join(bban)
    if cc == "TR":
        bban = bban[:5] + "0" + bban[6:]
    chk = 98 - iban_mod(cc + "00" + bban)
    if not valid:
        chk = (chk + R.randrange(1, 90)) % 97 + 2
        if chk == 98 - iban_mod(cc + "00" + bban):
            chk = chk + 1 if chk < 98 else 2
    iban = f"{cc}{chk:02d}{bban}"
    assert len(iban) == IBAN_LEN[cc], cc
    return iban


def iban_ok(v):
    s = re.sub(r"[\s\u00a0\u2009]", "", v).upper()
    return s[:2] in IBAN_LEN and len(s) == IBAN_LEN[s[:2]] and iban_mod(s) == 1


def iban_value(cc=None):
    cc = cc or ch(IBAN_CC)
    s = iban_make(cc)
    f = ch(["print_spaces"] * 4 + ["electronic"] * 3 + ["nbsp_spaces", "lowercase"])
    if f == "print_spaces":
        v = " ".join(s[i:i + 4] for i in range(0, len(s), 4))
    elif f == "nbsp_spaces":
        v = NBSP.join(s[i:i + 4] for i in range(0, len(s), 4))
    elif f == "lowercase":
        v = s.lower()
    else:
        v = s
    return v, f, cc


# ---------------------------------------------------------------- ip
PUB_FIRST = [23, 31, 45, 51, 62, 77, 81, 85, 91, 94, 104, 109, 141, 151, 176, 178, 185, 188, 193, 195, 212, 217]


def ipv4_raw(kind=None):
    kind = kind or ch(["public"] * 3 + ["p10", "p172", "p192"])
    if kind == "public":
        o = [ch(PUB_FIRST), R.randrange(1, 255), R.randrange(0, 255), R.randrange(1, 255)]
    elif kind == "p10":
        o = [10, R.randrange(0, 255), R.randrange(0, 255), R.randrange(1, 255)]
    elif kind == "p172":
        o = [172, R.randrange(16, 32), R.randrange(0, 255), R.randrange(1, 255)]
    else:
        o = [192, 168, R.randrange(0, 255), R.randrange(1, 255)]
    return ".".join(map(str, o))


def ipv4_bad(ip):
    a = ipaddress.IPv4Address(ip)
    for net in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "127.0.0.0/8", "0.0.0.0/8"):
        if a in ipaddress.IPv4Network(net):
            return True
    return ip.startswith("255.") or ip.endswith(".255") or ip.endswith(".0.0")


V6_PREFIX = ["2a01:4f8", "2001:41d0", "2600:1f18", "2a00:1450", "2606:4700", "2a02:810d", "2400:cb00",
             "2a03:2880", "2c0f:fb50", "fd12:3456", "fd7a:115c", "2001:67c"]


def ipv6_raw(kind=None):
    kind = kind or ch(["global"] * 4 + ["ula", "linklocal"])
    if kind == "linklocal":
        groups = ["fe80", "0", "0", "0"] + [f"{R.randrange(65536):x}" for _ in range(4)]
    else:
        p = ch(V6_PREFIX if kind == "global" else ["fd12:3456", "fd7a:115c", "fdab:93e1"])
        groups = p.split(":")
        while len(groups) < 8:
            r = R.random()
            groups.append("0" if r < 0.3 else f"{R.randrange(65536):x}")
    a = ipaddress.IPv6Address(":".join(groups))
    return a


def ipv6_ok(v):
    try:
        a = ipaddress.IPv6Address(v)
    except ValueError:
        return False
    return not (a in ipaddress.IPv6Network("2001:db8::/32") or a.is_loopback or a.is_unspecified)


# ---------------------------------------------------------------- keys
URLSAFE = string.ascii_letters + string.digits + "-_"
B32 = string.ascii_uppercase + "234567"


def openai_value():
    f = ch(["legacy", "proj", "proj", "svcacct"])
    if f == "legacy":
        v = "sk-" + mixed_alnum(20) + "T3BlbkFJ" + mixed_alnum(20)
    elif f == "proj":
        v = "sk-proj-" + ralnum(R.choice([58, 74]), URLSAFE) + "T3BlbkFJ" + ralnum(R.choice([58, 74]), URLSAFE)
    else:
        v = "sk-svcacct-" + ralnum(74, URLSAFE) + "T3BlbkFJ" + ralnum(74, URLSAFE)
    return v, f


def anthropic_value():
    v = "sk-ant-api03-" + ralnum(93, URLSAFE) + "AA"
    assert len(v) == 108
    return v, "api03"


def aws_value():
    f = ch(["AKIA", "AKIA", "ASIA"])
    return f + ralnum(16, B32), "akia" if f == "AKIA" else "asia"


def github_value():
    f = ch(["ghp", "ghp", "gho", "ghu", "ghs", "ghr", "github_pat", "github_pat"])
    if f == "github_pat":
        return "github_pat_" + mixed_alnum(22) + "_" + mixed_alnum(59), f
    return f + "_" + mixed_alnum(36), f


JWT_ALG = {"HS256": 32, "HS512": 64, "RS256": 256, "ES256": 64}


def jwt_value():
    alg = ch(sorted(JWT_ALG))
    hv = R.randrange(3)
    if hv == 0:
        hdr = {"alg": alg, "typ": "JWT"}
    elif hv == 1:
        hdr = {"typ": "JWT", "alg": alg, "kid": ralnum(12, URLSAFE)}
    else:
        hdr = {"alg": alg}
    now = 1735000000 + R.randrange(30000000)
    pl = {"sub": ch(["usr_", "acct-", ""]) + str(R.randrange(10 ** 5, 10 ** 8)), "iat": now,
          "exp": now + ch([900, 3600, 86400])}
    if R.random() < 0.5:
        pl["scope"] = ch(["read", "read write", "orders:read", "admin"])
    if R.random() < 0.4:
        pl["iss"] = ch(["https://auth.shopfront.io", "identity-svc", "https://sso.kavarna.cz/"])
    v = ".".join([b64url(json.dumps(hdr, separators=(",", ":")).encode()),
                  b64url(json.dumps(pl, separators=(",", ":")).encode()), b64url(rbytes(JWT_ALG[alg]))])
    return v, alg


def jwt_ok(v):
    parts = v.split(".")
    if len(parts) != 3:
        return False
    h = json.loads(base64.urlsafe_b64decode(parts[0] + "=" * (-len(parts[0]) % 4)))
    return h.get("alg") in JWT_ALG


def bearer_value():
    f = ch(["alnum", "ya29", "hex64", "punct", "eaag", "dotted"])
    if f == "alnum":
        v = mixed_alnum(R.choice([24, 32, 40]))
    elif f == "ya29":
        v = "ya29." + mixed_alnum(30) + "-" + ralnum(60, URLSAFE) + str(R.randrange(10))
    elif f == "hex64":
        while True:
            v = ralnum(64, "0123456789abcdef")
            if any(c.isdigit() for c in v) and any(c.isalpha() for c in v):
                break
    elif f == "punct":
        v = mixed_alnum(12) + "-" + mixed_alnum(10) + "_" + mixed_alnum(8) + "~" + mixed_alnum(6)
    elif f == "eaag":
        v = "EAAG" + mixed_alnum(R.choice([120, 160]))
    else:
        v = mixed_alnum(8) + "." + mixed_alnum(24) + "." + ralnum(6, string.digits)
        v = "v1." + v.split(".", 1)[1]  # two-dot opaque session id, payload is not base64 JSON
    return v, f


# ---------------------------------------------------------------- private keys
B64 = string.ascii_letters + string.digits + "+/"
PK_KINDS = {  # kind: (label, body prefix, body length)
    "rsa_pkcs1": ("RSA PRIVATE KEY", "MIIEpAIBAAKCAQEA", 1588),
    "rsa_pkcs1_1024": ("RSA PRIVATE KEY", "MIICXAIBAAKBgQC", 812),
    "pkcs8_rsa": ("PRIVATE KEY", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ", 1624),
    "pkcs8_ec": ("PRIVATE KEY", "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg", 184),
    "pkcs8_ed25519": ("PRIVATE KEY", "MC4CAQAwBQYDK2VwBCIEI", 64),
    "sec1_ec": ("EC PRIVATE KEY", "MHcCAQEEI", 164),
    "openssh": ("OPENSSH PRIVATE KEY", "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW", 400),
    "encrypted": ("ENCRYPTED PRIVATE KEY", "MIIFHDBOBgkqhkiG9w0BBQ0wQTApBgkqhkiG9w0BBQwwHAQI", 1700),
}
PK_KIND_LIST = sorted(PK_KINDS)


def pk_lines(kind):
    label, pref, n = PK_KINDS[kind]
    body = pref + ralnum(n - len(pref), B64)
    if kind not in ("pkcs8_ed25519",) and R.random() < 0.5:
        body = body[:-1] + "="
    w = 70 if kind == "openssh" else 64
    lines = [body[i:i + w] for i in range(0, len(body), w)]
    return [f"-----BEGIN {label}-----"] + lines + [f"-----END {label}-----"]


def pk_value(kind=None, layout=None):
    kind = kind or ch(PK_KIND_LIST)
    lines = pk_lines(kind)
    layout = layout or ch(["pem", "pem", "crlf", "json_escaped", "yaml_block", "flattened", "env_quoted"])
    if layout == "pem":
        v = "\n".join(lines)
        text = ch([f"Here is the key file you asked for:\n\n{v}\n\nPlease rotate after use.",
                   f"$ cat ~/.ssh/id_deploy\n{v}\n$", f"{v}\n",
                   f"```\n{v}\n```\nklíč pro staging, nesdílet"])
        ctx = "chat" if text.startswith("Here") else ("shell" if text.startswith("$") else
                                                       ("code" if text.startswith("-") else "markdown"))
        lang = "cs" if "klíč" in text else "en"
    elif layout == "crlf":
        v = "\r\n".join(lines)
        text = f"Content-Type: application/x-pem-file\r\n\r\n{v}\r\n"
        ctx, lang = "email", "en"
    elif layout == "json_escaped":
        v = "\\n".join(lines)
        text = (f'{{\n  "type": "service_account",\n  "project_id": "billing-prod-{R.randrange(100, 999)}",\n'
                f'  "private_key_id": "{ralnum(40, "0123456789abcdef")}",\n  "private_key": "{v}\\n"\n}}')
        ctx, lang = "json", "en"
    elif layout == "yaml_block":
        ind = "    "
        v = ("\n" + ind).join(lines)
        text = f"tls:\n  enabled: true\n  key: |\n{ind}{v}\n  cert_path: /etc/ssl/site.crt\n"
        ctx, lang = "yaml", "en"
    elif layout == "flattened":
        v = " ".join(lines)
        text = ch([f"ERROR could not parse key: {v} (newlines lost?)",
                   f"key={v} source=vault-export"])
        ctx, lang = "log", "en"
    else:
        v = "\\n".join(lines)
        text = f'DEPLOY_USER=ci\nSSH_PRIVATE_KEY="{v}"\nDEPLOY_HOST=build-runner-3\n'
        ctx, lang = "env", "en"
    return text, v, f"{layout}", kind, ctx, lang


# ---------------------------------------------------------------- names
# (lang, written name, form)
NAMES = []
for _lang, _lst in [
    ("cs", "Jana Dvořáková|Tomáš Procházka|Lucie Černá|Martin Kučera|Petra Veselá|Ondřej Horák|Kateřina Marková|Jakub Pokorný"),
    ("de", "Katharina Schneider|Lukas Becker|Sabine Hoffmann|Jürgen Wagner|Mia Schulz|Felix Braun|Annika Vogel|Matthias Krüger"),
    ("fr", "Camille Lefèvre|Théo Moreau|Élodie Girard|Julien Faure|Manon Rousseau|Hugo Chevalier|Clémence Dubois|Antoine Mercier"),
    ("es", "Lucía Fernández|Javier Ortega|Carmen Ruiz|Alejandro Navarro|Paula Herrera|Diego Castillo|Marta Iglesias"),
    ("ro", "Ioana Popescu|Andrei Ionescu|Elena Dumitrescu|Mihai Stănescu|Raluca Constantin|Bogdan Munteanu"),
    ("fi", "Aino Virtanen|Mikko Korhonen|Sanna Nieminen|Juha Mäkinen|Elina Hämäläinen|Ville Laaksonen"),
    ("tr", "Zeynep Yılmaz|Emre Kaya|Elif Demir|Burak Şahin|Ayşe Çelik|Mehmet Öztürk"),
    ("id", "Siti Rahmawati|Budi Santoso|Dewi Lestari|Agus Wijaya|Putri Anggraini|Rizky Pratama"),
    ("ja", "Yuki Tanaka|Haruto Sato|Aoi Suzuki|Ren Takahashi|Sakura Watanabe|Kenji Yamamoto"),
    ("ar", "Omar Haddad|Layla Mansour|Youssef Khalil|Fatima Nasser|Karim Saleh|Nour Hamdan"),
    ("hi", "Priya Sharma|Rahul Verma|Ananya Iyer|Arjun Mehta|Kavya Reddy|Vikram Nair"),
    ("sv", "Astrid Lindqvist|Erik Johansson|Freja Nilsson|Oskar Bergström|Maja Holm|Linnea Sandberg"),
    ("pt", "Ana Beatriz Souza|João Pedro Oliveira|Mariana Costa|Rafael Almeida|Larissa Ribeiro|Gustavo Carvalho"),
    ("pl", "Agnieszka Wiśniewska|Piotr Zieliński|Magdalena Wójcik|Krzysztof Lewandowski|Zofia Kamińska|Tadeusz Nowicki"),
    ("it", "Giulia Romano|Matteo Greco|Francesca Bruno|Lorenzo Marino|Chiara Colombo|Alessandro Ricci"),
    ("nl", "Sanne de Vries|Daan Bakker|Femke Jansen|Thijs van Dijk|Lotte Visser|Bram Smit"),
    ("en", "Emily Carter|James O'Connor|Olivia Bennett|Daniel Hughes|Grace Whitfield|Samuel Brooks|Hannah Price|Michael Turner"),
]:
    for _n in _lst.split("|"):
        NAMES.append((_lang, _n, "given_family"))
for _lang, _lst, _form in [
    ("vi", "Nguyễn Thị Lan|Trần Văn Minh|Lê Thu Hà|Phạm Quốc Bảo|Hoàng Minh Tuấn|Đặng Thị Hương", "family_given"),
    ("hu", "Nagy Eszter|Kovács Bence|Tóth Réka|Szabó Levente|Horváth Dóra|Varga Ádám", "family_given"),
    ("ko", "Kim Min-jun|Lee Seo-yeon|Park Ji-hoon", "family_given"),
    ("ko", "김민준|이서연|박지훈|최수아|정예준|강하은", "native_script"),
    ("he", "דנה לוי|יואב כהן|נועה מזרחי|איתי פרץ|מיכל אברהם|עומר שפירא", "native_script"),
    ("el", "Γιώργος Παπαδόπουλος|Ελένη Κωνσταντίνου|Νίκος Αντωνίου|Μαρία Γεωργίου|Δημήτρης Νικολάου|Κατερίνα Ιωάννου",
     "native_script"),
    ("el", "Giorgos Papadopoulos|Eleni Konstantinou|Nikos Antoniou", "transliteration"),
    ("he", "Yoav Cohen|Noa Mizrahi|Itai Peretz", "transliteration"),
    ("ar", "Ahmed El-Sayed|Rania Abdelrahman", "transliteration"),
    ("ja", "田中 優希|佐藤 陽翔|鈴木 葵", "native_script"),
    ("en", "Emily R. Carter|Daniel J. Hughes|Olivia M. Bennett", "middle_initial"),
    ("de", "Lukas M. Becker|Sabine K. Hoffmann", "middle_initial"),
    ("fr", "Camille LEFÈVRE|Julien FAURE|Manon ROUSSEAU", "caps_family"),
    ("cs", "Jana DVOŘÁKOVÁ|Tomáš PROCHÁZKA", "caps_family"),
    ("ro", "Andrei IONESCU|Elena DUMITRESCU", "caps_family"),
]:
    for _n in _lst.split("|"):
        NAMES.append((_lang, _n, _form))
TITLES = {"en": ["Dr.", "Prof."], "de": ["Dr.", "Prof. Dr."], "fr": ["Dr", "Pr", "Me"],
          "es": ["Lic.", "Ing."], "cs": ["Ing.", "Mgr.", "MUDr."], "pl": ["dr", "mgr", "inż."],
          "it": ["Ing.", "Avv.", "Prof."], "nl": ["Dr.", "ir.", "mr."], "id": ["Dr.", "Ir."], "ro": ["Dr.", "Ing."],
          "pt": ["Dr.", "Prof."], "sv": ["Dr."], "fi": ["Dr.", "FT"], "tr": ["Dr.", "Av.", "Prof."]}

NAME_FRAMES = {
    "en": ["Contact person: {v}", "Please forward this to {v} in accounting.", "Best regards,\n{v}\nProcurement",
           "Patient: {v}, follow-up in two weeks.", "{v} will join the call at 3 pm."],
    "de": ["Ansprechpartner: {v}", "Mit freundlichen Grüßen\n{v}", "Bitte an {v} weiterleiten.",
           "{v} übernimmt ab Montag die Vertretung."],
    "fr": ["Interlocuteur : {v}", "Cordialement,\n{v}", "Merci de transmettre à {v}.", "{v} sera absente demain."],
    "es": ["Persona de contacto: {v}", "Un saludo,\n{v}", "Reenvíalo a {v}, por favor.", "{v} llega mañana a las 9."],
    "cs": ["Kontaktní osoba: {v}", "S pozdravem\n{v}", "Předej to prosím {v}.", "Vyřizuje: {v}"],
    "ro": ["Persoana de contact: {v}", "Cu stimă,\n{v}", "Vă rog trimiteți la {v}."],
    "fi": ["Yhteyshenkilö: {v}", "Ystävällisin terveisin\n{v}", "Lähetä tämä {v}:lle."],
    "tr": ["İrtibat kişisi: {v}", "Saygılarımla,\n{v}", "Lütfen {v} ile görüşün."],
    "id": ["Narahubung: {v}", "Salam,\n{v}", "Tolong teruskan ke {v} ya."],
    "vi": ["Người liên hệ: {v}", "Trân trọng,\n{v}", "Nhờ anh chuyển cho chị {v}."],
    "ja": ["担当者：{v}", "{v}様、いつもお世話になっております。", "差出人: {v}"],
    "ko": ["담당자: {v}", "{v} 님께 전달 부탁드립니다.", "보낸 사람: {v}"],
    "ar": ["جهة الاتصال: {v}", "مع التحية،\n{v}", "يرجى التواصل مع {v}."],
    "he": ["איש קשר: {v}", "בברכה,\n{v}", "נא להעביר ל{v}."],
    "el": ["Υπεύθυνος επικοινωνίας: {v}", "Με εκτίμηση,\n{v}", "Παρακαλώ προωθήστε στον/στην {v}."],
    "hi": ["संपर्क व्यक्ति: {v}", "सादर,\n{v}", "कृपया {v} को भेज दें।"],
    "sv": ["Kontaktperson: {v}", "Med vänliga hälsningar\n{v}", "Skicka vidare till {v}."],
    "pt": ["Contato: {v}", "Abraços,\n{v}", "Encaminha pra {v}, por favor."],
    "pl": ["Osoba kontaktowa: {v}", "Z poważaniem\n{v}", "Proszę przekazać do {v}."],
    "hu": ["Kapcsolattartó: {v}", "Üdvözlettel:\n{v}", "Kérlek, továbbítsd {v} részére."],
    "it": ["Referente: {v}", "Cordiali saluti,\n{v}", "Inoltra a {v}, grazie."],
    "nl": ["Contactpersoon: {v}", "Met vriendelijke groet,\n{v}", "Stuur dit door naar {v}."],
}


# ---------------------------------------------------------------- streets
# (lang, template with {n}, form, postcode pattern, cities)
STREETS = []
_ST = [
    ("de", "Lindenstraße {n}|Am Mühlbach {n}|Bahnhofstr. {n}|Gartenweg {n}|Hauptstraße {n}|Birkenallee {n}|Kirchplatz {n}|Rosenstraße {n}a",
     "#####", "Berlin|Leipzig|Köln|Graz|Bern"),
    ("fr", "{n} rue des Lilas|{n} avenue des Tilleuls|{n}, rue du Moulin|{n} place du Marché|{n} impasse des Acacias|{n} chemin des Vignes|{n} bis rue de la Gare",
     "#####", "Lyon|Nantes|Lille|Rennes"),
    ("es", "Calle Mayor, {n}|Avenida del Mar, {n}|Calle de la Luna, {n}|Paseo de las Acacias, {n}|Plaza del Sol, {n}|Calle Real, {n}|Camino Viejo, {n}",
     "#####", "Madrid|Sevilla|Zaragoza|Bilbao"),
    ("it", "Via Roma, {n}|Via dei Tigli {n}|Corso Venezia, {n}|Viale delle Rose {n}|Piazza del Duomo, {n}|Via della Spiga {n}",
     "#####", "Milano|Torino|Bologna|Verona"),
    ("cs", "Lipová {n}/{m}|Na Příkopě {n}|Školní {n}|Zahradní {n}/{m}|Květná {n}|U Nádraží {n}|Polní {n}",
     "### ##", "Brno|Ostrava|Olomouc|Plzeň"),
    ("pl", "ul. Kwiatowa {n}|ul. Leśna {n}|ul. Polna {n}/{m}|ul. Ogrodowa {n}|al. Lipowa {n}|ul. Słoneczna {n}",
     "##-###", "Gdańsk|Poznań|Kraków|Łódź"),
    ("hu", "Fő utca {n}|Rózsa u. {n}|Virág utca {n}|Templom tér {n}|Hegyalja út {n}|Váci út {n}",
     "####", "Debrecen|Szeged|Győr|Pécs"),
    ("ro", "Strada Florilor {n}|Str. Teilor nr. {n}|Bulevardul Unirii {n}|Strada Morii {n}|Calea Victoriei {n}|Aleea Castanilor {n}",
     "######", "Cluj-Napoca|Iași|Timișoara|Brașov"),
    ("fi", "Koivukuja {n}|Rantatie {n}|Kauppakatu {n}|Puistokatu {n}|Myllytie {n}|Satamakatu {n}",
     "#####", "Tampere|Turku|Oulu|Espoo"),
    ("sv", "Storgatan {n}|Kyrkvägen {n}|Strandvägen {n}|Björkgatan {n}|Skolgatan {n}|Ängsvägen {n}",
     "### ##", "Göteborg|Malmö|Uppsala|Umeå"),
    ("nl", "Kerkstraat {n}|Dorpsstraat {n}|Molenweg {n}|Lindelaan {n}|Prinsengracht {n}|Stationsplein {n}",
     "#### XX", "Utrecht|Haarlem|Leiden|Zwolle"),
    ("pt", "Rua das Flores, {n}|Avenida Paulista, {n}|Rua do Comércio, {n}|Travessa das Palmeiras, {n}|Rua da Praia, {n}|Alameda dos Anjos, {n}",
     "#####-###", "Curitiba|Recife|Campinas|Fortaleza"),
    ("tr", "Gül Sokak No: {n}|Çınar Caddesi No. {n}|Lale Sokağı No: {n}|Bağdat Caddesi No: {n}|Deniz Sokak No. {n}",
     "#####", "İzmir|Ankara|Bursa|Antalya"),
    ("id", "Jalan Melati No. {n}|Jl. Mawar No. {n}|Jalan Kenanga No. {n}|Jl. Cendana No. {n}|Jalan Anggrek No. {n}",
     "#####", "Bandung|Surabaya|Yogyakarta|Medan"),
    ("vi", "số {n} phố Hàng Bạc|{n} Hàng Gai|{n} đường Cầu Giấy", "", "Hà Nội"),
    ("en", "{n} Oak Avenue|{n} Maple Drive|{n} Willow Lane|{n} High Street|{n} Church Road|{n} Elm Street|{n} Station Road|{n} Riverside Drive",
     "", "Leeds|Bristol|Denver|Portland"),
    ("he", "רחוב הגפן {n}|רחוב הדקל {n}|רחוב האלון {n}|רחוב הזית {n}", "", "חיפה|באר שבע"),
    ("ar", "شارع التحرير {n}|شارع النخيل {n}|شارع البحر {n}", "", "القاهرة|جدة"),
    ("el", "Λεωφόρος Κηφισίας {n}|Οδός Πατησίων {n}|Οδός Ακαδημίας {n}", "### ##", "Αθήνα|Θεσσαλονίκη"),
    ("ko", "테헤란로 {n}|올림픽로 {n}|강남대로 {n}|해운대로 {n}", "", "서울|부산"),
    ("hi", "{n} Residency Road|{n} Linking Road|{n} Park Street", "######", "Pune|Kolkata|Bengaluru"),
]
for _lang, _lst, _pc, _cities in _ST:
    for _t in _lst.split("|"):
        if "/{m}" in _t:
            _f = "slash_number"
        elif _t.startswith("{n}") or _t.startswith("số"):
            _f = "number_first"
        elif ", {n}" in _t:
            _f = "comma_number"
        elif "No" in _t or "nr." in _t:
            _f = "prefix_no"
        elif _lang in ("he", "ar", "el", "ko"):
            _f = "native_script"
        elif "str." in _t or "u. " in _t or "ul." in _t or "Str." in _t or "al." in _t or "Jl." in _t:
            _f = "abbreviated"
        else:
            _f = "number_after"
        STREETS.append((_lang, _t, _f, _pc, _cities.split("|")))


def street_value(lang=None):
    cand = [s for s in STREETS if lang is None or s[0] == lang] or STREETS
    lang, t, f, pc, cities = ch(cand)
    n = R.randrange(1, 180) if R.random() < 0.85 else R.randrange(180, 2400)
    v = t.replace("{n}", str(n)).replace("{m}", str(R.randrange(1, 40)))
    if f != "slash_number" and lang == "cs" and R.random() < 0.3:
        v = t.replace("{n}", f"{R.randrange(100, 2999)}/{R.randrange(1, 40)}")
        f = "slash_number"
    if f == "number_after" and lang in ("de", "nl", "sv", "fi") and R.random() < 0.25:
        v += ch(["a", "b", "c"])
        f = "number_suffix"
    post = ""
    if pc:
        post = "".join(str(R.randrange(1, 10)) if c == "#" else (ch("ABCDEFGHJKLMNPRSTVWXZ") if c == "X" else c)
                       for c in pc)
    city = ch(cities)
    tail = f"{post} {city}".strip()
    if lang == "en" and city in ("Denver", "Portland"):
        tail = f"{city}, {ch(['CO', 'OR'])} {R.randrange(80000, 98000)}"
    elif lang == "en":
        tail = f"{city} {ch(['LS1', 'BS8', 'LS6', 'BS1'])} {R.randrange(1, 10)}{ch('ABDEFGHJ')}{ch('LNPQRSTUWX')}"
    return v, f, lang, tail


# ============================================================ single samples
def S(text, labels, lang, form, ctx):
    return {"text": text, "labels": [{"detector": d, "value": v, "form": f} for d, v, f in labels],
            "lang": lang, "form": form, "context": ctx}


def one(det, v, f, lang, text, ctx):
    return S(text, [(det, v, f)], lang, f, ctx)


def pick_ctx(plain_ok=True):
    return ch(STRUCT)


def s_email():
    obf_allowed = R.random() < 0.45
    v, f = email_value(obf=obf_allowed)
    r = R.random()
    if f not in ("plain", "plus_tag", "uppercase") or r < 0.4:
        lang = ch(LANGS)
        text, ctx = prose(lang, "email", v)
        return one("email", v, f, lang, text, ctx)
    if r < 0.5:
        text = ch([f'<p>Dotazy: <a href="mailto:{v}">napište nám</a></p>',
                   f'<a href="mailto:{v}?subject=Objedn%C3%A1vka">Kontakt</a>'])
        return one("email", v, "mailto", "cs", text, "html")
    if r < 0.6:
        rn = ch(ROLE_NAMES)
        text = ch([f"From: {rn} <{v}>\nSubject: Re: order status\n\nSee below.",
                   f"Reply-To: \"{rn}\" <{v}>"])
        return one("email", v, "angle_brackets", "en", text, "email")
    ctx = ch(STRUCT)
    return one("email", v, f, "en", structured(ctx, ch(["email", "contact_email", "e_mail", "billing_email"]), v), ctx)


def s_phone():
    v, f, lang, country = phone_value()
    if f == "tel_link":
        text = ch([f'<a class="btn" href="tel:{v}">📞 {LANG[lang][4]["phone"]}</a>',
                   f'<a href="tel:{v}">Call us</a> (Mon–Fri)'])
        return one("phone", v, f, lang if "Call" not in text else "en", text, "html")
    if f in ("fullwidth", "nbsp") or R.random() < 0.6:
        text, ctx = prose(lang, "phone", v)
        return one("phone", v, f, lang, text, ctx)
    ctx = ch(STRUCT)
    return one("phone", v, f, "en", structured(ctx, ch(["phone", "mobile", "tel", "phone_number"]), v), ctx)


def s_card():
    v, f, brand = card_value()
    exp = f"{R.randrange(1, 13):02d}/{R.randrange(26, 31)}"
    r = R.random()
    if f in ("fullwidth", "nbsp", "thin") or r < 0.45:
        lang = ch(LANGS)
        text, ctx = prose(lang, "card", v)
        return one("credit_card", v, f, lang, text, ctx)
    if r < 0.6:
        text = (f"Card number: {v}\nExpiry: {exp}\nCVC: ***\n[ Pay now ]")
        return one("credit_card", v, f, "en", text, "form")
    ctx = ch(["json", "csv", "sql", "log", "yaml", "http", "chat-transcript", "markdown", "xml"])
    return one("credit_card", v, f, "en", structured(ctx, ch(["card_number", "pan", "cc_number"]), v), ctx)


SSN_FRAMES_EN = ["SSN: {v}", "My social security number is {v}.", "Employee SSN {v} (W-2 attached)",
                 "Please verify the SSN on file: {v}", "applicant_ssn={v} SSN check=pending",
                 "Social Security Number: {v}\nDate of birth: 1987-04-12"]
SSN_FRAMES_ES = ["Mi número de seguro social (SSN) es {v}.", "SSN del empleado: {v}"]


def s_ssn():
    v, f = ssn_value()
    r = R.random()
    if r < 0.6:
        text = ch(SSN_FRAMES_EN).format(v=v)
        return one("ssn", v, f, "en", text, ch(["chat", "form", "email", "ticket"]))
    if r < 0.7:
        return one("ssn", v, f, "es", ch(SSN_FRAMES_ES).format(v=v), "chat")
    ctx = ch(["json", "csv", "sql", "yaml", "log", "xml"])
    return one("ssn", v, f, "en", structured(ctx, "SSN", v), ctx)


def s_iban():
    v, f, cc = iban_value()
    r = R.random()
    if r < 0.55:
        lang = IBAN_LANG[cc] if R.random() < 0.7 else ch(LANGS)
        text, ctx = prose(lang, "iban", v)
        return one("iban", v, f, lang, text, ctx)
    if r < 0.65:
        text = f"Beneficiary: Kavárna u Mostu s.r.o.\nIBAN: {v}\nBIC: {ralnum(4, string.ascii_uppercase)}{cc}{ralnum(2, string.ascii_uppercase)}\nAmount: EUR 1 240,00"
        return one("iban", v, f, "en", text, "form")
    ctx = ch(STRUCT)
    return one("iban", v, f, "en", structured(ctx, ch(["iban", "payout_iban", "bank_account"]), v), ctx)


def s_ipv4():
    ip = ipv4_raw()
    f = ch(["plain"] * 3 + ["with_port", "url", "cidr_suffix", "defanged", "defanged_last", "log_line"])
    if f == "plain":
        v = ip
        r = R.random()
        if r < 0.5:
            lang = ch(LANGS)
            text, ctx = prose(lang, "ip", v)
            return one("ipv4", v, f, lang, text, ctx)
        ctx = ch(STRUCT)
        return one("ipv4", v, f, "en", structured(ctx, ch(["client_ip", "remote_addr", "host", "ip"]), v), ctx)
    if f == "with_port":
        text = ch([f"upstream {ip}:{ch([8080, 443, 5432, 6379, 3000])} max_fails=3;",
                   f"Connection refused ({ip}:{R.randrange(1024, 65000)})", f"DB_HOST={ip}:5432"])
        return one("ipv4", ip, f, "en", text, "log" if "refused" in text else "code")
    if f == "url":
        text = f"curl -s http://{ip}:{ch([80, 8000, 9200])}/health | jq ."
        return one("ipv4", ip, f, "en", text, "shell")
    if f == "cidr_suffix":
        text = f"interface eth1\n  address {ip}/{ch([24, 16, 20, 28])}\n  mtu 1500"
        return one("ipv4", ip, f, "en", text, "code")
    if f in ("defanged", "defanged_last"):
        v = ip.replace(".", "[.]") if f == "defanged" else ip.rsplit(".", 1)[0] + "[.]" + ip.rsplit(".", 1)[1]
        text = ch([f"IOC: C2 server at {v} (port 4444), blocked at the perimeter.",
                   f"Podezřelá IP {v} se objevila v logu dvakrát.", f"- hxxp://{v}/payload.bin"])
        return one("ipv4", v, f, "cs" if "Podezřelá" in text else "en", text, "ticket")
    v = ip
    text = (f'{v} - - [12/Mar/2025:08:14:{R.randrange(10, 59)} +0100] "GET /api/v1/items?page=2 HTTP/1.1" 200 '
            f'{R.randrange(200, 9000)} "-" "Mozilla/5.0 (X11; Linux x86_64)"')
    return one("ipv4", v, "access_log", "en", text, "log")


def s_ipv6():
    a = ipv6_raw()
    f = ch(["compressed"] * 3 + ["full", "zone", "bracket_port", "cidr_suffix", "uppercase"])
    if a.is_link_local and f not in ("zone",):
        f = "zone"
    comp = str(a)
    if f == "compressed":
        v = comp
        if R.random() < 0.5:
            lang = ch(LANGS)
            text, ctx = prose(lang, "ip", v)
            return one("ipv6", v, f, lang, text, ctx)
        ctx = ch(STRUCT)
        return one("ipv6", v, f, "en", structured(ctx, ch(["client_ip", "ipv6", "remote_addr"]), v), ctx)
    if f == "full":
        v = a.exploded
        text = f"AAAA record for api.shopfront.io -> {v}"
        return one("ipv6", v, f, "en", text, "log")
    if f == "uppercase":
        v = comp.upper()
        text = f"Neighbor {v} is REACHABLE on Gi0/1"
        return one("ipv6", v, f, "en", text, "log")
    if f == "zone":
        v = comp
        text = f"ping6 -c 3 {v}%{ch(['eth0', 'en0', 'wlan0'])}"
        return one("ipv6", v, f, "en", text, "shell")
    if f == "bracket_port":
        v = comp
        text = ch([f"listening on [{v}]:{ch([443, 8443, 22])}", f"GET http://[{v}]:8080/status"])
        return one("ipv6", v, f, "en", text, "log")
    v = comp
    text = f"ip -6 addr add {v}/64 dev eth0"
    return one("ipv6", v, f, "en", text, "shell")


def s_key(det):
    if det == "openai_key":
        v, f = openai_value()
        env, lib = "OPENAI_API_KEY", "OpenAI(api_key=\"{v}\")"
    elif det == "anthropic_key":
        v, f = anthropic_value()
        env, lib = "ANTHROPIC_API_KEY", "anthropic.Anthropic(api_key=\"{v}\")"
    elif det == "aws_access_key":
        v, f = aws_value()
        env, lib = "AWS_ACCESS_KEY_ID", "boto3.client(\"s3\", aws_access_key_id=\"{v}\")"
    else:
        v, f = github_value()
        env, lib = "GITHUB_TOKEN", "Github(auth=Auth.Token(\"{v}\"))"
    k = R.randrange(8)
    if k == 0:
        text, ctx = f"# .env\n{env}={v}\nLOG_LEVEL=debug\n", "env"
    elif k == 1:
        text, ctx = f"client = {lib.format(v=v)}", "code"
    elif k == 2:
        text, ctx = f"$ export {env}='{v}'", "shell"
    elif k == 3:
        lang = ch(LANGS)
        text, ctx = prose(lang, "key", v)
        return one(det, v, f, lang, text, ctx)
    elif k == 4:
        text = (f"Traceback (most recent call last):\n  File \"app.py\", line 41, in <module>\n    main()\n"
                f"AuthError: invalid credentials (key={v})")
        ctx = "log"
    elif k == 5:
        text, ctx = f"{env.lower()}: {v}\nregion: eu-central-1\n", "yaml"
    elif k == 6:
        text, ctx = f'{{"{env.lower()}": "{v}", "retries": 3}}', "json"
    else:
        text = f"--- a/config.ini\n+++ b/config.ini\n@@ -1,2 +1,2 @@\n-token = \n+token = {v}\n"
        ctx = "diff"
    return one(det, v, f, "en", text, ctx)


def s_jwt():
    v, alg = jwt_value()
    k = R.randrange(6)
    if k == 0:
        text, ctx, f = f"GET /api/orders HTTP/1.1\r\nHost: api.shopfront.io\r\nAuthorization: Bearer {v}\r\nAccept: */*\r\n", "http", "bearer_header"
    elif k == 1:
        text, ctx, f = f"curl -H \"Authorization: Bearer {v}\" https://api.shopfront.io/v1/me", "shell", "bearer_header"
    elif k == 2:
        text, ctx, f = f"Set-Cookie: session={v}; Path=/; HttpOnly; Secure", "http", "cookie"
    elif k == 3:
        text, ctx, f = f"https://app.shopfront.io/callback#id_token={v}&state=af0ifjsldkj", "url", "url_fragment"
    elif k == 4:
        text, ctx, f = f'{{"access_token": "{v}", "token_type": "Bearer", "expires_in": 3600}}', "json", "json_field"
    else:
        lang = ch(LANGS)
        text, ctx = prose(lang, "key", v)
        return one("jwt", v, "bare_" + alg, lang, text, ctx)
    return one("jwt", v, f + "_" + alg, "en", text, ctx)


def s_bearer():
    v, f = bearer_value()
    k = R.randrange(5)
    if k == 0:
        text, ctx = f"POST /v1/sync HTTP/1.1\r\nHost: api.kavarna.cz\r\nAuthorization: Bearer {v}\r\nContent-Length: 0\r\n\r\n", "http"
    elif k == 1:
        text, ctx = f"curl -X GET https://graph.shopfront.io/me -H 'Authorization: Bearer {v}'", "shell"
    elif k == 2:
        text, ctx = f"headers = {{\"Authorization\": \"Bearer {v}\", \"Accept\": \"application/json\"}}", "code"
    elif k == 3:
        text, ctx = f"{R.randrange(10, 23)}:{R.randrange(10, 59)}:03 DEBUG outbound request auth=\"Bearer {v}\" status=401", "log"
    else:
        text, ctx = f"Authorization: Bearer {v}", "http"
    return one("bearer_token", v, f, "en", text, ctx)


def s_pk():
    text, v, f, kind, ctx, lang = pk_value()
    s = one("private_key", v, f, lang, text, ctx)
    s["_pkkind"] = kind
    return s


def s_name():
    lang, v, f = ch(NAMES)
    title = None
    if f == "given_family" and lang in TITLES and R.random() < 0.3:
        title = ch(TITLES[lang])
        f = "title_outside_value"
    frames = NAME_FRAMES.get(lang) or NAME_FRAMES["en"]
    if R.random() < 0.2 and lang not in ("ja", "ko", "he", "ar", "el", "hi", "vi"):
        ctx = ch(["json", "csv", "yaml", "sql", "xml", "markdown"])
        shown = f"{title} {v}" if title else v
        return one("person_name", v, f, "en", structured(ctx, ch(["full_name", "contact_name", "customer"]), shown), ctx)
    fr = ch(frames)
    shown = f"{title} {v}" if title else v
    text = fr.format(v=shown)
    ctx = "email" if "\n" in fr else ch(["chat", "ticket", "form", "sms"])
    return one("person_name", v, f, lang, text, ctx)


ADDR_FRAMES = {
    "de": "Lieferadresse: {v}, {t}", "fr": "Adresse de livraison : {v}, {t}", "es": "Dirección de envío: {v}, {t}",
    "it": "Indirizzo di consegna: {v}, {t}", "cs": "Doručovací adresa: {v}, {t}", "pl": "Adres dostawy: {v}, {t}",
    "hu": "Szállítási cím: {t}, {v}", "ro": "Adresa de livrare: {v}, {t}", "fi": "Toimitusosoite: {v}, {t}",
    "sv": "Leveransadress: {v}, {t}", "nl": "Afleveradres: {v}, {t}", "pt": "Endereço de entrega: {v} – {t}",
    "tr": "Teslimat adresi: {v}, {t}", "id": "Alamat pengiriman: {v}, {t}", "vi": "Địa chỉ giao hàng: {v}, {t}",
    "en": "Ship to: {v}, {t}", "he": "כתובת למשלוח: {v}, {t}", "ar": "عنوان التوصيل: {v}، {t}",
    "el": "Διεύθυνση αποστολής: {v}, {t}", "ko": "배송지: {t} {v}", "hi": "डिलीवरी पता: {v}, {t}",
}


def s_street():
    v, f, lang, tail = street_value()
    r = R.random()
    if r < 0.55:
        text = ADDR_FRAMES[lang].format(v=v, t=tail)
        ctx = ch(["form", "chat", "email", "ticket"])
        if R.random() < 0.3:
            hi, ty = LANG[lang][0], LANG[lang][1]
            text = f"{hi} {text}. {ty}"
        return one("street_address", v, f, lang, text, ctx)
    if r < 0.7:
        hi, ty, upd, chk, L = LANG[lang]
        text = f"{upd} {v}\n{tail}\n{chk}"
        return one("street_address", v, f, lang, text, "chat")
    ctx = ch(["json", "csv", "yaml", "xml", "sql", "markdown", "toml"])
    if ctx == "sql" and "'" in v:
        ctx = "json"
    return one("street_address", v, f, "en", structured(ctx, ch(["street", "address_line1", "street_address"]), v), ctx)


# ============================================================ multi-value layouts
def plain_email():
    return email_value(obf=False)


def m_contact_card():
    lang, name, nf = ch(NAMES)
    e, ef = plain_email()
    p, pf, _, _ = phone_value(evasive=False)
    st, sf, sl, tail = street_value()
    if R.random() < 0.5:
        text = (f"BEGIN:VCARD\nVERSION:3.0\nFN:{name}\nTEL;TYPE=cell:{p}\nEMAIL;TYPE=work:{e}\n"
                f"ADR;TYPE=home:;;{st};{tail};;;\nEND:VCARD")
        ctx = "code"
    else:
        L = LANG[lang][4]
        text = f"{L['name']}: {name}\n{L['phone']}: {p}\n{L['email']}: {e}\n{L['addr']}: {st}, {tail}"
        ctx = "form"
    labs = [("person_name", name, nf), ("phone", p, pf), ("email", e, ef), ("street_address", st, sf)]
    return S(text, labs, "en" if ctx == "code" else lang, "contact_card", ctx)


def m_csv_rows():
    rows, labs = [], []
    sep = ch([",", "\t", ";"])
    hdr = sep.join(["id", "full_name", "email", "phone"])
    used = set()
    for i in range(R.randrange(2, 5)):
        while True:
            lang, name, nf = ch(NAMES)
            if name not in used:
                used.add(name)
                break
        e, ef = plain_email()
        p, pf, _, _ = phone_value(evasive=False)
        rows.append(sep.join([str(1000 + i), name, e, p]))
        labs += [("person_name", name, nf), ("email", e, ef), ("phone", p, pf)]
    return S(hdr + "\n" + "\n".join(rows) + "\n", labs, "en", "csv_rows", "csv")


def m_sql_insert():
    labs, tuples = [], []
    for i in range(R.randrange(1, 4)):
        lang, name, nf = ch(NAMES)
        e, ef = plain_email()
        ib, ibf, _ = iban_value()
        tuples.append(f"({200 + i}, '{name}', '{e}', '{ib}')")
        labs += [("person_name", name, nf), ("email", e, ef), ("iban", ib, ibf)]
    text = "INSERT INTO payees (id, name, email, iban) VALUES\n  " + ",\n  ".join(tuples) + ";"
    return S(text, labs, "en", "sql_insert", "sql")


def m_http_dump():
    ip1, ip2 = ipv4_raw("public"), ipv4_raw(ch(["p10", "p172", "p192"]))
    if R.random() < 0.5:
        tok, tf = jwt_value()
        det = "jwt"
        tf = "bearer_header_" + tf
    else:
        tok, tf = bearer_value()
        det = "bearer_token"
    text = (f"POST /api/v3/checkout HTTP/1.1\r\nHost: shop.kavarna.cz\r\nAuthorization: Bearer {tok}\r\n"
            f"X-Forwarded-For: {ip1}, {ip2}\r\nUser-Agent: okhttp/4.12.0\r\nContent-Type: application/json\r\n\r\n"
            f"{{\"cart\": {R.randrange(1000, 9999)}, \"currency\": \"CZK\"}}")
    labs = [(det, tok, tf), ("ipv4", ip1, "plain"), ("ipv4", ip2, "plain")]
    return S(text, labs, "en", "http_dump", "http")


def m_firewall_log():
    lines, labs = [], []
    for i in range(R.randrange(2, 5)):
        if R.random() < 0.65:
            s, d = ipv4_raw("public"), ipv4_raw(ch(["p10", "p172", "p192"]))
            labs += [("ipv4", s, "plain"), ("ipv4", d, "plain")]
        else:
            s, d = str(ipv6_raw("global")), str(ipv6_raw("ula"))
            labs += [("ipv6", s, "compressed"), ("ipv6", d, "compressed")]
        lines.append(f"Mar {R.randrange(10, 28)} 0{R.randrange(10)}:{R.randrange(10, 59)}:{R.randrange(10, 59)} fw01 kernel: "
                     f"[UFW BLOCK] IN=eth0 OUT= SRC={s} DST={d} PROTO=TCP SPT={R.randrange(1024, 65535)} "
                     f"DPT={ch([22, 23, 445, 3389, 5900])}")
    return S("\n".join(lines), labs, "en", "firewall_log", "log")


def m_env_multi():
    dets = ["aws_access_key", "openai_key", "github_token", "anthropic_key"]
    R.shuffle(dets)
    dets = dets[:R.randrange(2, 5)]
    envn = {"aws_access_key": "AWS_ACCESS_KEY_ID", "openai_key": "OPENAI_API_KEY", "github_token": "GH_TOKEN",
            "anthropic_key": "ANTHROPIC_API_KEY"}
    gen = {"aws_access_key": aws_value, "openai_key": openai_value, "github_token": github_value,
           "anthropic_key": anthropic_value}
    lines, labs = ["# staging secrets – DO NOT COMMIT", "NODE_ENV=staging"], []
    for d in dets:
        v, f = gen[d]()
        lines.append(f"{envn[d]}={v}")
        labs.append((d, v, f))
    lines.append("AWS_REGION=eu-central-1")
    return S("\n".join(lines) + "\n", labs, "en", "env_multi", "env")


def m_json_profile():
    lang, name, nf = ch(NAMES)
    e, ef = plain_email()
    p, pf, _, _ = phone_value(evasive=False)
    st, sf, sl, tail = street_value()
    ib, ibf, _ = iban_value()
    text = json.dumps({"user": {"id": R.randrange(10 ** 5, 10 ** 6), "name": name, "email": e, "phone": p,
                                "address": {"street": st, "city_line": tail}, "payout": {"iban": ib}}},
                      ensure_ascii=False, indent=ch([None, 2]))
    labs = [("person_name", name, nf), ("email", e, ef), ("phone", p, pf), ("street_address", st, sf),
            ("iban", ib, ibf)]
    return S(text, labs, "en", "json_profile", "json")


def m_markdown_table():
    rows, labs, used = [], [], set()
    for i in range(R.randrange(2, 4)):
        while True:
            lang, name, nf = ch(NAMES)
            if name not in used:
                used.add(name)
                break
        e, ef = plain_email()
        ip = ipv4_raw()
        rows.append(f"| {name} | {e} | {ip} |")
        labs += [("person_name", name, nf), ("email", e, ef), ("ipv4", ip, "plain")]
    text = "| Owner | Contact | Host |\n|---|---|---|\n" + "\n".join(rows)
    return S(text, labs, "en", "markdown_table", "markdown")


def m_chat_two():
    lang = ch(LANGS)
    hi, ty, upd, chk, L = LANG[lang]
    e, ef = email_value(obf=True)
    if R.random() < 0.5:
        p, pf, _, _ = phone_value()
        labs = [("email", e, ef), ("phone", p, pf)]
        text = f"{hi} {L['email']}: {e}\n{L['phone']}: {p}\n{ty}"
    else:
        ib, ibf, _ = iban_value()
        labs = [("email", e, ef), ("iban", ib, ibf)]
        text = f"{hi} {L['iban']} {ib}, {L['email']} {e}. {ty}"
    return S(text, labs, lang, "chat_two_values", "chat")


def m_payment_form():
    lang, name, nf = ch([n for n in NAMES if n[2] in ("given_family", "caps_family", "middle_initial")])
    cc, cf, _ = card_value(evasive=False)
    st, sf, sl, tail = street_value()
    text = (f"Cardholder name: {name.upper() if R.random() < 0.3 else name}\nCard number: {cc}\n"
            f"Expiry: {R.randrange(1, 13):02d}/{R.randrange(26, 31)}   CVC: ***\nBilling address: {st}, {tail}\n[ Pay ]")
    shown = name.upper() if name.upper() in text and name not in text else name
    labs = [("person_name", shown, "caps_full" if shown != name else nf), ("credit_card", cc, cf),
            ("street_address", st, sf)]
    return S(text, labs, "en", "payment_form", "form")


def m_mail_headers():
    lang, name, nf = ch([n for n in NAMES if n[2] != "native_script" or R.random() < 0.5])
    e1, f1 = plain_email()
    e2, f2 = plain_email()
    ip = ipv4_raw("public")
    text = (f"Received: from mx{R.randrange(1, 9)}.mailrelay.net (mx.mailrelay.net [{ip}])\n"
            f"\tby inbound.kavarna.cz with ESMTPS id {ralnum(10, string.ascii_uppercase + string.digits)}\n"
            f"From: \"{name}\" <{e1}>\nTo: {e2}\nSubject: Faktura / Invoice 2025-0{R.randrange(1, 9)}\n"
            f"Date: Tue, 11 Mar 2025 09:{R.randrange(10, 59)}:12 +0100")
    labs = [("ipv4", ip, "plain"), ("person_name", name, nf), ("email", e1, f1), ("email", e2, f2)]
    return S(text, labs, "en", "mail_headers", "email")


MULTI = [m_contact_card, m_csv_rows, m_sql_insert, m_http_dump, m_firewall_log, m_env_multi, m_json_profile,
         m_markdown_table, m_chat_two, m_payment_form, m_mail_headers]


# ============================================================ hard negatives
def hexs(n):
    return ralnum(n, "0123456789abcdef")


def n_cc_bad_luhn():
    num, _ = card_number(valid=False)
    v = ch([" ", "-"]).join(group_card(num))
    return ch([(f"Platba zamítnuta: číslo karty {v} neprošlo kontrolou (neplatné číslo).", "cs", "chat"),
               (f"Test fixture (invalid checksum on purpose): {v}", "en", "code"),
               (f"Kartennummer {v} ist ungültig – Prüfziffer stimmt nicht.", "de", "form")])


def n_cc_masked():
    last = rdigits(4)
    return ch([(f"Paid with Visa •••• {last} on 2025-03-02.", "en", "email"),
               (f"Karta: **** **** **** {last} (platnost 09/27)", "cs", "form"),
               (f"Tarjeta terminada en {last}, cargo de 49,90 €", "es", "sms"),
               (f'{{"card_last4": "{last}", "brand": "mastercard"}}', "en", "json")])


def n_iban_bad():
    cc = ch(IBAN_CC)
    s = iban_make(cc, valid=False)
    assert not iban_ok(s)
    v = " ".join(s[i:i + 4] for i in range(0, len(s), 4)) if R.random() < 0.5 else s
    return ch([(f"IBAN {v} wurde von der Bank abgelehnt (Prüfsumme falsch).", "de", "email"),
               (f"validation error: iban '{v}' failed mod-97 check", "en", "log"),
               (f"Numer {v} jest błędny – suma kontrolna się nie zgadza.", "pl", "chat")])


def n_iban_masked():
    cc = ch(IBAN_CC)
    return ch([(f"Účet: {cc}** **** **** **** **{rdigits(2)} {rdigits(2)}", "cs", "form"),
               (f"Refund goes to your saved account ending in {rdigits(4)}.", "en", "email")])


def n_nine_digit_id():
    d = rdigits(9)
    return ch([(f"Order no. {d} has shipped.", "en", "email"),
               (f"Objednávka č. {d} byla odeslána.", "cs", "sms"),
               (f"Rechnungsnummer {d} – bitte bei Zahlung angeben.", "de", "email"),
               (f"Numéro de commande : {d}", "fr", "form"),
               (f'{{"order_id": {d}, "status": "shipped"}}', "en", "json"),
               (f"Tracking ID {d} · estimated delivery Thursday", "en", "sms")])


def n_ssn_invalid():
    a, g, s = ssn_digits(valid=False)
    v = f"{a}-{g}-{s}"
    return ch([(f"SSN field rejected: {v} is not a valid number (area/group/serial).", "en", "log"),
               (f"Reminder: {v} is not a valid social security number format, please re-enter.", "en", "form")])


def n_version():
    a, b, c = R.randrange(1, 20), R.randrange(0, 40), R.randrange(0, 30)
    return ch([(f"Upgrade to v{a}.{b}.{c} fixes the memory leak.", "en", "chat"),
               (f'"dependencies": {{"left-pad": "^{a}.{b}.{c}", "chalk": "~{b}.{c}.1"}}', "en", "json"),
               (f"Verze {a}.{b}.{c}-rc{R.randrange(1, 5)} je ke stažení.", "cs", "chat"),
               (f"Python {ch(['3.11', '3.12', '3.9'])}.{c} · pip {a}.{b}", "en", "log"),
               (f"Firmware {a}.{b}.{c} (build {R.randrange(1000, 9999)})", "en", "ticket")])


def n_date():
    y, m, d = R.randrange(2019, 2027), R.randrange(1, 13), R.randrange(1, 29)
    return ch([(f"Termín: {d}.{m}.{y} v {R.randrange(8, 18)}:30", "cs", "chat"),
               (f"{y}-{m:02d}-{d:02d}T{R.randrange(24):02d}:{R.randrange(60):02d}:{R.randrange(60):02d}Z job finished", "en", "log"),
               (f"Due date {m:02d}/{d:02d}/{y}", "en", "email"),
               (f"{y}年{m}月{d}日 14時から会議です。", "ja", "chat"),
               (f"Toplantı {d}.{m:02d}.{y} tarihinde.", "tr", "chat")])


def n_order_ids():
    return ch([(f"Order ORD-{R.randrange(2020, 2027)}-{rdigits(6)} confirmed.", "en", "email"),
               (f"Faktura FV-{R.randrange(2020, 2027)}/{rdigits(4)} je splatná do 14 dnů.", "cs", "email"),
               (f"Invoice INV-{rdigits(5)}-{ralnum(2, string.ascii_uppercase)} attached.", "en", "email"),
               (f"Sendungsnummer: JJD{rdigits(18)} (DHL Paket)", "de", "sms"),
               (f"Tracking: 1Z{ralnum(6, string.ascii_uppercase + string.digits)}{rdigits(10)}", "en", "sms"),
               (f"Pedido #{rdigits(7)} en preparación.", "es", "sms"),
               (f"Ticket SR{rdigits(8)} resolved.", "en", "ticket")])


def n_postal():
    return ch([(f"PSČ {R.randrange(100, 799)} {rdigits(2)}, Brno-střed", "cs", "form"),
               (f"Das Paket liegt in der Filiale {R.randrange(10000, 99999)} Leipzig bereit.", "de", "sms"),
               (f"Code postal : {R.randrange(10000, 95999)}", "fr", "form"),
               (f"Postcode {ch(['SW1A', 'EH1', 'M4', 'LS1'])} {R.randrange(1, 9)}{ch('ABDEFGHJ')}{ch('LNPQRSTUWX')}", "en", "form"),
               (f"CEP {rdigits(5)}-{rdigits(3)} não encontrado.", "pt", "form")])


def n_price():
    return ch([(f"Celkem: {R.randrange(1, 9)} {rdigits(3)},00 Kč vč. DPH", "cs", "email"),
               (f"Total: ${R.randrange(1, 9)},{rdigits(3)}.{rdigits(2)} (incl. tax)", "en", "email"),
               (f"Preis: {R.randrange(10, 999)},{rdigits(2)} €", "de", "chat"),
               (f"Fiyat: ₺{R.randrange(1, 99)}.{rdigits(3)},{rdigits(2)}", "tr", "chat"),
               (f"価格：¥{R.randrange(1, 99)},{rdigits(3)}（税込）", "ja", "chat")])


def n_mac():
    m = [f"{R.randrange(256):02x}" for _ in range(6)]
    v = ch([":".join(m), "-".join(m).upper(), ".".join("".join(m[i:i + 2]) for i in (0, 2, 4))])
    return ch([(f"DHCPACK lease for MAC {v} renewed", "en", "log"),
               (f"Bridge: {v} learned on port 7", "en", "log"),
               (f"MAC-Adresse des Druckers: {v}", "de", "ticket")])


def n_hash():
    return ch([(f"sha256sum: {hexs(64)}  release.tar.gz", "en", "shell"),
               (f"commit {hexs(40)}\nMerge: {hexs(7)} {hexs(7)}", "en", "log"),
               (f"md5 {hexs(32)}", "en", "log"),
               (f'"integrity": "sha512-{base64.b64encode(rbytes(64)).decode()}"', "en", "json"),
               (f"ETag: \"{hexs(32)}\"", "en", "http")])


def n_uuid():
    u = f"{hexs(8)}-{hexs(4)}-4{hexs(3)}-{ch('89ab')}{hexs(3)}-{hexs(12)}"
    return ch([(f"request_id={u} status=200 duration_ms={R.randrange(3, 900)}", "en", "log"),
               (f'{{"trace_id": "{u}"}}', "en", "json"),
               (f"ID zásilky: {u.upper()}", "cs", "ticket")])


def n_placeholder_keys():
    return ch([("OPENAI_API_KEY=sk-xxxxxxxxxxxxxxxxxxxxxxxx", "en", "env"),
               ("aws_access_key_id = AKIAXXXXXXXXXXXXXXXX", "en", "ini"),
               ("export GITHUB_TOKEN=ghp_<your-token-here>", "en", "shell"),
               ("ANTHROPIC_API_KEY=<paste your key>", "en", "env"),
               ("Authorization: Bearer <ACCESS_TOKEN>", "en", "http"),
               ("Authorization: Bearer ${API_TOKEN}", "en", "http"),
               ("curl -H \"Authorization: Bearer $TOKEN\" https://api.shopfront.io/v1/me", "en", "shell"),
               ("api_key: \"sk-...\"  # set via secrets manager", "en", "yaml"),
               ("The key looks like sk-ant-api03-… and is shown only once.", "en", "chat"),
               ("Vložte svůj klíč (sk-proj-…) do pole níže.", "cs", "form"),
               ("token: ghp_************************************", "en", "yaml"),
               ("Authorization: Bearer undefined", "en", "http"),
               ("Authorization: Bearer null", "en", "http"),
               ("AWS_ACCESS_KEY_ID=YOUR_ACCESS_KEY_ID", "en", "env"),
               ("private_key: \"<redacted>\"", "en", "yaml")])


def n_aws_bad_alphabet():
    while True:
        s = ralnum(16, string.ascii_uppercase + "0189")
        if sum(c in "0189" for c in s) >= 2:
            break
    return ch([(f"Not an access key id (contains 0/1/8/9): AKIA{s}", "en", "chat"),
               (f"serial=AKIA{s} device=scanner-2", "en", "log")])


def n_prose_at_dot():
    return ch([("We'll look at it on Monday; the dot on the map marks the warehouse.", "en", "chat"),
               ("Meet me at the station, then we walk to the dot-com office on the hill.", "en", "sms"),
               ("Click at the red dot in the corner to close the window.", "en", "ticket"),
               ("Le rendez-vous est at home, point final.", "fr", "chat"),
               ("Look at the logs dot by dot, line at a time.", "en", "chat"),
               ("Angekommen at last — dot matrix printer works again.", "de", "chat"),
               ("Rate: 5 at 3.20 each, dot notation in the spreadsheet.", "en", "email")])


def n_product():
    return ch([("Galaxy S24 Ultra 512 GB, Titanium Gray – skladem", "cs", "html"),
               ("The ThinkPad X1 Carbon Gen 11 ships next week.", "en", "email"),
               ("Volvo XC60 B5 AWD Plus, Baujahr 2023", "de", "form"),
               ("Dacia Duster 4x4 – cena od 399 900 Kč", "cs", "html"),
               ("Pixel 9 Pro vs. iPhone 16 Pro: camera comparison", "en", "markdown"),
               ("Kindle Paperwhite Signature Edition 32 GB", "en", "html"),
               ("Nokia Lumia 920 na náhradní díly", "cs", "chat"),
               ("Roomba Combo j9+ Saugroboter", "de", "html")])


def n_city():
    return ch([("Flights from Tampere to Izmir via Cluj-Napoca are cheaper in May.", "en", "email"),
               ("Pobočky: Brno, Ostrava, Olomouc a Plzeň.", "cs", "html"),
               ("Wir liefern nach Leipzig, Graz und Bern.", "de", "html"),
               ("Voos para Recife e Fortaleza esgotados.", "pt", "chat"),
               ("Lyon, Nantes et Lille sont desservies.", "fr", "html"),
               ("Rute Bandung – Surabaya ditutup sementara.", "id", "sms"),
               ("Chuyến bay Hà Nội – Đà Nẵng bị hoãn.", "vi", "sms"),
               ("서울에서 부산까지 KTX로 2시간 30분.", "ko", "chat"),
               ("Θεσσαλονίκη και Αθήνα: νέα δρομολόγια.", "el", "html"),
               ("רכבת מחיפה לבאר שבע יוצאת בשעה 8.", "he", "sms")])


def n_capitalised():
    return ch([("Mark the ticket as done. Will you check the backlog later?", "en", "ticket"),
               ("Grace period ends Friday. Bill the remaining hours next month.", "en", "email"),
               ("Rose prices rose again. Frank feedback welcome.", "en", "chat"),
               ("Bitte Rückruf. Morgen Termin. Danke Schön.", "de", "sms"),
               ("Dobrý den, Posíláme Přílohu Ke Kontrole.", "cs", "email"),
               ("Summer Sale Starts Now — Free Shipping Over 50 €", "en", "html"),
               ("Hope Springs Eternal, Says The Quarterly Report", "en", "email"),
               ("Nouvelle Collection Printemps Été", "fr", "html"),
               ("Buenos Días Equipo, Reunión Pospuesta", "es", "email")])


STREET_PROSE = [("Die Baustelle in der Lindenstraße dauert noch bis Juni.", "de"),
                ("Traffic on Oak Avenue is backed up again this morning.", "en"),
                ("Na Lipové ulici je dnes uzavírka.", "cs"),
                ("Le marché de la rue des Lilas est fermé dimanche.", "fr"),
                ("Hay obras en la Calle Mayor toda la semana.", "es"),
                ("Ulica Kwiatowa będzie zamknięta do piątku.", "pl"),
                ("A Fő utca felújítása jövő héten kezdődik.", "hu"),
                ("Strada Florilor este închisă pentru asfaltare.", "ro"),
                ("Rantatie on suljettu liikenteeltä.", "fi"),
                ("Storgatan stängs av för cykelloppet.", "sv"),
                ("De Kerkstraat is dit weekend afgesloten.", "nl"),
                ("A Rua das Flores vai ter feira no sábado.", "pt"),
                ("Bağdat Caddesi trafiğe kapatıldı.", "tr"),
                ("Jalan Melati macet total sore ini.", "id"),
                ("테헤란로에 교통 체증이 심합니다.", "ko"),
                ("רחוב הגפן סגור היום לתנועה.", "he"),
                ("Via della Spiga è pedonale la domenica.", "it")]


def n_street_no_number():
    t, lang = ch(STREET_PROSE)
    return t, lang, ch(["chat", "sms", "email"])


def n_ipv4_invalid():
    o = [R.randrange(256, 999), R.randrange(0, 255), R.randrange(0, 255), R.randrange(300, 999)]
    if R.random() < 0.5:
        o = [R.randrange(1, 255), R.randrange(256, 999), R.randrange(0, 255), R.randrange(1, 255)]
    v = ".".join(map(str, o))
    return ch([(f"WARN invalid address '{v}' in allowlist, skipping", "en", "log"),
               (f"Section {R.randrange(1, 9)}.{R.randrange(1, 9)}.{R.randrange(1, 9)} covers retention rules.", "en", "email")])


def n_isbn_coords():
    return ch([(f"ISBN 978-80-{rdigits(4)}-{rdigits(3)}-{R.randrange(10)}", "cs", "html"),
               (f"GPS: {R.randrange(45, 55)}.{rdigits(4)}, {R.randrange(10, 20)}.{rdigits(4)}", "en", "chat"),
               (f"Teplota venku +{R.randrange(10, 30)} °C, vlhkost {R.randrange(30, 90)} %", "cs", "sms"),
               (f"Score 3:2, ratio 16:9, half-time at 45:00", "en", "chat"),
               (f"Colour #{hexs(6)} on background #{hexs(6)}", "en", "code"),
               (f"SKU A{R.randrange(1, 9)}-{rdigits(4)}-XL, Größe M", "de", "html")])


def n_public_key():
    body = ralnum(360, B64)
    lines = [body[i:i + 64] for i in range(0, len(body), 64)]
    k = R.randrange(3)
    if k == 0:
        return ("-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA" + "\n".join(lines) +
                "\n-----END PUBLIC KEY-----", "en", "code")
    if k == 1:
        return ("-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIE" + "\n".join(lines) +
                "\n-----END CERTIFICATE-----", "en", "code")
    return (f"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI{ralnum(43, B64)} deploy@build-runner-3", "en", "shell")


def n_code_colons():
    return ch([("use std::collections::HashMap;\nuse serde::Deserialize;", "en", "code"),
               ("std::vector<int> v; v.reserve(16);", "en", "code"),
               (f"Uptime {R.randrange(1, 24)}:{R.randrange(10, 60)}:{R.randrange(10, 60)}, load 0.{R.randrange(10, 99)} 0.38 0.31", "en", "log"),
               (f"ratio {R.randrange(2, 30)}:{R.randrange(1, 9)}, aspect 16:9", "en", "chat"),
               ("Duration: 01:02:03:04 (dd:hh:mm:ss)", "en", "log")])


def n_base64_blob():
    blob = base64.b64encode(rbytes(R.randrange(24, 60))).decode()
    return ch([(f'{{"thumbnail": "data:image/png;base64,{blob}"}}', "en", "json"),
               (f"Content-MD5: {base64.b64encode(rbytes(16)).decode()}", "en", "http"),
               (f"X-Request-Signature: v1={hexs(64)}", "en", "http")])


NEGS = [
    (n_cc_bad_luhn, 60), (n_cc_masked, 30), (n_iban_bad, 60), (n_iban_masked, 20), (n_nine_digit_id, 50),
    (n_ssn_invalid, 25), (n_version, 45), (n_date, 45), (n_order_ids, 60), (n_postal, 40), (n_price, 40),
    (n_mac, 40), (n_hash, 40), (n_uuid, 35), (n_placeholder_keys, 70), (n_aws_bad_alphabet, 20),
    (n_prose_at_dot, 35), (n_product, 35), (n_city, 40), (n_capitalised, 40), (n_street_no_number, 45),
    (n_ipv4_invalid, 25), (n_isbn_coords, 40), (n_public_key, 30), (n_code_colons, 15), (n_base64_blob, 25),
]


# ============================================================ checking
FORBIDDEN = ["4111111111111111", "4111 1111 1111 1111", "AKIAIOSFODNN7EXAMPLE", "078-05-1120",
             "DE89370400440532013000", "DE89 3704 0044 0532 0130 00", "GB82WEST12345698765432",
             "GB82 WEST 1234 5698 7654 32", "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c", "255.255."]
PLACEHOLDER_OK = ["AKIAXXXXXXXXXXXXXXXX"]


def unfw(s):
    return "".join(chr(ord(c) - 0xFEE0) if "！" <= c <= "～" else c for c in s)


def occurrences(text, v):
    out, i = [], text.find(v)
    while i >= 0:
        out.append(i)
        i = text.find(v, i + 1)
    return out


RX = {
    "email": re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"),
    "digits": re.compile(r"(?<!\d)\d(?:[ -]?\d){12,18}(?!\d)"),
    "iban": re.compile(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}"),
    "ipv4": re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])"),
    "ipv6": re.compile(r"(?<![0-9A-Za-z:])[0-9A-Fa-f:]{3,}(?![0-9A-Za-z:])"),
    "openai": re.compile(r"sk-(?:proj-|svcacct-)?[A-Za-z0-9_-]{20,}"),
    "aws": re.compile(r"(?:AKIA|ASIA)[A-Z2-7]{16}(?![A-Z0-9])"),
    "gh": re.compile(r"(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_\w{40,})"),
    "jwt": re.compile(r"eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+"),
    "pk": re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
    "bearer": re.compile(r"Bearer\s+([A-Za-z0-9._~+/-]{16,})"),
    "phone": re.compile(r"(?:\+|(?<!\d)00)\d[\d \-()\u00a0]{6,}\d"),
    "ssn": re.compile(r"(?<!\d)\d{3}-\d{2}-\d{4}(?!\d)"),
}


def scan(text):
    """Cheap independent look-alike finder.  Returns list of (kind, start, end)."""
    hits = []
    t = unfw(text)  # full-width chars map 1:1 so offsets are preserved
    for m in RX["email"].finditer(t):
        hits.append(("email", m.start(), m.end()))
    for m in RX["digits"].finditer(t):
        d = re.sub(r"\D", "", m.group())
        if d[0] in "23456" and luhn_ok(d):
            hits.append(("card", m.start(), m.end()))
    for m in RX["iban"].finditer(t):
        if iban_ok(m.group()):
            hits.append(("iban", m.start(), m.end()))
    for m in RX["ipv4"].finditer(t):
        if all(int(o) <= 255 for o in m.group().split(".")):
            hits.append(("ipv4", m.start(), m.end()))
    for m in RX["ipv6"].finditer(t):
        g = m.group()
        if g.count(":") >= 2 and g.strip(":"):
            try:
                ipaddress.IPv6Address(g)
                hits.append(("ipv6", m.start(), m.end()))
            except ValueError:
                pass
    for k in ("openai", "aws", "gh", "jwt", "pk", "phone", "ssn"):
        for m in RX[k].finditer(t):
            if k == "aws" and m.group() in PLACEHOLDER_OK:
                continue
            if k == "openai" and set(m.group()[3:]) <= set("x-"):
                continue
            if k == "ssn" and not ssn_ok(m.group()):
                continue
            hits.append((k, m.start(), m.end()))
    for m in RX["bearer"].finditer(t):
        tok = m.group(1)
        if any(c.isdigit() for c in tok) and (any(c.isupper() for c in tok) or re.fullmatch(r"[0-9a-f]+", tok)):
            hits.append(("bearer", m.start(1), m.end(1)))
    return hits


CARD_LENS = {"visa": (13, 16, 19), "mastercard": (16,), "amex": (15,), "discover": (16,), "jcb": (16,),
             "diners": (14,), "unionpay": (16, 19), "maestro": (16, 19)}


def value_ok(det, v, text):
    if det == "credit_card":
        d = re.sub(r"\D", "", unfw(v))
        return luhn_ok(d) and 13 <= len(d) <= 19 and len(d) != len(unfw(v))
    if det == "iban":
        return iban_ok(v)
    if det == "ssn":
        return ssn_ok(v) and ("SSN" in text or "social security number" in text.lower())
    if det == "aws_access_key":
        return re.fullmatch(r"(AKIA|ASIA)[A-Z2-7]{16}", v) is not None
    if det == "anthropic_key":
        return len(v) == 108 and v.startswith("sk-ant-api03-") and v.endswith("AA")
    if det == "openai_key":
        return v.startswith("sk-") and "T3BlbkFJ" in v
    if det == "github_token":
        return (re.fullmatch(r"gh[pousr]_[A-Za-z0-9]{36}", v) or
                re.fullmatch(r"github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}", v)) is not None
    if det == "jwt":
        return jwt_ok(v)
    if det == "bearer_token":
        return (len(v) >= 16 and any(c.isdigit() for c in v) and not v.startswith("eyJ")
                and ("Bearer " + v) in text)
    if det == "private_key":
        return v.startswith("-----BEGIN ") and v.endswith("PRIVATE KEY-----")
    if det == "ipv4":
        ip = v.replace("[.]", ".")
        try:
            ipaddress.IPv4Address(ip)
        except ValueError:
            return False
        return not ipv4_bad(ip)
    if det == "ipv6":
        return ipv6_ok(v.lower())
    if det == "email":
        return "@" in v or "＠" in v or " at " in v or "[at]" in v or "(at)" in v
    if det == "phone":
        d = re.sub(r"\D", "", unfw(v))
        return 7 <= len(d) <= 15 and (unfw(v).startswith(("+", "00")) or re.search(r"[ \-()\u00a0]", v))
    return True


def check(s):
    text = s["text"]
    for bad in FORBIDDEN:
        if bad in text:
            return "forbidden sample value"
    for m in RX["ipv4"].finditer(unfw(text).replace("[.]", ".")):
        oc = m.group().split(".")
        if all(int(o) <= 255 for o in oc) and ipv4_bad(m.group()):
            return "forbidden ipv4 range"
    labs = s["labels"]
    spans = []
    byval = {}
    for lab in labs:
        byval.setdefault(lab["value"], []).append(lab)
    for v in sorted(byval):
        occ = occurrences(text, v)
        if not v or len(occ) != len(byval[v]):
            return f"count mismatch for {v!r}"
        for o in occ:
            spans.append((o, o + len(v)))
        for lab in byval[v]:
            if not value_ok(lab["detector"], v, text):
                return f"invalid value {lab['detector']} {v!r}"
            if v != v.strip():
                return "value has outer whitespace"
    spans.sort()
    for a, b in zip(spans, spans[1:]):
        if b[0] < a[1]:
            return "overlap"
    for kind, a, b in scan(text):
        if not any(x <= a and b <= y for x, y in spans):
            if not (labs and any(x < b and a < y for x, y in spans)):
                return f"unlabelled look-alike {kind}: {text[a:b]!r}"
    if not labs and re.search(r"[A-Za-z0-9]+ ?(@|＠|\[at\]|\(at\)) ?[A-Za-z0-9-]+ ?(\.|\[\.\]|\[dot\])", text):
        return "email-like in negative"
    return None


# ============================================================ plan & main
SINGLE = [(s_email, 125), (s_phone, 135), (s_card, 90), (s_ssn, 60), (s_iban, 105), (s_ipv4, 90), (s_ipv6, 70),
          (lambda: s_key("openai_key"), 55), (lambda: s_key("anthropic_key"), 45),
          (lambda: s_key("aws_access_key"), 55), (lambda: s_key("github_token"), 55), (s_jwt, 60),
          (s_bearer, 60), (s_pk, 55), (s_name, 135), (s_street, 125)]
MULTI_N = 24


def wrap_negative(text, lang, ctx):
    k = R.randrange(5)
    if k == 1 and ctx in ("chat", "sms", "ticket"):
        return f"[{R.randrange(7, 23):02d}:{R.randrange(60):02d}] {text}"
    if k == 2 and ctx in ("chat", "email"):
        return f"> {text}"
    if k == 3 and ctx in ("ticket", "email"):
        return f"Re: {text}"
    return text


def build():
    out, seen, rejects = [], set(), {}

    def add(gen, neg_kind=None):
        for _ in range(200):
            if neg_kind:
                text, lang, ctx = gen()
                text = wrap_negative(text, lang, ctx)
                s = {"text": text, "labels": [], "lang": lang, "form": neg_kind, "context": ctx}
            else:
                s = gen()
            if s["text"] in seen:
                rejects["duplicate"] = rejects.get("duplicate", 0) + 1
                continue
            err = check(s)
            if err:
                key = err.split(":")[0].split(" for ")[0]
                rejects[key] = rejects.get(key, 0) + 1
                continue
            seen.add(s["text"])
            out.append(s)
            return True
        return False

    for gen, n in SINGLE:
        for _ in range(n):
            add(gen)
    for gen in MULTI:
        for _ in range(MULTI_N):
            add(gen)
    for gen, n in NEGS:
        kind = gen.__name__[2:]
        for _ in range(n):
            add(gen, kind)
    R.shuffle(out)
    return out, rejects


def stats(samples):
    import collections
    det_forms = collections.defaultdict(collections.Counter)
    pk_kinds = collections.Counter()
    layouts, negs, langs, ctxs = collections.Counter(), collections.Counter(), collections.Counter(), collections.Counter()
    multi_labels = collections.Counter()
    for s in samples:
        langs[s["lang"]] += 1
        ctxs[s["context"]] += 1
        for lab in s["labels"]:
            det_forms[lab["detector"]][lab["form"]] += 1
        if s.get("_pkkind"):
            pk_kinds[s["_pkkind"]] += 1
        if not s["labels"]:
            negs[s["form"]] += 1
        elif len(s["labels"]) > 1 or s["form"] in [m.__name__ for m in MULTI]:
            layouts[s["form"]] += 1
            multi_labels[s["form"]] += len(s["labels"])
    print("## values per detector")
    for d in sorted(det_forms):
        fs = det_forms[d]
        print(f"| {d} | {sum(fs.values())} | " + ", ".join(f"{k} {v}" for k, v in sorted(fs.items())) + " |")
    print("## private key kinds:", ", ".join(f"{k} {v}" for k, v in sorted(pk_kinds.items())))
    print("## layouts")
    for k in sorted(layouts):
        print(f"| {k} | {layouts[k]} | {multi_labels[k]} |")
    print("## negatives", sum(negs.values()))
    for k in sorted(negs):
        print(f"| {k} | {negs[k]} |")
    print("## langs", ", ".join(f"{k} {v}" for k, v in sorted(langs.items())))
    print("## contexts", ", ".join(f"{k} {v}" for k, v in sorted(ctxs.items())))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    samples, rejects = build()
    if os.environ.get("HELDOUT6_VERBOSE"):
        stats(samples)
        print("rejected draws:", json.dumps(rejects, sort_keys=True))
    lines = []
    for s in samples:
        s.pop("_pkkind", None)
        lines.append(json.dumps(s, ensure_ascii=False, separators=(", ", ": ")))
    data = ("\n".join(lines) + "\n").encode("utf-8")
    path = os.path.join(here, "heldout6.jsonl")
    with open(path, "wb") as fh:
        fh.write(data)
    print(f"samples: {len(samples)}")
    print(f"sha256: {hashlib.sha256(data).hexdigest()}")

if __name__ == "__main__":
    main()
