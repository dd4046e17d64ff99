#!/usr/bin/env python3
"""Generator for heldout12: a blind, labelled PII test corpus.

Standard library only, no input files, deterministic (SEED = 121212).
Writes heldout12.jsonl and README.md next to this script and prints the
sample count and the SHA-256 of the jsonl.
"""
import base64
import hashlib
import ipaddress
import json
import os
import random
import re
import sys
import zlib

SEED = 121212
HERE = os.path.dirname(os.path.abspath(__file__))

# ---------------------------------------------------------------- utilities

def b64u(b):
    return base64.urlsafe_b64encode(b).decode().rstrip("=")

def b64u_dec(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))

def luhn_ok(d):
    tot = 0
    for i, ch in enumerate(reversed(d)):
        v = ord(ch) - 48
        if i % 2 == 1:
            v *= 2
            if v > 9:
                v -= 9
        tot += v
    return tot % 10 == 0

def luhn_digit(body):
    for c in "0123456789":
        if luhn_ok(body + c):
            return c
    raise AssertionError

FW = {chr(0xFF10 + i): str(i) for i in range(10)}

def to_fullwidth(s):
    return "".join(chr(0xFF10 + int(c)) if c.isdigit() and c in "0123456789" else c for c in s)

def norm_digits(s):
    return "".join(FW.get(c, c) for c in s)

def iban_mod97(s):
    s = s[4:] + s[:4]
    num = "".join(str(int(c, 36)) for c in s)
    return int(num) % 97

B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

def base62(n, width):
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = B62[r] + out
    return out.rjust(width, "0")

# ---------------------------------------------------------------- DER / PEM

def der_len(n):
    if n < 128:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b

def tlv(tag, content):
    return bytes([tag]) + der_len(len(content)) + content

def der_int(v):
    b = v.to_bytes(max(1, (v.bit_length() + 8) // 8), "big")
    return tlv(0x02, b)

def der_seq(*parts):
    return tlv(0x30, b"".join(parts))

def der_oid(dotted):
    parts = [int(x) for x in dotted.split(".")]
    out = bytes([40 * parts[0] + parts[1]])
    for p in parts[2:]:
        enc = [p & 0x7F]
        p >>= 7
        while p:
            enc.append(0x80 | (p & 0x7F))
            p >>= 7
        out += bytes(reversed(enc))
    return tlv(0x06, out)

def der_octets(b):
    return tlv(0x04, b)

def der_bits(b):
    return tlv(0x03, b"\x00" + b)

DER_NULL = b"\x05\x00"

def der_walk(b, pos=0, end=None):
    """Parse a DER sequence of TLVs fully; raise on any structural error."""
    if end is None:
        end = len(b)
    count = 0
    while pos < end:
        tag = b[pos]
        pos += 1
        l = b[pos]
        pos += 1
        if l & 0x80:
            n = l & 0x7F
            if n == 0 or n > 4:
                raise ValueError("len")
            l = int.from_bytes(b[pos:pos + n], "big")
            pos += n
        if pos + l > end:
            raise ValueError("overrun")
        if tag in (0x30, 0x31, 0xA0, 0xA1):
            der_walk(b, pos, pos + l)
        pos += l
        count += 1
    if pos != end:
        raise ValueError("trail")
    return count

def pem_lines(label, der):
    body = base64.b64encode(der).decode()
    lines = ["-----BEGIN %s-----" % label]
    lines += [body[i:i + 64] for i in range(0, len(body), 64)]
    lines.append("-----END %s-----" % label)
    return lines

# small primes for sieving
SMALL_PRIMES = [p for p in range(3, 2000) if all(p % q for q in range(2, int(p ** 0.5) + 1))]

def is_probable_prime(n, rng):
    if n < 2:
        return False
    for p in SMALL_PRIMES:
        if n % p == 0:
            return n == p
    d, s = n - 1, 0
    while d % 2 == 0:
        d //= 2
        s += 1
    for _ in range(12):
        a = rng.randrange(2, n - 2)
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

def gen_prime(bits, rng):
    while True:
        c = rng.getrandbits(bits) | (1 << (bits - 1)) | (1 << (bits - 2)) | 1
        if is_probable_prime(c, rng):
            return c

def rsa_der(bits, rng):
    e = 65537
    while True:
        p = gen_prime(bits // 2, rng)
        q = gen_prime(bits // 2, rng)
        if p == q:
            continue
        phi = (p - 1) * (q - 1)
        if phi % e == 0:
            continue
        n = p * q
        if n.bit_length() != bits:
            continue
        d = pow(e, -1, phi)
        if p < q:
            p, q = q, p
        return der_seq(der_int(0), der_int(n), der_int(e), der_int(d), der_int(p), der_int(q),
                       der_int(d % (p - 1)), der_int(d % (q - 1)), der_int(pow(q, -1, p))), n, e

# P-256
P256_P = 2 ** 256 - 2 ** 224 + 2 ** 192 + 2 ** 96 - 1
P256_N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
P256_G = (0x6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296,
          0x4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5)

def ec_add(P, Q):
    if P is None:
        return Q
    if Q is None:
        return P
    p = P256_P
    if P[0] == Q[0]:
        if (P[1] + Q[1]) % p == 0:
            return None
        lam = (3 * P[0] * P[0] - 3) * pow(2 * P[1], p - 2, p) % p
    else:
        lam = (Q[1] - P[1]) * pow(Q[0] - P[0], p - 2, p) % p
    x = (lam * lam - P[0] - Q[0]) % p
    return (x, (lam * (P[0] - x) - P[1]) % p)

def ec_mul(k, P):
    R = None
    while k:
        if k & 1:
            R = ec_add(R, P)
        P = ec_add(P, P)
        k >>= 1
    return R

OID_P256 = "1.2.840.10045.3.1.7"

def ec_keypair(rng):
    d = rng.randrange(1, P256_N)
    X, Y = ec_mul(d, P256_G)
    pub = b"\x04" + X.to_bytes(32, "big") + Y.to_bytes(32, "big")
    return d, pub

def sec1_der(rng, with_params=True):
    d, pub = ec_keypair(rng)
    parts = [der_int(1), der_octets(d.to_bytes(32, "big"))]
    if with_params:
        parts.append(tlv(0xA0, der_oid(OID_P256)))
    parts.append(tlv(0xA1, der_bits(pub)))
    return der_seq(*parts), pub

# Ed25519
ED_P = 2 ** 255 - 19
ED_D = -121665 * pow(121666, ED_P - 2, ED_P) % ED_P
ED_SQRTM1 = pow(2, (ED_P - 1) // 4, ED_P)

def ed_add(P, Q):
    p = ED_P
    A = (P[1] - P[0]) * (Q[1] - Q[0]) % p
    B = (P[1] + P[0]) * (Q[1] + Q[0]) % p
    C = 2 * P[3] * Q[3] * ED_D % p
    D = 2 * P[2] * Q[2] % p
    E, F, G, H = B - A, D - C, D + C, B + A
    return (E * F % p, G * H % p, F * G % p, E * H % p)

def ed_mul(s, P):
    Q = (0, 1, 1, 0)
    while s:
        if s & 1:
            Q = ed_add(Q, P)
        P = ed_add(P, P)
        s >>= 1
    return Q

def _ed_base():
    p = ED_P
    y = 4 * pow(5, p - 2, p) % p
    x2 = (y * y - 1) * pow(ED_D * y * y + 1, p - 2, p) % p
    x = pow(x2, (p + 3) // 8, p)
    if (x * x - x2) % p:
        x = x * ED_SQRTM1 % p
    if x & 1:
        x = p - x
    return (x, y, 1, x * y % p)

ED_G = _ed_base()

def ed25519_pub(seed):
    h = hashlib.sha512(seed).digest()
    a = int.from_bytes(h[:32], "little")
    a &= (1 << 254) - 8
    a |= 1 << 254
    P = ed_mul(a, ED_G)
    zi = pow(P[2], ED_P - 2, ED_P)
    x = P[0] * zi % ED_P
    y = P[1] * zi % ED_P
    return (y | ((x & 1) << 255)).to_bytes(32, "little")

def ssh_str(b):
    if isinstance(b, str):
        b = b.encode()
    return len(b).to_bytes(4, "big") + b

def openssh_ed25519(rng, comment):
    seed = bytes(rng.getrandbits(8) for _ in range(32))
    pub = ed25519_pub(seed)
    pubblob = ssh_str("ssh-ed25519") + ssh_str(pub)
    chk = rng.getrandbits(32).to_bytes(4, "big")
    priv = chk + chk + ssh_str("ssh-ed25519") + ssh_str(pub) + ssh_str(seed + pub) + ssh_str(comment)
    i = 1
    while len(priv) % 8:
        priv += bytes([i])
        i += 1
    blob = (b"openssh-key-v1\x00" + ssh_str("none") + ssh_str("none") + ssh_str(b"") +
            (1).to_bytes(4, "big") + ssh_str(pubblob) + ssh_str(priv))
    return blob

def openssh_ok(blob):
    if not blob.startswith(b"openssh-key-v1\x00"):
        return False
    pos = 15
    def rd():
        nonlocal pos
        l = int.from_bytes(blob[pos:pos + 4], "big")
        pos += 4
        v = blob[pos:pos + l]
        if len(v) != l:
            raise ValueError
        pos += l
        return v
    try:
        if rd() != b"none" or rd() != b"none":
            return False
        rd()
        nkeys = int.from_bytes(blob[pos:pos + 4], "big")
        pos += 4
        if nkeys != 1:
            return False
        rd()
        priv = rd()
        return pos == len(blob) and len(priv) % 8 == 0 and priv[:4] == priv[4:8]
    except ValueError:
        return False

OID_RSA = "1.2.840.113549.1.1.1"
OID_ECPUB = "1.2.840.10045.2.1"
OID_ED25519 = "1.3.101.112"

def make_private_key(rng, kind):
    """Return list of PEM lines for a private key of the given kind."""
    if kind == "rsa_pkcs1":
        der, _, _ = rsa_der(rng.choice([1024, 2048]), rng)
        return pem_lines("RSA PRIVATE KEY", der)
    if kind == "rsa_pkcs8":
        der, _, _ = rsa_der(rng.choice([1024, 2048]), rng)
        p8 = der_seq(der_int(0), der_seq(der_oid(OID_RSA), DER_NULL), der_octets(der))
        return pem_lines("PRIVATE KEY", p8)
    if kind == "ec_sec1":
        der, _ = sec1_der(rng)
        return pem_lines("EC PRIVATE KEY", der)
    if kind == "ec_pkcs8":
        inner, _ = sec1_der(rng, with_params=False)
        p8 = der_seq(der_int(0), der_seq(der_oid(OID_ECPUB), der_oid(OID_P256)), der_octets(inner))
        return pem_lines("PRIVATE KEY", p8)
    if kind == "ed25519_pkcs8":
        seed = bytes(rng.getrandbits(8) for _ in range(32))
        p8 = der_seq(der_int(0), der_seq(der_oid(OID_ED25519)), der_octets(der_octets(seed)))
        return pem_lines("PRIVATE KEY", p8)
    if kind == "openssh_ed25519":
        blob = openssh_ed25519(rng, rng.choice(["deploy@ci-runner", "backup-job", "build-agent-07", "ops laptop"]))
        body = base64.b64encode(blob).decode()
        lines = ["-----BEGIN OPENSSH PRIVATE KEY-----"]
        lines += [body[i:i + 70] for i in range(0, len(body), 70)]
        lines.append("-----END OPENSSH PRIVATE KEY-----")
        return lines
    if kind == "encrypted_pkcs8":
        salt = bytes(rng.getrandbits(8) for _ in range(16))
        iv = bytes(rng.getrandbits(8) for _ in range(16))
        enc = bytes(rng.getrandbits(8) for _ in range(16 * rng.choice([5, 8, 78])))
        algo = der_seq(der_oid("1.2.840.113549.1.5.13"), der_seq(
            der_seq(der_oid("1.2.840.113549.1.5.12"), der_seq(der_octets(salt), der_int(rng.choice([2048, 10000, 100000])),
                                                                der_seq(der_oid("1.2.840.113549.2.9"), DER_NULL))),
            der_seq(der_oid("2.16.840.1.101.3.4.1.42"), der_octets(iv))))
        return pem_lines("ENCRYPTED PRIVATE KEY", der_seq(algo, der_octets(enc)))
    raise KeyError(kind)

PEM_KINDS = ["rsa_pkcs1", "rsa_pkcs8", "ec_sec1", "ec_pkcs8", "ed25519_pkcs8", "openssh_ed25519", "encrypted_pkcs8"]

def make_public_pem(rng, kind):
    if kind == "ec_spki":
        _, pub = ec_keypair(rng)
        spki = der_seq(der_seq(der_oid(OID_ECPUB), der_oid(OID_P256)), der_bits(pub))
        return pem_lines("PUBLIC KEY", spki)
    if kind == "ed_spki":
        seed = bytes(rng.getrandbits(8) for _ in range(32))
        spki = der_seq(der_seq(der_oid(OID_ED25519)), der_bits(ed25519_pub(seed)))
        return pem_lines("PUBLIC KEY", spki)
    if kind == "cert":
        _, pub = ec_keypair(rng)
        spki = der_seq(der_seq(der_oid(OID_ECPUB), der_oid(OID_P256)), der_bits(pub))
        name = der_seq(tlv(0x31, der_seq(der_oid("2.5.4.3"), tlv(0x0C, rng.choice([b"ci-internal", b"edge-proxy", b"mqtt-broker"])))))
        tbs = der_seq(tlv(0xA0, der_int(2)), der_int(rng.getrandbits(64)), der_seq(der_oid("1.2.840.10045.4.3.2")), name,
                      der_seq(tlv(0x17, b"240301000000Z"), tlv(0x17, b"260301000000Z")), name, spki)
        sig = der_seq(der_int(rng.getrandbits(255)), der_int(rng.getrandbits(255)))
        cert = der_seq(tbs, der_seq(der_oid("1.2.840.10045.4.3.2")), der_bits(sig))
        return pem_lines("CERTIFICATE", cert)
    raise KeyError(kind)

def ssh_pub_line(rng):
    seed = bytes(rng.getrandbits(8) for _ in range(32))
    blob = ssh_str("ssh-ed25519") + ssh_str(ed25519_pub(seed))
    return "ssh-ed25519 " + base64.b64encode(blob).decode()

# ---------------------------------------------------------------- languages
# code: (email, phone, card, iban, address, name, ip, key, pre sentences, post sentences, quotes)
LANGS = {
 "en": ("email", "phone", "card", "IBAN", "address", "contact", "host IP", "key",
        ["Quick note before the weekly sync.", "Pasting what the intake desk sent over.", "Please re-check this entry against the ledger."],
        ["Thanks!", "Let me know if anything looks off."], ("\u201c", "\u201d")),
 "de": ("E-Mail", "Telefon", "Karte", "IBAN", "Adresse", "Ansprechperson", "Server-IP", "Schlüssel",
        ["Kurze Notiz vor dem Wochentermin.", "Das kam eben von der Aufnahme.", "Bitte den Eintrag noch einmal abgleichen."],
        ["Danke dir!", "Melde dich, falls etwas nicht passt."], ("\u201e", "\u201c")),
 "fr": ("courriel", "téléphone", "carte", "IBAN", "adresse", "interlocuteur", "IP du serveur", "clé",
        ["Petit mot avant la réunion de lundi.", "Voici ce que l\u2019accueil a transmis.", "Merci de revérifier cette fiche."],
        ["Merci d\u2019avance !", "Dis-moi si quelque chose cloche."], ("« ", " »")),
 "es": ("correo", "teléfono", "tarjeta", "IBAN", "dirección", "persona de contacto", "IP del servidor", "clave",
        ["Nota rápida antes de la reunión.", "Esto llegó desde recepción hace un rato.", "Revisa este registro, por favor."],
        ["¡Gracias!", "Avísame si algo no cuadra."], ("«", "»")),
 "it": ("e-mail", "telefono", "carta", "IBAN", "indirizzo", "referente", "IP del server", "chiave",
        ["Appunto veloce prima della riunione.", "Ecco cosa ha inoltrato la segreteria.", "Ricontrolla questa voce, per favore."],
        ["Grazie mille!", "Fammi sapere se qualcosa non torna."], ("«", "»")),
 "pt": ("e-mail", "telefone", "cartão", "IBAN", "morada", "contacto", "IP do servidor", "chave",
        ["Nota rápida antes da reunião.", "Isto chegou agora da receção.", "Confirma este registo, por favor."],
        ["Obrigado!", "Diz-me se algo não bater certo."], ("\u201c", "\u201d")),
 "nl": ("e-mail", "telefoon", "kaart", "IBAN", "adres", "contactpersoon", "server-IP", "sleutel",
        ["Korte notitie voor het overleg.", "Dit kwam net binnen via de balie.", "Controleer deze regel nog even."],
        ["Bedankt!", "Laat weten als er iets niet klopt."], ("\u2018", "\u2019")),
 "sv": ("e-post", "telefon", "kort", "IBAN", "adress", "kontaktperson", "serverns IP", "nyckel",
        ["Snabb notis inför mötet.", "Det här kom precis från receptionen.", "Dubbelkolla den här raden, tack."],
        ["Tack!", "Säg till om något ser konstigt ut."], ("\u201d", "\u201d")),
 "no": ("e-post", "telefon", "kort", "IBAN", "adresse", "kontaktperson", "server-IP", "nøkkel",
        ["Kort beskjed før møtet.", "Dette kom nettopp fra resepsjonen.", "Sjekk denne oppføringen en gang til."],
        ["Takk!", "Si fra hvis noe ikke stemmer."], ("«", "»")),
 "da": ("e-mail", "telefon", "kort", "IBAN", "adresse", "kontaktperson", "server-IP", "nøgle",
        ["Hurtig note før mødet.", "Det her kom lige fra receptionen.", "Tjek lige denne linje igen."],
        ["Tak!", "Sig til, hvis noget ser forkert ud."], ("»", "«")),
 "fi": ("sähköposti", "puhelin", "kortti", "IBAN", "osoite", "yhteyshenkilö", "palvelimen IP", "avain",
        ["Pikainen muistiinpano ennen palaveria.", "Tämä tuli juuri vastaanotosta.", "Tarkista tämä rivi vielä kerran."],
        ["Kiitos!", "Kerro, jos jokin näyttää oudolta."], ("\u201d", "\u201d")),
 "is": ("netfang", "sími", "kort", "IBAN", "heimilisfang", "tengiliður", "IP netþjóns", "lykill",
        ["Stutt minnisatriði fyrir fundinn.", "Þetta kom rétt í þessu frá móttökunni.", "Vinsamlegast farðu aftur yfir þessa færslu."],
        ["Takk!", "Láttu vita ef eitthvað passar ekki."], ("\u201e", "\u201c")),
 "pl": ("e-mail", "telefon", "karta", "IBAN", "adres", "osoba kontaktowa", "IP serwera", "klucz",
        ["Krótka notatka przed spotkaniem.", "To przyszło przed chwilą z recepcji.", "Sprawdź jeszcze raz ten wpis."],
        ["Dzięki!", "Daj znać, jeśli coś się nie zgadza."], ("\u201e", "\u201d")),
 "cs": ("e-mail", "telefon", "karta", "IBAN", "adresa", "kontaktní osoba", "IP serveru", "klíč",
        ["Rychlá poznámka před poradou.", "Tohle právě poslala recepce.", "Prosím, zkontroluj tento záznam."],
        ["Díky!", "Dej vědět, kdyby něco nesedělo."], ("\u201e", "\u201c")),
 "sk": ("e-mail", "telefón", "karta", "IBAN", "adresa", "kontaktná osoba", "IP servera", "kľúč",
        ["Rýchla poznámka pred poradou.", "Toto práve prišlo z recepcie.", "Prosím, skontroluj tento záznam."],
        ["Vďaka!", "Daj vedieť, ak niečo nesedí."], ("\u201e", "\u201c")),
 "hu": ("e-mail", "telefon", "kártya", "IBAN", "cím", "kapcsolattartó", "szerver IP", "kulcs",
        ["Gyors jegyzet a megbeszélés előtt.", "Ez most jött a recepcióról.", "Kérlek, nézd át még egyszer ezt a sort."],
        ["Köszi!", "Szólj, ha valami nem stimmel."], ("\u201e", "\u201d")),
 "ro": ("e-mail", "telefon", "card", "IBAN", "adresă", "persoană de contact", "IP-ul serverului", "cheie",
        ["O notă rapidă înainte de ședință.", "Asta a venit acum de la recepție.", "Te rog verifică din nou această înregistrare."],
        ["Mulțumesc!", "Spune-mi dacă ceva nu se potrivește."], ("\u201e", "\u201d")),
 "hr": ("e-pošta", "telefon", "kartica", "IBAN", "adresa", "kontakt osoba", "IP poslužitelja", "ključ",
        ["Kratka bilješka prije sastanka.", "Ovo je upravo stiglo s recepcije.", "Molim te, još jednom provjeri ovaj unos."],
        ["Hvala!", "Javi ako nešto ne štima."], ("\u201e", "\u201c")),
 "lt": ("el. paštas", "telefonas", "kortelė", "IBAN", "adresas", "kontaktinis asmuo", "serverio IP", "raktas",
        ["Trumpa pastaba prieš susitikimą.", "Tai ką tik atėjo iš registratūros.", "Prašau dar kartą patikrinti šį įrašą."],
        ["Ačiū!", "Pranešk, jei kas nors nesutampa."], ("\u201e", "\u201c")),
 "et": ("e-post", "telefon", "kaart", "IBAN", "aadress", "kontaktisik", "serveri IP", "võti",
        ["Kiire märkus enne koosolekut.", "See tuli just vastuvõtust.", "Palun kontrolli seda kirjet veel kord."],
        ["Aitäh!", "Anna teada, kui midagi ei klapi."], ("\u201e", "\u201c")),
 "ca": ("correu", "telèfon", "targeta", "IBAN", "adreça", "persona de contacte", "IP del servidor", "clau",
        ["Nota ràpida abans de la reunió.", "Això acaba d\u2019arribar de recepció.", "Revisa aquest registre, si us plau."],
        ["Gràcies!", "Digues-me si alguna cosa no quadra."], ("«", "»")),
 "el": ("email", "τηλέφωνο", "κάρτα", "IBAN", "διεύθυνση", "υπεύθυνος επικοινωνίας", "IP διακομιστή", "κλειδί",
        ["Σύντομη σημείωση πριν τη σύσκεψη.", "Αυτό ήρθε μόλις από τη ρεσεψιόν.", "Έλεγξε ξανά αυτή την εγγραφή, παρακαλώ."],
        ["Ευχαριστώ!", "Πες μου αν κάτι δεν ταιριάζει."], ("«", "»")),
 "ru": ("почта", "телефон", "карта", "IBAN", "адрес", "контактное лицо", "IP сервера", "ключ",
        ["Короткая заметка перед планёркой.", "Это только что прислали с ресепшена.", "Проверь, пожалуйста, эту запись ещё раз."],
        ["Спасибо!", "Напиши, если что-то не сходится."], ("«", "»")),
 "uk": ("пошта", "телефон", "картка", "IBAN", "адреса", "контактна особа", "IP сервера", "ключ",
        ["Коротка нотатка перед нарадою.", "Це щойно надіслала рецепція.", "Перевір, будь ласка, цей запис ще раз."],
        ["Дякую!", "Напиши, якщо щось не збігається."], ("«", "»")),
 "bg": ("имейл", "телефон", "карта", "IBAN", "адрес", "лице за контакт", "IP на сървъра", "ключ",
        ["Кратка бележка преди срещата.", "Това току-що дойде от рецепцията.", "Моля, провери отново този запис."],
        ["Благодаря!", "Кажи, ако нещо не съвпада."], ("\u201e", "\u201c")),
 "tr": ("e-posta", "telefon", "kart", "IBAN", "adres", "ilgili kişi", "sunucu IP", "anahtar",
        ["Toplantıdan önce kısa bir not.", "Bu az önce resepsiyondan geldi.", "Lütfen bu kaydı bir kez daha kontrol et."],
        ["Teşekkürler!", "Bir tuhaflık varsa haber ver."], ("\u201c", "\u201d")),
 "ar": ("البريد الإلكتروني", "الهاتف", "البطاقة", "الآيبان", "العنوان", "جهة الاتصال", "عنوان IP للخادم", "المفتاح",
        ["ملاحظة سريعة قبل الاجتماع.", "وصل هذا للتو من مكتب الاستقبال.", "يرجى مراجعة هذا السجل مرة أخرى."],
        ["شكرًا!", "أخبرني إن كان هناك خطأ."], ("«", "»")),
 "he": ("דוא\u05f4ל", "טלפון", "כרטיס", "IBAN", "כתובת", "איש קשר", "IP של השרת", "מפתח",
        ["הערה קצרה לפני הפגישה.", "זה הגיע עכשיו מהקבלה.", "נא לבדוק שוב את הרשומה הזאת."],
        ["תודה!", "תגיד לי אם משהו לא מסתדר."], ("\u201c", "\u201d")),
 "fa": ("ایمیل", "تلفن", "کارت", "IBAN", "نشانی", "فرد رابط", "آی\u200cپی سرور", "کلید",
        ["یادداشت کوتاه پیش از جلسه.", "این همین الان از پذیرش رسید.", "لطفاً این ردیف را دوباره بررسی کن."],
        ["ممنون!", "اگر چیزی جور نبود خبر بده."], ("«", "»")),
 "hi": ("ईमेल", "फ़ोन", "कार्ड", "IBAN", "पता", "संपर्क व्यक्ति", "सर्वर IP", "कुंजी",
        ["मीटिंग से पहले एक छोटा नोट।", "यह अभी रिसेप्शन से आया है।", "कृपया इस प्रविष्टि को फिर से जाँचें।"],
        ["धन्यवाद!", "कुछ गड़बड़ लगे तो बताइए।"], ("\u201c", "\u201d")),
 "bn": ("ইমেইল", "ফোন", "কার্ড", "IBAN", "ঠিকানা", "যোগাযোগের ব্যক্তি", "সার্ভারের IP", "কী",
        ["মিটিংয়ের আগে একটা ছোট নোট।", "এটা এইমাত্র রিসেপশন থেকে এসেছে।", "দয়া করে এই এন্ট্রিটা আবার মিলিয়ে দেখুন।"],
        ["ধন্যবাদ!", "কিছু ভুল মনে হলে জানাবেন।"], ("\u201c", "\u201d")),
 "th": ("อีเมล", "โทรศัพท์", "บัตร", "IBAN", "ที่อยู่", "ผู้ติดต่อ", "IP เซิร์ฟเวอร์", "คีย์",
        ["บันทึกสั้น ๆ ก่อนประชุม", "อันนี้เพิ่งส่งมาจากแผนกต้อนรับ", "รบกวนตรวจรายการนี้อีกครั้ง"],
        ["ขอบคุณครับ", "ถ้ามีอะไรผิดบอกได้เลย"], ("\u201c", "\u201d")),
 "vi": ("email", "điện thoại", "thẻ", "IBAN", "địa chỉ", "người liên hệ", "IP máy chủ", "khóa",
        ["Ghi chú nhanh trước buổi họp.", "Cái này lễ tân vừa gửi qua.", "Vui lòng kiểm tra lại mục này."],
        ["Cảm ơn nhé!", "Có gì sai thì báo mình."], ("\u201c", "\u201d")),
 "id": ("email", "telepon", "kartu", "IBAN", "alamat", "narahubung", "IP server", "kunci",
        ["Catatan singkat sebelum rapat.", "Ini baru saja dikirim dari resepsionis.", "Tolong cek ulang entri ini."],
        ["Terima kasih!", "Kabari kalau ada yang janggal."], ("\u201c", "\u201d")),
 "ms": ("e-mel", "telefon", "kad", "IBAN", "alamat", "orang hubungan", "IP pelayan", "kunci",
        ["Nota ringkas sebelum mesyuarat.", "Ini baru sampai dari kaunter.", "Sila semak semula entri ini."],
        ["Terima kasih!", "Beritahu jika ada yang tak kena."], ("\u201c", "\u201d")),
 "sw": ("barua pepe", "simu", "kadi", "IBAN", "anwani", "mtu wa kuwasiliana", "IP ya seva", "ufunguo",
        ["Dokezo fupi kabla ya kikao.", "Hii imetoka mapokezi sasa hivi.", "Tafadhali hakiki tena rekodi hii."],
        ["Asante!", "Niambie kama kuna kosa."], ("\u201c", "\u201d")),
 "tl": ("email", "telepono", "card", "IBAN", "address", "contact person", "IP ng server", "susi",
        ["Maikling paalala bago ang pulong.", "Kadarating lang nito mula sa front desk.", "Pakisuri ulit ang entry na ito."],
        ["Salamat!", "Sabihan mo ako kung may mali."], ("\u201c", "\u201d")),
 "ja": ("メール", "電話", "カード", "IBAN", "住所", "担当者", "サーバーIP", "キー",
        ["会議の前に簡単なメモです。", "受付から今届いた内容です。", "この項目をもう一度確認してください。"],
        ["よろしくお願いします。", "おかしな点があれば教えてください。"], ("「", "」")),
 "zh": ("邮箱", "电话", "卡号", "IBAN", "地址", "联系人", "服务器IP", "密钥",
        ["开会前的简短备注。", "这是前台刚转过来的。", "请再核对一下这条记录。"],
        ["谢谢！", "有问题请告诉我。"], ("「", "」")),
 "ko": ("이메일", "전화", "카드", "IBAN", "주소", "담당자", "서버 IP", "키",
        ["회의 전에 간단히 메모합니다.", "방금 안내 데스크에서 받은 내용입니다.", "이 항목을 다시 한번 확인해 주세요."],
        ["감사합니다!", "이상한 점이 있으면 알려 주세요."], ("\u201c", "\u201d")),
}
LANG_CODES = sorted(LANGS)
CJK = {"ja", "zh", "ko"}
WORD_IDX = {"email": 0, "phone": 1, "credit_card": 2, "iban": 3, "street_address": 4, "person_name": 5,
            "ipv4": 6, "ipv6": 6, "openai_key": 7, "anthropic_key": 7, "aws_access_key": 7, "github_token": 7,
            "jwt": 7, "bearer_token": 7, "private_key": 7, "ssn": 7}
PROVIDER = {"openai_key": "OpenAI", "anthropic_key": "Anthropic", "aws_access_key": "AWS", "github_token": "GitHub",
            "jwt": "JWT", "bearer_token": "Bearer", "private_key": "PEM"}

# ---------------------------------------------------------------- person names
# lang: (order, given list, family list).  Gendered entries: "Name:f"/"Name:m", family "masc|fem".
NAME_SRC = {
 "en": ("gf", ["Olivia:f", "Ethan:m", "Harriet:f", "Connor:m", "Megan:f", "Declan:m"],
        ["Whitfield", "Abernathy", "Pryce", "Hollis", "Thornbury", "Ashcombe"]),
 "de": ("gf", ["Jana:f", "Lukas:m", "Henrike:f", "Matthias:m", "Svenja:f", "Tobias:m"],
        ["Kessler", "Wendtland", "Hofstetter", "Rautenberg", "Vogelsang", "von Hagedorn", "von Steinau"]),
 "fr": ("gf", ["Camille:f", "Théo:m", "Maëlle:f", "Baptiste:m", "Léonie:f", "Quentin:m"],
        ["Girardot", "Lemaire", "Fauconnier", "Marchal", "Duquesne", "de Montfaucon"]),
 "es": ("gf", ["Lucía:f", "Álvaro:m", "Nerea:f", "Iker:m", "Marta:f", "Gonzalo:m"],
        ["Carrasco Olmedo", "Quintana Salcedo", "Arroyo Benítez", "Morales", "Salcedo", "de la Vega Ruiz"]),
 "it": ("gf", ["Chiara:f", "Matteo:m", "Giulia:f", "Lorenzo:m", "Federica:f", "Davide:m"],
        ["Bianchetti", "Ferraro", "Marchetti", "Santoro", "Lombardi", "Dal Molin"]),
 "pt": ("gf", ["Inês:f", "Tiago:m", "Beatriz:f", "Rui:m", "Leonor:f", "Duarte:m"],
        ["Figueiredo", "Pinheiro", "Teixeira", "Antunes", "da Costa Matos", "Carvalho"]),
 "nl": ("gf", ["Sanne:f", "Bram:m", "Fleur:f", "Joris:m", "Lotte:f", "Stijn:m"],
        ["van den Berg", "de Vries", "van der Meulen", "Bakker", "Mulder", "Visser"]),
 "sv": ("gf", ["Elin:f", "Oskar:m", "Ebba:f", "Viktor:m", "Maja:f", "Anton:m"],
        ["Lindqvist", "Bergström", "Sandberg", "Holmgren", "Ekström", "Nyberg"]),
 "no": ("gf", ["Ingrid:f", "Sindre:m", "Tuva:f", "Eirik:m"], ["Haugen", "Bakken", "Fjeldstad", "Rønning"]),
 "da": ("gf", ["Freja:f", "Mads:m", "Ida:f", "Rasmus:m"], ["Kjærgaard", "Mikkelsen", "Thomsen", "Dalsgaard"]),
 "fi": ("gf", ["Aino:f", "Eetu:m", "Venla:f", "Joonas:m"], ["Virtanen", "Heikkinen", "Koskinen", "Lehtonen"]),
 "pl": ("gf", ["Zofia:f", "Jakub:m", "Agnieszka:f", "Bartosz:m"],
        ["Wiśniewski|Wiśniewska", "Kowalczyk|Kowalczyk", "Wróblewski|Wróblewska", "Kamiński|Kamińska"]),
 "cs": ("gf", ["Tereza:f", "Ondřej:m", "Kateřina:f", "Vojtěch:m"],
        ["Procházka|Procházková", "Kučera|Kučerová", "Horák|Horáková", "Veselý|Veselá"]),
 "hu": ("fg", ["Réka:f", "Bence:m", "Zsófia:f", "Levente:m"], ["Szabó", "Kovács", "Tóth", "Varga"]),
 "ro": ("gf", ["Ioana:f", "Andrei:m", "Bianca:f", "Mihai:m"], ["Popescu", "Dumitrescu", "Stănescu", "Munteanu"]),
 "hr": ("gf", ["Ivana:f", "Luka:m", "Petra:f", "Marko:m"], ["Horvat", "Kovačević", "Babić", "Jurić"]),
 "lt": ("gf", ["Rūta:f", "Mindaugas:m", "Ieva:f", "Tomas:m"], ["Kazlauskas|Kazlauskienė", "Petrauskas|Petrauskienė"]),
 "is": ("gf", ["Guðrún:f", "Sigurður:m", "Katrín:f", "Gunnar:m"], ["Magnússon|Magnúsdóttir", "Einarsson|Einarsdóttir"]),
 "ca": ("gf", ["Jordi:m", "Núria:f", "Montserrat:f", "Arnau:m"], ["Ferrer i Vilaró", "Soler", "Vilaró", "Bosch Puig"]),
 "tr": ("gf", ["Elif:f", "Emre:m", "Zeynep:f", "Burak:m", "Ayşe:f"], ["Yılmaz", "Demir", "Şahin", "Çelik", "Aydın"]),
 "el": ("gf", ["Δήμητρα:f", "Γιώργος:m", "Ελένη:f", "Νίκος:m"],
        ["Παπαδόπουλος|Παπαδοπούλου", "Οικονόμου|Οικονόμου", "Καραγιάννης|Καραγιάννη", "Γεωργίου|Γεωργίου"]),
 "ru": ("gf", ["Анна:f", "Дмитрий:m", "Ольга:f", "Сергей:m", "Екатерина:f"],
        ["Кузнецов|Кузнецова", "Соколов|Соколова", "Морозов|Морозова", "Волков|Волкова", "Лебедев|Лебедева"]),
 "uk": ("gf", ["Оксана:f", "Тарас:m", "Ірина:f", "Богдан:m"], ["Коваленко", "Бондаренко", "Шевчук", "Мельник"]),
 "bg": ("gf", ["Десислава:f", "Христо:m", "Милена:f"], ["Георгиев|Георгиева", "Петков|Петкова"]),
 "ar": ("gf", ["فاطمة:f", "يوسف:m", "ليلى:f", "عمر:m"], ["الحسيني", "العبيدي", "الشمري", "حداد"]),
 "he": ("gf", ["נועה:f", "איתי:m", "מיכל:f", "יונתן:m"], ["כהן", "מזרחי", "אברהמי", "פרידמן"]),
 "fa": ("gf", ["زهرا:f", "آرش:m", "مریم:f", "کاوه:m"], ["رضایی", "احمدی", "کریمی", "موسوی"]),
 "hi": ("gf", ["प्रिया:f", "राहुल:m", "अनीता:f", "विक्रम:m"], ["शर्मा", "वर्मा", "अग्रवाल", "चौधरी"]),
 "ja": ("fg", ["美咲:f", "健太:m", "陽菜:f", "翔太:m"], ["佐藤", "鈴木", "高橋", "渡辺"]),
 "zh": ("fg", ["芳:f", "伟:m", "静:f", "磊:m", "秀英:f"], ["王", "李", "张", "刘", "陈"]),
 "ko": ("fg", ["민준:m", "서연:f", "지훈:m", "하은:f"], ["김", "이", "박", "최"]),
 "vi": ("fg", ["Thị Thảo:f", "Văn Minh:m", "Ngọc Anh:f", "Đức Quang:m"], ["Nguyễn", "Trần", "Lê", "Phạm"]),
 "th": ("gf", ["สมชาย:m", "สุดารัตน์:f", "ณัฐพล:m", "พิมพ์ชนก:f"], ["ศรีสวัสดิ์", "วงศ์ใหญ่", "แก้วมณี", "ทองดี"]),
 "id": ("gf", ["Putri:f", "Rizky:m", "Dewi:f", "Agus:m"], ["Santoso", "Wijaya", "Halim", "Nugroho"]),
 "sw": ("gf", ["Wanjiru:f", "Baraka:m", "Achieng:f", "Kamau:m"], ["Mwangi", "Otieno", "Njoroge", "Wekesa"]),
 "yo": ("gf", ["Oluwaseun:m", "Adunni:f", "Temitope:f", "Babatunde:m"], ["Adeyemi", "Ogunleye", "Balogun", "Afolabi"]),
}
NATIVE_SCRIPT = {"el", "ru", "uk", "bg", "ar", "he", "fa", "hi", "ja", "zh", "ko", "th"}
NOSPACE = {"zh", "ko"}
FAMOUS_BLOCK = set()

def build_name_pool(rng):
    pool = []
    per = {}
    for lang in sorted(NAME_SRC):
        order, givens, fams = NAME_SRC[lang]
        combos = []
        for g in givens:
            gname, gender = g.split(":")
            for f in fams:
                fam = f.split("|")
                fname = fam[0] if gender == "m" or len(fam) == 1 else fam[1]
                combos.append((gname, fname, gender))
        rng.shuffle(combos)
        per[lang] = combos
    target = 250
    langs = sorted(per)
    i = 0
    while len(pool) < target:
        lang = langs[i % len(langs)]
        if per[lang]:
            g, f, gender = per[lang].pop()
            pool.append({"lang": lang, "given": g, "family": f, "order": NAME_SRC[lang][0], "gender": gender})
        i += 1
    return pool

TITLES = {"en": ["Dr.", "Mr", "Ms", "Mrs.", "Prof."], "de": ["Frau", "Herr", "Dr."], "fr": ["Mme", "M.", "Me"],
          "es": ["Sra.", "Sr.", "Dra."], "it": ["Dott.ssa", "Sig.", "Avv."], "pt": ["Sr.", "Sra.", "Dra."],
          "nl": ["mevr.", "dhr."], "pl": ["Pani", "Pan"], "cs": ["Ing.", "Mgr."], "ro": ["Dna", "Dl."],
          "tr": ["Dr.", "Av."], "sv": ["Dr."], "hr": ["dr."]}
FEMALE_TITLES = {"Ms", "Mrs.", "Frau", "Mme", "Sra.", "Dra.", "Dott.ssa", "mevr.", "Pani", "Dna"}
MALE_TITLES = {"Mr", "Herr", "M.", "Sr.", "Sig.", "dhr.", "Pan", "Dl."}
SUFFIXES = {"ja": ["様", "さん"], "ko": ["님"], "hi": ["जी"]}

# ---------------------------------------------------------------- streets
# (country, lang, style, [names]); style: nf = name number, fn = number name, nc = "name, number",
# cz = name 812/3, cjk = name+number+suffix
STREET_SRC = [
 ("DE", "de", "nf", ["Lindenhofweg", "Am Kiesgrund", "Mühlbachstraße", "Holunderstieg", "Ziegelhüttenweg", "Uhlenkamp", "Schlehenring"]),
 ("AT", "de", "nf", ["Marillengasse", "Obere Sonnleiten", "Auwiesenweg", "Kalkofenstraße", "Hopfengartenweg"]),
 ("CH", "de", "nf", ["Rebbergstrasse", "Im Hasenacker", "Seerosenweg", "Alte Zollstrasse"]),
 ("NL", "nl", "nf", ["Kwekerijpad", "Lijnbaansgracht-Oost", "Klaverkamp", "Zuiderdijkje", "Boterbloemstraat", "Rietvinkstraat"]),
 ("BE", "nl", "nf", ["Hoppeveldstraat", "Bosbesdreef", "Kapelleveld"]),
 ("FR", "fr", "fn", ["rue des Tanneurs-Neufs", "allée des Glycines Bleues", "chemin du Moulin Rouge-Gorge", "impasse des Vergers Hauts", "rue de la Tuilerie Basse", "rue du Pressoir Vieux"]),
 ("ES", "es", "nc", ["Calle del Molino Alto", "Calle de los Alfareros", "Avenida de las Salinas Viejas", "Camino del Pinar Hondo", "Calle de la Acequia Mayor", "Calle del Horno Viejo"]),
 ("IT", "it", "nc", ["Via dei Cordai Vecchi", "Vicolo delle Lavandaie", "Via del Gelso Bianco", "Strada delle Fornaci Alte", "Via della Peschiera", "Via delle Ginestre Basse"]),
 ("PT", "pt", "nc", ["Rua dos Tanoeiros Velhos", "Travessa do Moinho de Vento", "Rua da Azinhaga Funda", "Calçada das Laranjeiras Bravas"]),
 ("BR", "pt", "nc", ["Rua das Paineiras Altas", "Avenida dos Ipês Roxos", "Rua do Cafezal Velho", "Alameda das Sapucaias"]),
 ("US", "en", "fn", ["Harrow Mill Road", "Cinder Hollow Lane", "Bramblewood Court", "Quarry Creek Drive", "Tamarack Ridge Way", "Juniper Flats Road"]),
 ("GB", "en", "fn", ["Tanner's Yard Lane", "Rookery Close", "Flaxmill Terrace", "Sheepwash Row", "Coldharbour Mews", "Wheelwright Walk"]),
 ("IE", "en", "fn", ["Rathmore Gardens", "Bog Cotton Avenue", "Sallow Grove"]),
 ("AU", "en", "fn", ["Wattlebird Crescent", "Ironbark Parade", "Saltbush Street", "Billabong Rise"]),
 ("CA", "en", "fn", ["Sugarbush Lane", "Beaverdam Sideroad", "Loon Lake Road"]),
 ("SE", "sv", "nf", ["Björkhagsvägen", "Lingonstigen", "Smedjebacksgatan", "Tallmovägen", "Vitsippsgången"]),
 ("NO", "no", "nf", ["Granlyveien", "Multebærstien", "Fjordgløttveien"]),
 ("DK", "da", "nf", ["Hyldebærvej", "Kornblomstvænget", "Strandengen"]),
 ("FI", "fi", "nf", ["Kuusikkotie", "Mustikkapolku", "Sammalkallionkatu"]),
 ("PL", "pl", "nf", ["ul. Jarzębinowa", "ul. Przy Młynówce", "ul. Wrzosowa Dolina", "ul. Kasztanowy Zaułek"]),
 ("CZ", "cs", "cz", ["Rybářská", "Pod Vinicemi", "Na Mlýnku", "Jabloňová"]),
 ("SK", "sk", "cz", ["Pod Orechmi", "Vinohradnícka", "Na Pasienkoch"]),
 ("HU", "hu", "nf", ["Pipacs utca", "Diófa köz", "Szőlőhegyi út"]),
 ("RO", "ro", "nf", ["Strada Teilor nr.", "Aleea Castanilor nr.", "Strada Morii Vechi nr."]),
 ("HR", "hr", "nf", ["Ulica lipa", "Vinogradska ulica", "Put maslina"]),
 ("GR", "el", "nf", ["Οδός Κυπαρισσίων", "Οδός Ελαιώνων", "Οδός Βυσσινιάς"]),
 ("RU", "ru", "nc", ["ул. Берёзовая Роща", "ул. Сиреневый Овраг", "пер. Гончарный Тупик", "ул. Черёмуховая"]),
 ("UA", "uk", "nc", ["вул. Каштанова Алея", "вул. Соняшникова", "пров. Гончарний Яр"]),
 ("BG", "bg", "nf", ["ул. Липите", "ул. Бяла Акация"]),
 ("TR", "tr", "tr", ["Çınarlı Sokak", "Menekşe Çıkmazı", "Narlıdere Caddesi", "Yelkovan Sokak"]),
 ("IL", "he", "nf", ["רחוב הדקלים", "רחוב הרימונים", "שדרות הצאלון"]),
 ("AE", "ar", "nf", ["شارع الياسمين", "شارع النخيل الذهبي", "شارع المرجان"]),
 ("IN", "hi", "fnc", ["Gulmohar Marg", "Amaltas Path", "Neelkamal Lane"]),
 ("CN", "zh", "cjk", ["桂花路", "梧桐巷", "青石板街", "杏林路"]),
 ("KR", "ko", "kr", ["은행나무로", "솔바람길", "물푸레로"]),
 ("VN", "vi", "fn", ["Đường Hoa Sữa", "Phố Cây Gạo", "Đường Bằng Lăng"]),
 ("ID", "id", "id", ["Jalan Kenanga Raya", "Jalan Melati Putih", "Jalan Cempaka Wangi"]),
 ("MX", "es", "nf", ["Calle Jacaranda Morada", "Avenida de los Ahuehuetes", "Callejón del Tejocote"]),
 ("JP", "ja", "jp", ["桜坂通り", "若葉台中央通り"]),
]

def build_street_pool():
    out = []
    for country, lang, style, names in STREET_SRC:
        for n in names:
            out.append({"country": country, "lang": lang, "style": style, "name": n})
    return out

DOMAINS = ["brisavale.net", "quorvent.io", "tallmoor.co.uk", "kestrelbay.com.au", "nordhavn-logistik.dk", "fjellvik-bygg.no",
           "pinecrest-dental.ca", "lumenfolk.org", "marisol-viajes.es", "ortolano-bio.it", "hafenblick-immo.de", "veldzicht.nl",
           "tanoeiro.pt", "sakuragawa-koubou.jp", "hanbit-soft.kr", "qingshan-tech.cn", "zeytinlik.com.tr", "ostrava-kovo.cz",
           "wisniowy-sad.pl", "pikkukoski.fi", "glimmerdal.se", "baobab-works.co.ke", "lagoscircuit.ng", "harbourline.co.nz",
           "mapleridge-clinic.ca", "duneglass.ae", "sapphirepeak.in", "rivenstone.com", "copperloom.net", "wrenfield.org",
           "ashgrove-legal.co.uk", "sol-y-sombra.mx", "cerrado-verde.com.br", "emberandoak.shop", "bluefinch.io",
           "kalinka-dom.ru", "stepova.com.ua", "olivegrove.gr", "tidewater-ops.com", "novacliff.dev", "mistral-atelier.fr",
           "vysehrad-pivo.cz"]
LOCAL_PARTS = ["frontdesk", "billing", "ops-team", "hello", "accounts.payable", "mira.tobu", "kest.arvo", "sela88",
               "dorn_pim", "quill.rhea", "noor.k", "t.valdane", "jz.orbit", "liv.marsh", "intake", "reservations",
               "h.quennell", "pk2024", "r.osei-tan", "mbrakel", "anouk.v", "yui.h", "care-team", "lab.results",
               "claims", "zora.f", "benji.k77", "ines.q", "ravi.s", "tomo.k"]
SUBDOMAINS = ["mail", "eu", "staff", "clinic", "corp", "lists", "support", "mx"]

# ---------------------------------------------------------------- value generators
# Each generator returns a dict: value, form, before, after (text glued to the value, outside the label).

def V(value, form, before="", after=""):
    return {"value": value, "form": form, "before": before, "after": after}

def rdigits(rng, n):
    return "".join(rng.choice("0123456789") for _ in range(n))

ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
B64URL = ALNUM + "-_"

def rstr(rng, alphabet, n):
    return "".join(rng.choice(alphabet) for _ in range(n))

# -- email
def gen_email(rng, form=None, plain_only=False):
    forms = ["plain", "plain", "plain", "upper", "plus_tag", "subdomain", "bracket_at", "paren_at", "word_at_dot",
             "spaced_at", "bracket_dot", "fullwidth_at", "zwsp_at", "mailto", "angle"]
    if plain_only:
        forms = ["plain", "plain", "upper", "plus_tag", "subdomain"]
    form = form or rng.choice(forms)
    local = rng.choice(LOCAL_PARTS)
    dom = rng.choice(DOMAINS)
    if form == "upper":
        return V((local + "@" + dom).upper(), form)
    if form == "plus_tag":
        return V(local + "+" + rng.choice(["invoices", "rx", "2024", "tickets", "nl"]) + "@" + dom, form)
    if form == "subdomain":
        return V(local + "@" + rng.choice(SUBDOMAINS) + "." + dom, form)
    if form == "bracket_at":
        return V(local + rng.choice(["[at]", " [at] "]) + dom, form)
    if form == "paren_at":
        d = dom.replace(".", "(dot)") if rng.random() < 0.5 else dom
        return V(local + "(at)" + d, form)
    if form == "word_at_dot":
        return V(local.replace(".", " dot ") + " at " + dom.replace(".", " dot "), form)
    if form == "spaced_at":
        return V(local + " @ " + dom, form)
    if form == "bracket_dot":
        return V(local + "@" + dom.replace(".", "[.]"), form)
    if form == "fullwidth_at":
        return V(local + "＠" + dom, form)
    if form == "zwsp_at":
        return V(local + rng.choice(["\u200b@\u200b", "\u200b@", "@\u200b"]) + dom, form)
    if form == "mailto":
        return V(local + "@" + dom, form, before="mailto:", after=rng.choice(["", "?subject=Termin"]))
    if form == "angle":
        return V(local + "@" + dom, form, before="<", after=">")
    return V(local + "@" + dom, "plain")

def email_deobf(v):
    s = v.replace("\u200b", "").replace("＠", "@").replace("[.]", ".").replace("(dot)", ".")
    s = s.replace(" [at] ", "@").replace("[at]", "@").replace("(at)", "@").replace(" @ ", "@")
    if " at " in s:
        s = s.replace(" at ", "@").replace(" dot ", ".")
    return s

EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}$")

# -- phone
def _g(spec, rng):
    out, i = "", 0
    while i < len(spec):
        c = spec[i]
        if c == "{":
            j = spec.index("}", i)
            out += rng.choice(spec[i + 1:j].split("|"))
            i = j + 1
            continue
        if c == "X":
            out += rng.choice("0123456789")
        elif c == "N":
            out += rng.choice("23456789")
        else:
            out += c
        i += 1
    return out

# cc, trunk, mobile groups, landline groups, seps(intl) or None for spaces, trunk0 allowed, bracket style
PHONE_CC = {
 "DE": ("49", "0", ["{151|152|157|160|162|170|171|172|175|176|177|178|179}", "NXXX", "XXXX"], ["{30|40|69|89|221|211|711|351|341|511}", "NXXX", "XXXX"], None, True, "in"),
 "AT": ("43", "0", ["{664|660|676|699|650}", "NXXXXXX"], ["{1|316|512|662}", "NXXXXX"], None, True, "in"),
 "CH": ("41", "0", ["{76|77|78|79}", "NXX", "XX", "XX"], ["{44|31|61|21|22}", "NXX", "XX", "XX"], None, True, "in"),
 "FR": ("33", "0", ["{6|7}", "XX", "XX", "XX", "XX"], ["{1|2|3|4|5}", "NX", "XX", "XX", "XX"], None, True, "in"),
 "GB": ("44", "0", ["7{4|5|8|9}XX", "NXXXXX"], ["20", "{3|8}XXX", "XXXX"], None, True, "in"),
 "IE": ("353", "0", ["{83|85|86|87|89}", "NXX", "XXXX"], ["1", "NXX", "XXXX"], None, False, "in"),
 "NL": ("31", "0", ["6", "NXXXXXXX"], ["{20|10|30|70}", "NXX", "XXXX"], None, True, "in"),
 "BE": ("32", "0", ["4{70|72|75|77|79|83|86|88|92|95|97}", "XX", "XX", "XX"], ["2", "NXX", "XX", "XX"], None, True, "in"),
 "IT": ("39", "", ["3{20|27|28|29|33|35|38|39|40|45|47|48|49|66|80|88|92}", "NXX", "XXXX"], ["0{2|6}", "NXXX", "XXXX"], None, False, "in"),
 "ES": ("34", "", ["6NX", "XX", "XX", "XX"], ["91", "NXX", "XX", "XX"], None, False, "in"),
 "PT": ("351", "", ["9{1|2|3|6}X", "XXX", "XXX"], ["21X", "XXX", "XXX"], None, False, "in"),
 "PL": ("48", "", ["{5|6|7|8}XX", "XXX", "XXX"], ["22", "NXX", "XX", "XX"], None, False, "in"),
 "CZ": ("420", "", ["{6|7}XX", "XXX", "XXX"], ["2XX", "XXX", "XXX"], None, False, "in"),
 "HU": ("36", "06", ["{20|30|70}", "NXX", "XXXX"], ["1", "NXX", "XXXX"], None, False, "in"),
 "RO": ("40", "0", ["7{2|3|4|5|6}X", "XXX", "XXX"], ["21", "NXX", "XX", "XX"], None, False, "in"),
 "GR": ("30", "", ["69{3|4|5|7|8|9}", "XXX", "XXXX"], ["210", "NXX", "XXXX"], None, False, "in"),
 "SE": ("46", "0", ["7{0|2|3|6}", "NXX", "XX", "XX"], ["8", "NXX", "XXX", "XX"], None, False, "in"),
 "NO": ("47", "", ["{4|9}XX", "XX", "XXX"], ["22", "XX", "XX", "XX"], None, False, "in"),
 "DK": ("45", "", ["NX", "XX", "XX", "XX"], ["3X", "XX", "XX", "XX"], None, False, "in"),
 "FI": ("358", "0", ["4{0|1|4|5|6}", "NXX", "XXXX"], ["9", "NXX", "XXXX"], None, False, "in"),
 "RU": ("7", "8", ["9XX", "NXX", "XX", "XX"], ["{495|812|343}", "NXX", "XX", "XX"], [" ", "-", "-"], False, "out"),
 "UA": ("380", "0", ["{50|66|67|68|63|73|93|95|96|97|98}", "NXX", "XX", "XX"], ["44", "NXX", "XX", "XX"], None, False, "in"),
 "TR": ("90", "0", ["5{0|3|4|5}X", "NXX", "XX", "XX"], ["{212|216|312}", "NXX", "XX", "XX"], None, False, "in"),
 "IL": ("972", "0", ["5{0|2|3|4|8}", "NXX", "XXXX"], ["{2|3|4}", "NXX", "XXXX"], ["-", "-"], False, "in"),
 "AE": ("971", "0", ["5{0|2|5|6|8}", "NXX", "XXXX"], ["4", "NXX", "XXXX"], None, False, "in"),
 "EG": ("20", "0", ["1{0|1|2|5}", "NXXX", "XXXX"], ["2", "NXXX", "XXXX"], None, False, "in"),
 "IN": ("91", "0", ["{9|8|7}XXXX", "XXXXX"], ["{11|22|80}", "NXXX", "XXXX"], None, False, "in"),
 "CN": ("86", "0", ["1{3|5|8}X", "XXXX", "XXXX"], ["{10|21}", "NXXX", "XXXX"], None, False, "in"),
 "JP": ("81", "0", ["{90|80|70}", "NXXX", "XXXX"], ["{3|6}", "NXXX", "XXXX"], ["-", "-"], False, "in"),
 "KR": ("82", "0", ["10", "NXXX", "XXXX"], ["2", "NXXX", "XXXX"], ["-", "-"], False, "in"),
 "VN": ("84", "0", ["{91|90|98|97|93}", "NXX", "XX", "XX"], ["{24|28}", "NXXX", "XXXX"], None, False, "in"),
 "TH": ("66", "0", ["{81|82|89|86|91|92}", "NXX", "XXXX"], ["2", "NXX", "XXXX"], None, False, "in"),
 "ID": ("62", "0", ["8{11|12|13|21|52|57}", "NXXX", "XXXX"], ["21", "NXXX", "XXXX"], ["-", "-"], False, "in"),
 "PH": ("63", "0", ["9{05|17|27|39|98}", "NXX", "XXXX"], ["2", "NXXX", "XXXX"], None, False, "in"),
 "AU": ("61", "0", ["4XX", "NXX", "XXX"], ["{2|3|7|8}", "NXXX", "XXXX"], None, False, "in"),
 "NZ": ("64", "0", ["2{1|2|7}", "NXX", "XXXX"], ["9", "NXX", "XXXX"], None, False, "in"),
 "US": ("1", "", ["{212|305|415|503|617|702|808|919|312|971}", "NXX", "XXXX"], ["{206|303|404|512|646|713|801}", "NXX", "XXXX"], ["-", "-"], False, "in"),
 "CA": ("1", "", ["{416|604|514|403|613}", "NXX", "XXXX"], ["{902|709|306}", "NXX", "XXXX"], ["-", "-"], False, "in"),
 "MX": ("52", "", ["{55|33|81}", "NXXX", "XXXX"], ["{222|442}", "NXX", "XXXX"], None, False, "in"),
 "BR": ("55", "", ["{11|21|31|41|51|61|71|81}", "9NXXX", "XXXX"], ["{11|21|31}", "NXXX", "XXXX"], [" ", "-"], False, "in"),
 "AR": ("54", "0", ["9", "11", "NXXX", "XXXX"], ["11", "NXXX", "XXXX"], [" ", " ", "-"], False, "in"),
 "ZA": ("27", "0", ["{82|83|72|73|76|84}", "NXX", "XXXX"], ["{21|11}", "NXX", "XXXX"], None, False, "in"),
 "NG": ("234", "0", ["{803|806|813|816|703|706|802|808|812|701}", "NXX", "XXXX"], ["1", "NXX", "XXXX"], None, False, "in"),
 "KE": ("254", "0", ["7{0|1|2|9}X", "NXX", "XXX"], ["20", "NXX", "XXXX"], None, False, "in"),
}
PHONE_COUNTRIES = sorted(PHONE_CC)
PHONE_FORMS = ["intl_plus", "intl_plus", "intl_plus", "intl_00", "national", "national", "area_brackets", "trunk_paren0",
               "nbsp", "thin_space", "fullwidth", "tel_link", "dotted"]

def _join(groups, seps):
    out = groups[0]
    for i, g in enumerate(groups[1:]):
        out += seps[i] + g
    return out

def gen_phone(rng, form=None, country=None):
    for _ in range(100):
        c = country or rng.choice(PHONE_COUNTRIES)
        cc, trunk, mob, land, seps, t0, bst = PHONE_CC[c]
        kind = rng.choice(["mobile", "mobile", "landline"])
        groups = [_g(s, rng) for s in (mob if kind == "mobile" else land)]
        if c in ("US", "CA") and (groups[1] == "555" or groups[1][1:] == "11"):
            continue
        sp = seps or [" "] * (len(groups) - 1)
        f = form or rng.choice(PHONE_FORMS)
        if f == "trunk_paren0" and not t0:
            f = "intl_plus"
        if f == "area_brackets" and len(groups) < 3:
            f = "national"
        if f == "dotted" and c not in ("US", "CA", "FR", "BE", "IT", "ES"):
            f = "intl_00"
        before = ""
        if f == "intl_plus":
            v = "+" + cc + " " + _join(groups, sp)
        elif f == "intl_00":
            v = "00" + cc + " " + _join(groups, sp)
        elif f == "trunk_paren0":
            v = "+" + cc + " (0)" + _join(groups, sp)
        elif f == "national":
            if c in ("US", "CA"):
                v = _join(groups, ["-", "-"])
            elif c in ("DE", "AT") and rng.random() < 0.4:
                v = trunk + groups[0] + "/" + "".join(groups[1:])
            else:
                v = trunk + _join(groups, sp)
        elif f == "area_brackets":
            if bst == "out":
                v = trunk + " (" + groups[0] + ") " + _join(groups[1:], sp[1:])
            else:
                v = "(" + trunk + groups[0] + ") " + _join(groups[1:], sp[1:])
        elif f == "dotted":
            v = (trunk if c not in ("US", "CA") else "") + ".".join(groups)
            if c in ("US", "CA") and rng.random() < 0.5:
                v = "+1." + v
        elif f == "nbsp":
            v = "+" + cc + "\u00a0" + _join(groups, [s.replace(" ", "\u00a0") for s in sp])
        elif f == "thin_space":
            v = "+" + cc + "\u2009" + _join(groups, [s.replace(" ", "\u2009") for s in sp])
        elif f == "fullwidth":
            v = to_fullwidth("+" + cc + " " + _join(groups, sp))
        elif f == "tel_link":
            v = "+" + cc + "".join(groups)
            before = "tel:"
        d = "".join(ch for ch in norm_digits(v) if ch.isdigit())
        if not (8 <= len(d) <= 15):
            continue
        if len(d) >= 13 and luhn_ok(d):
            continue
        if len(d) == 9 and not v.startswith(("+", "00")):
            continue
        return V(v, c.lower() + "_" + f, before=before)
    raise RuntimeError("phone")

# -- credit cards
def _in_ranges(d, ranges):
    for lo, hi in ranges:
        n = len(str(lo))
        if lo <= int(d[:n]) <= hi:
            return True
    return False

CARD_BRANDS = {
 "visa": ([(4, 4)], [16, 16, 13, 19]),
 "mastercard": ([(51, 55), (2221, 2720)], [16]),
 "amex": ([(34, 34), (37, 37)], [15]),
 "diners": ([(36, 36), (38, 38), (300, 305)], [14]),
 "discover": ([(6011, 6011), (644, 649), (65, 65)], [16]),
 "jcb": ([(3528, 3589)], [16]),
 "unionpay": ([(62, 62)], [16, 19]),
 "maestro": ([(5018, 5018), (5020, 5020), (5038, 5038), (6304, 6304), (6759, 6759), (6761, 6763)], [16, 19]),
}
KNOWN_PANS = {"4111111111111111", "4242424242424242", "4012888888881881", "4222222222222", "5555555555554444",
              "5105105105105100", "378282246310005", "371449635398431", "378734493671000", "6011111111111117",
              "6011000990139424", "3530111333300000", "3566002020360505", "30569309025904", "38520000023237",
              "5200828282828210", "4000056655665556", "2223003122003222", "6200000000000005", "4000000000000002",
              "4917610000000000", "5425233430109903", "4263982640269299", "6011000400000000"}

def card_grouping(n, brand):
    if brand == "amex":
        return [4, 6, 5]
    if n == 14:
        return [4, 6, 4]
    if n == 13:
        return [4, 4, 5]
    if n == 19:
        return [4, 4, 4, 4, 3]
    return [4, 4, 4, 4]

def gen_card(rng, form=None, brand=None):
    brand = brand or rng.choice(sorted(CARD_BRANDS))
    ranges, lens = CARD_BRANDS[brand]
    lo, hi = rng.choice(ranges)
    pre = str(rng.randint(lo, hi))
    n = rng.choice(lens)
    while True:
        body = pre + rdigits(rng, n - len(pre) - 1)
        pan = body + luhn_digit(body)
        if pan not in KNOWN_PANS and len(set(pan[len(pre):])) > 3:
            break
    sep = form or rng.choice(["space", "space", "dash", "compact", "nbsp", "thin_space", "fullwidth"])
    grp = card_grouping(n, brand)
    parts, i = [], 0
    for g in grp:
        parts.append(pan[i:i + g])
        i += g
    if sep == "compact":
        v = pan
    elif sep == "dash":
        v = "-".join(parts)
    elif sep == "nbsp":
        v = "\u00a0".join(parts)
    elif sep == "thin_space":
        v = "\u2009".join(parts)
    elif sep == "fullwidth":
        v = to_fullwidth(" ".join(parts))
    else:
        v = " ".join(parts)
    return V(v, brand + str(n) + "_" + sep)

def card_valid(v):
    d = re.sub(r"[ \-\u00a0\u2009]", "", norm_digits(v))
    if not d.isdigit() or not luhn_ok(d) or d in KNOWN_PANS:
        return False
    for b in sorted(CARD_BRANDS):
        ranges, lens = CARD_BRANDS[b]
        if len(d) in lens and _in_ranges(d, ranges):
            return True
    return False

# -- SSN
KNOWN_SSN = {"078051120", "123456789", "219099999", "457555462", "111223333", "987654320"}

def gen_ssn(rng, form=None):
    while True:
        a = rng.randint(1, 899)
        if a == 666:
            continue
        g = rng.randint(1, 99)
        s = rng.randint(1, 9999)
        raw = "%03d%02d%04d" % (a, g, s)
        if raw not in KNOWN_SSN:
            break
    form = form or rng.choice(["dashed", "dashed", "dashed", "spaced", "dotted", "bare"])
    sep = {"dashed": "-", "spaced": " ", "dotted": ".", "bare": ""}[form]
    return V(raw[:3] + sep + raw[3:5] + sep + raw[5:], form)

def ssn_valid_digits(a, g, s):
    a, g, s = int(a), int(g), int(s)
    return 1 <= a <= 899 and a != 666 and 1 <= g <= 99 and 1 <= s <= 9999

# -- IBAN
IBAN_SPEC = {
 "DE": "8n10n", "AT": "5n11n", "CH": "5n12c", "FR": "5n5n11n2n", "BE": "3n7n2n", "NL": "4a10n", "LU": "3n13c",
 "ES": "4n4n1n1n10n", "PT": "4n4n11n2n", "IT": "1a5n5n12c", "GB": "4a6n8n", "IE": "4a6n8n", "SE": "3n17n",
 "DK": "4n9n1n", "FI": "3n11n", "NO": "4n6n1n", "PL": "8n16n", "CZ": "4n6n10n", "SK": "4n6n10n",
 "HU": "3n4n1n15n1n", "RO": "4a16c", "GR": "3n4n16c", "HR": "7n10n", "SI": "5n8n2n", "BG": "4a4n2n8c",
 "TR": "5n1n16c", "SA": "2n18c", "AE": "3n16n", "IL": "3n3n13n", "BR": "8n5n10n1a1c", "MT": "4a5n18c",
 "CY": "3n5n16c", "LT": "5n11n", "LV": "4a13c", "EE": "2n2n11n1n", "IS": "4n2n6n10n", "UA": "6n19c", "GE": "2a16n",
}
IBAN_LEN = {"DE": 22, "AT": 20, "CH": 21, "FR": 27, "BE": 16, "NL": 18, "LU": 20, "ES": 24, "PT": 25, "IT": 27, "GB": 22,
            "IE": 22, "SE": 24, "DK": 18, "FI": 18, "NO": 15, "PL": 28, "CZ": 24, "SK": 24, "HU": 28, "RO": 24, "GR": 27,
            "HR": 21, "SI": 19, "BG": 22, "TR": 26, "SA": 24, "AE": 23, "IL": 23, "BR": 29, "MT": 31, "CY": 28, "LT": 20,
            "LV": 21, "EE": 20, "IS": 26, "UA": 29, "GE": 22}
KNOWN_IBANS = {"DE89370400440532013000", "GB82WEST12345698765432", "GB29NWBK60161331926819", "FR1420041010050500013M02606",
               "ES9121000418450200051332", "IT60X0542811101000000123456", "NL91ABNA0417164300", "CH9300762011623852957",
               "BE68539007547034", "AT611904300234573201", "PL61109010140000071219812874", "SE4550000000058398257466",
               "NO9386011117947", "DK5000400440116243", "FI2112345600000785", "GB33BUKB20201555555555",
               "DE44500105175407324931", "FR7630006000011234567890189", "ES7921000813610123456789", "NL02ABNA0123456789"}

def _spec_parts(spec):
    return [(int(n), t) for n, t in re.findall(r"(\d+)([nac])", spec)]

def bban_shape_re(cc):
    cls = {"n": "[0-9]", "a": "[A-Z]", "c": "[A-Z0-9]"}
    return re.compile("^" + "".join("%s{%d}" % (cls[t], n) for n, t in _spec_parts(IBAN_SPEC[cc])) + "$")

IT_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]

def it_cin(s):
    tot = 0
    for i, ch in enumerate(s):
        k = int(ch) if ch.isdigit() else ord(ch) - 65
        tot += IT_ODD[k] if i % 2 == 0 else k
    return chr(65 + tot % 26)

def gen_iban(rng, form=None, country=None):
    cc = country or rng.choice(sorted(IBAN_SPEC))
    while True:
        parts = []
        for n, t in _spec_parts(IBAN_SPEC[cc]):
            if t == "n":
                parts.append(rdigits(rng, n))
            elif t == "a":
                parts.append(rstr(rng, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", n))
            else:
                parts.append("".join(rng.choice("0123456789") if rng.random() < 0.7 else rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(n)))
        bban = "".join(parts)
        if cc == "BE":
            r = int(bban[:10]) % 97 or 97
            bban = bban[:10] + "%02d" % r
        elif cc == "FR":
            b, g, a = int(bban[:5]), int(bban[5:10]), int(bban[10:21])
            bban = bban[:21] + "%02d" % (97 - ((89 * b + 15 * g + 3 * a) % 97))
        elif cc == "IT":
            bban = it_cin(bban[1:]) + bban[1:]
        elif cc == "TR":
            bban = bban[:5] + "0" + bban[6:]
        chk = 98 - iban_mod97(cc + "00" + bban)
        iban = cc + "%02d" % chk + bban
        if iban not in KNOWN_IBANS and iban_mod97(iban) == 1:
            break
    form = form or rng.choice(["compact", "spaced", "spaced", "nbsp", "dash", "lower_spaced", "lower_compact"])
    groups = [iban[i:i + 4] for i in range(0, len(iban), 4)]
    if form == "compact":
        v = iban
    elif form == "spaced":
        v = " ".join(groups)
    elif form == "nbsp":
        v = "\u00a0".join(groups)
    elif form == "dash":
        v = "-".join(groups)
    elif form == "lower_spaced":
        v = " ".join(groups).lower()
    else:
        v = iban.lower()
    return V(v, cc.lower() + "_" + form)

def iban_valid(v):
    s = re.sub(r"[ \-\u00a0]", "", v).upper()
    cc = s[:2]
    if cc not in IBAN_LEN or len(s) != IBAN_LEN[cc] or s in KNOWN_IBANS:
        return False
    if not bban_shape_re(cc).match(s[4:]):
        return False
    return iban_mod97(s) == 1

# -- IPv4 / IPv6
def ipv4_forbidden(a):
    o = [int(x) for x in a.split(".")]
    if o[0] in (0, 127) or o[0] >= 224:
        return True
    if o[:3] in ([192, 0, 2], [198, 51, 100], [203, 0, 113]):
        return True
    if o[0] == 255 or o[3] in (0, 255):
        return True
    if o[0] == 169 and o[1] == 254:
        return True
    if o[0] == 198 and o[1] in (18, 19):
        return True
    if o[0] == 100 and 64 <= o[1] <= 127:
        return True
    if o[0] == 192 and o[1] == 0 and o[2] == 0:
        return True
    return False

def rand_ipv4(rng, private=None):
    while True:
        if private is None:
            private = rng.random() < 0.5
        if private:
            k = rng.randint(0, 2)
            if k == 0:
                o = [10, rng.randint(0, 255), rng.randint(0, 255), rng.randint(1, 254)]
            elif k == 1:
                o = [172, rng.randint(16, 31), rng.randint(0, 255), rng.randint(1, 254)]
            else:
                o = [192, 168, rng.randint(0, 255), rng.randint(1, 254)]
        else:
            o = [rng.randint(1, 223), rng.randint(0, 255), rng.randint(0, 255), rng.randint(1, 254)]
            if o[0] in (10, 172, 192):
                continue
        a = ".".join(map(str, o))
        if not ipv4_forbidden(a):
            return a, ("private" if private else "public")

def gen_ipv4(rng, form=None):
    a, kind = rand_ipv4(rng)
    form = form or rng.choice(["plain", "plain", "plain", "defanged", "with_port", "with_prefix"])
    if form == "defanged":
        return V(a.replace(".", "[.]"), "defanged_" + kind)
    if form == "with_port":
        return V(a, "port_" + kind, after=":" + str(rng.choice([22, 443, 5432, 8080, 8443, 27017, 6379, 3389])))
    if form == "with_prefix":
        return V(a, "prefix_" + kind, after="/" + str(rng.choice([16, 20, 24, 26, 28])))
    return V(a, kind)

def ipv4_valid(v):
    s = v.replace("[.]", ".")
    parts = s.split(".")
    if len(parts) != 4 or not all(p.isdigit() and (p == "0" or not p.startswith("0")) and int(p) <= 255 for p in parts):
        return False
    return not ipv4_forbidden(s)

def ipv6_excluded(addr):
    ip = ipaddress.IPv6Address(addr)
    return (ip in ipaddress.IPv6Network("2001:db8::/32") or ip.is_loopback or ip.is_unspecified or ip.is_multicast
            or ip in ipaddress.IPv6Network("2001::/32") or ip in ipaddress.IPv6Network("2002::/16"))

def gen_ipv6(rng, form=None):
    form = form or rng.choice(["compressed", "compressed", "full", "upper", "leading_zeros", "ula", "ipv4_tail",
                               "bracket_port", "zone", "with_prefix"])
    while True:
        if form == "ula":
            first = 0xfd00 | rng.randint(0, 255)
        elif form == "zone":
            first = 0xfe80
        else:
            first = rng.choice([0x2a01, 0x2a02, 0x2a00, 0x2600, 0x2604, 0x2406, 0x2c0f, 0x2800, 0x2001, 0x2003, 0x2405, 0x2a03])
        groups = [first] + [rng.randint(0, 0xffff) for _ in range(7)]
        if form == "zone":
            groups[1:4] = [0, 0, 0]
        if form == "compressed" or form in ("upper", "ula", "bracket_port", "with_prefix", "zone"):
            if rng.random() < 0.6 and form != "zone":
                k = rng.randint(2, 4)
                st = rng.randint(2, 7 - k + 1)
                for i in range(st, st + k):
                    groups[i] = 0
        if form == "ipv4_tail":
            a, _ = rand_ipv4(rng)
            if rng.random() < 0.5:
                v = "::ffff:" + a
            else:
                v = "64:ff9b::" + a
            ipaddress.IPv6Address(v)
            return V(v, form)
        ip = ipaddress.IPv6Address(int("".join("%04x" % g for g in groups), 16))
        if ipv6_excluded(str(ip)):
            continue
        if form == "full":
            v = ip.exploded
        elif form == "leading_zeros":
            v = ":".join("%04x" % g for g in groups)
            if rng.random() < 0.5:
                v = ":".join(("%04x" % g) if i % 2 == 0 else ("%x" % g) for i, g in enumerate(groups))
        elif form == "upper":
            v = ip.compressed.upper()
        else:
            v = ip.compressed
        if ":" not in v or v.count(":") < 2:
            continue
        if form == "bracket_port":
            return V(v, form, before="[", after="]:" + str(rng.choice([443, 8443, 5683, 9000])))
        if form == "zone":
            return V(v, form, after="%" + rng.choice(["eth0", "wlan0", "en0", "12"]))
        if form == "with_prefix":
            return V(v, form, after="/" + str(rng.choice([48, 56, 64])))
        return V(v, form)

def ipv6_valid(v):
    try:
        ipaddress.IPv6Address(v)
    except ValueError:
        return False
    return not ipv6_excluded(v)

# -- provider keys
def gen_openai(rng, form=None):
    form = form or rng.choice(["legacy", "proj", "proj", "svcacct", "admin"])
    if form == "legacy":
        v = "sk-" + rstr(rng, ALNUM, 20) + "T3BlbkFJ" + rstr(rng, ALNUM, 20)
    else:
        pre = {"proj": "sk-proj-", "svcacct": "sk-svcacct-", "admin": "sk-admin-"}[form]
        n = rng.choice([58, 74])
        v = pre + rstr(rng, B64URL, n) + "T3BlbkFJ" + rstr(rng, B64URL, n)
    return V(v, form)

OPENAI_RE = re.compile(r"^(sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}|sk-(proj|svcacct|admin)-[A-Za-z0-9_\-]{40,}T3BlbkFJ[A-Za-z0-9_\-]{40,})$")

def gen_anthropic(rng, form=None):
    form = form or rng.choice(["api03", "api03", "api03", "admin01"])
    pre = "sk-ant-api03-" if form == "api03" else "sk-ant-admin01-"
    return V(pre + rstr(rng, B64URL, 93) + "AA", form)

ANTHROPIC_RE = re.compile(r"^sk-ant-(api03|admin01)-[A-Za-z0-9_\-]{93}AA$")

def gen_aws(rng, form=None):
    form = form or rng.choice(["akia", "akia", "asia"])
    v = form.upper() + rstr(rng, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)
    return V(v, form)

AWS_RE = re.compile(r"^(AKIA|ASIA)[A-Z2-7]{16}$")

def gen_github(rng, form=None):
    form = form or rng.choice(["ghp", "ghp", "gho", "ghu", "ghs", "ghr", "github_pat", "github_pat"])
    if form == "github_pat":
        return V("github_pat_" + rstr(rng, ALNUM, 22) + "_" + rstr(rng, ALNUM, 59), form)
    body = rstr(rng, ALNUM, 30)
    return V(form + "_" + body + base62(zlib.crc32(body.encode()), 6), form)

GITHUB_RE = re.compile(r"^(gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})$")

# -- JWT
JWT_SIG = {"HS256": 32, "HS384": 48, "HS512": 64, "RS256": 256, "RS384": 256, "RS512": 256, "PS256": 256,
           "ES256": 64, "ES384": 96, "ES512": 132, "EdDSA": 64}

def jwt_payload(rng):
    now = rng.randint(1704067200, 1767225600)
    claims = {"sub": rng.choice(["usr_", "acct-", "svc:", ""]) + rdigits(rng, rng.randint(5, 9)),
              "iat": now, "exp": now + rng.choice([900, 3600, 86400])}
    extra = rng.choice([{"scope": "orders:read"}, {"role": "clinician"}, {"tenant": "t-" + rdigits(rng, 4)},
                        {"aud": "pharmacy-api"}, {"iss": "https://auth.quorvent.io/"}, {"jti": rstr(rng, ALNUM, 16)}, {}])
    claims.update(extra)
    return json.dumps(claims, separators=(",", ":")).encode()

def gen_jwt(rng, form=None):
    form = form or rng.choice(["HS256", "HS256", "RS256", "RS256", "ES256", "HS512", "ES384", "PS256", "EdDSA",
                               "jose_other_nonjson", "jose_other_short", "jose_other_none"])
    if form.startswith("jose_other"):
        alg = "none" if form == "jose_other_none" else rng.choice(["HS256", "RS256"])
        h = b64u(json.dumps({"alg": alg, "typ": "JWT"}, separators=(",", ":")).encode())
        if form == "jose_other_nonjson":
            p = b64u(bytes(rng.getrandbits(8) for _ in range(rng.randint(20, 40))))
            s = b64u(bytes(rng.getrandbits(8) for _ in range(JWT_SIG[alg])))
        elif form == "jose_other_short":
            p = b64u(jwt_payload(rng))
            s = b64u(bytes(rng.getrandbits(8) for _ in range(JWT_SIG[alg])))[:rng.randint(8, 20)]
        else:
            p = b64u(jwt_payload(rng))
            s = ""
        return V(h + "." + p + "." + s, form)
    hdr = {"alg": form, "typ": "JWT"}
    if rng.random() < 0.5:
        hdr["kid"] = rstr(rng, ALNUM, 8)
    h = b64u(json.dumps(hdr, separators=(",", ":")).encode())
    p = b64u(jwt_payload(rng))
    s = b64u(bytes(rng.getrandbits(8) for _ in range(JWT_SIG[form])))
    return V(h + "." + p + "." + s, form.lower())

def jwt_valid(v, form):
    parts = v.split(".")
    if len(parts) != 3:
        return False
    try:
        hdr = json.loads(b64u_dec(parts[0]))
    except Exception:
        return False
    if not isinstance(hdr, dict) or "alg" not in hdr:
        return False
    if form.startswith("jose_other"):
        return True
    try:
        pl = json.loads(b64u_dec(parts[1]))
        sig = b64u_dec(parts[2])
    except Exception:
        return False
    return isinstance(pl, dict) and len(sig) == JWT_SIG.get(hdr["alg"], -1)

# -- bearer
def gen_bearer(rng, form=None):
    form = form or rng.choice(["opaque", "opaque", "hex", "opaque_dotted"])
    while True:
        if form == "hex":
            v = rstr(rng, "0123456789abcdef", rng.choice([32, 40, 64]))
            if any(c.isdigit() for c in v) and any(c.isalpha() for c in v):
                break
        else:
            n = rng.randint(24, 60)
            alpha = ALNUM + ("-._~" if form == "opaque_dotted" else "")
            v = rng.choice(ALNUM[:52]) + rstr(rng, alpha, n - 2) + rng.choice(ALNUM)
            if (any(c.isdigit() for c in v) and any(c.isupper() for c in v) and any(c.islower() for c in v)
                    and not v.startswith(("sk", "gh", "ey", "AKIA", "ASIA", "xox")) and ".." not in v):
                break
    return V(v, form)

def bearer_qualifies(tok):
    if len(tok) < 16:
        return False
    if re.fullmatch(r"[0-9a-fA-F]+", tok) and any(c.isdigit() for c in tok):
        return True
    return any(c.isdigit() for c in tok) and any(c.isupper() for c in tok) and any(c.islower() for c in tok)

# -- private keys
def pem_render(lines, fmt):
    if fmt == "lf":
        return "\n".join(lines)
    if fmt == "crlf":
        return "\r\n".join(lines)
    if fmt in ("json_escaped", "env_escaped"):
        return "\\n".join(lines)
    if fmt == "flattened":
        return " ".join(lines)
    if fmt.startswith("yaml_block"):
        return ("\n" + " " * int(fmt[-1])).join(lines)
    raise KeyError(fmt)

def gen_private_key(rng, form=None, fmt=None):
    kind = form or rng.choice(PEM_KINDS)
    lines = make_private_key(rng, kind)
    fmt = fmt or "lf"
    return V(pem_render(lines, fmt), kind + "_" + fmt.replace("yaml_block2", "yaml_block").replace("yaml_block4", "yaml_block").replace("yaml_block6", "yaml_block"))

PEM_RE = re.compile(r"-----BEGIN ((?:RSA |EC |OPENSSH |ENCRYPTED )?PRIVATE KEY)-----(.*?)-----END \1-----", re.S)

def pem_valid(v):
    m = PEM_RE.fullmatch(v)
    if not m:
        return False
    body = re.sub(r"\\n|\\r|\s", "", m.group(2))
    try:
        raw = base64.b64decode(body, validate=True)
    except Exception:
        return False
    if m.group(1) == "OPENSSH PRIVATE KEY":
        return openssh_ok(raw)
    try:
        return raw[0] == 0x30 and der_walk(raw) == 1
    except (ValueError, IndexError):
        return False

# -- person names
def render_name(rng, p, form=None):
    g, f, lang = p["given"], p["family"], p["lang"]
    fg = p["order"] == "fg"
    options = []
    if lang in NATIVE_SCRIPT:
        options = ["native_script"]
    elif fg:
        options = ["family_given", "family_given", "given_family_western"]
    else:
        options = ["given_family", "given_family", "caps_family", "family_comma_given"]
        if lang in ("en", "de", "nl", "sv", "no", "da", "fi", "id"):
            options.append("middle_initial")
        if " " in f:
            if f.split(" ")[0] in ("van", "de", "von", "da", "dal", "der", "la", "del", "Dal"):
                options += ["particle", "particle"]
            else:
                options += ["compound", "compound"]
    form = form if form in options else rng.choice(options)
    if form == "native_script":
        if fg:
            v = (f + g) if lang in NOSPACE else (f + rng.choice([" ", "\u3000", ""]) + g) if lang == "ja" else f + " " + g
        else:
            v = g + " " + f
    elif form == "family_given":
        v = f + " " + g
    elif form == "given_family_western":
        v = g + " " + f
    elif form == "caps_family":
        v = (g + " " + f.upper()) if rng.random() < 0.6 else (f.upper() + " " + g)
    elif form == "family_comma_given":
        v = f + ", " + g
    elif form == "middle_initial":
        v = g + " " + rng.choice("ABCDEFGHJKLMNPRSTW") + ". " + f
    else:
        v = g + " " + f
    before, after = "", ""
    r = rng.random()
    if lang in SUFFIXES and r < 0.5:
        after = rng.choice(SUFFIXES[lang])
        form = form + "+suffix"
    elif lang in TITLES and r < 0.35 and form not in ("family_comma_given",):
        bad = MALE_TITLES if p["gender"] == "f" else FEMALE_TITLES
        before = rng.choice([t for t in TITLES[lang] if t not in bad]) + " "
        form = form + "+title"
    return V(v, form, before=before, after=after), lang

def gen_name(rng, form=None, lang=None):
    cands = [p for p in NAME_POOL if lang is None or p["lang"] == lang] or NAME_POOL
    p = rng.choice(cands)
    v, l = render_name(rng, p, form)
    v["lang_hint"] = l
    return v

def name_variants(p):
    g, f = p["given"], p["family"]
    out = [g + " " + f, f + " " + g, f + ", " + g, f + g, f + "\u3000" + g, f + "," + g]
    return out

# -- streets
def house_number(rng, style, country):
    r = rng.random()
    n = str(rng.choice([rng.randint(1, 40), rng.randint(1, 180), rng.randint(2, 2400)]))
    if r < 0.12:
        return n + rng.choice(["a", "b", "A", "c"]), "letter"
    if r < 0.2:
        a = int(re.sub(r"\D", "", n)) or 2
        return "%d-%d" % (a, a + 2), "range"
    if r < 0.26 and country in ("FR", "BE"):
        return n + " " + rng.choice(["bis", "ter"]), "bis"
    return n, "plain"

def gen_street(rng, form=None, country=None):
    cands = [s for s in STREET_POOL if country is None or s["country"] == country] or STREET_POOL
    s = rng.choice(cands)
    name, style, c = s["name"], s["style"], s["country"]
    num, nk = house_number(rng, style, c)
    if style == "nf":
        v = name + " " + num
        st = "name_number"
    elif style == "fn":
        if c == "FR" and rng.random() < 0.4:
            v = num + ", " + name
        else:
            v = num + " " + name
        st = "number_name"
    elif style == "fnc":
        v = num + ", " + name
        st = "number_comma_name"
    elif style == "nc":
        v = name + ", " + num
        st = "name_comma_number"
    elif style == "cz":
        if rng.random() < 0.6:
            v = name + " " + str(rng.randint(100, 2999)) + "/" + str(rng.randint(1, 60))
            nk = "slash"
        else:
            v = name + " " + num
        st = "name_number"
    elif style == "tr":
        v = name + " No: " + num if rng.random() < 0.6 else name + " No:" + num
        st = "name_no_number"
    elif style == "id":
        v = name + " No. " + num
        st = "name_no_number"
    elif style == "cjk":
        v = name + str(rng.randint(1, 399)) + "号"
        st = "cjk_number"
        nk = "plain"
    elif style == "kr":
        v = name + " " + str(rng.randint(1, 299))
        st = "name_number"
        nk = "plain"
    elif style == "jp":
        v = name + str(rng.randint(1, 9)) + "-" + str(rng.randint(1, 30))
        st = "jp_block"
        nk = "plain"
    f = c.lower() + "_" + st + ("" if nk == "plain" else "_" + nk)
    out = V(v, f)
    out["lang_hint"] = s["lang"]
    return out

NAME_POOL = []
STREET_POOL = []

GENERATORS = {
    "email": gen_email, "phone": gen_phone, "credit_card": gen_card, "ssn": gen_ssn, "iban": gen_iban,
    "ipv4": gen_ipv4, "ipv6": gen_ipv6, "openai_key": gen_openai, "anthropic_key": gen_anthropic,
    "aws_access_key": gen_aws, "github_token": gen_github, "jwt": gen_jwt, "bearer_token": gen_bearer,
    "person_name": gen_name, "street_address": gen_street,
}

def value_valid(det, v, form):
    if det == "email":
        return bool(EMAIL_RE.match(email_deobf(v)))
    if det == "phone":
        d = "".join(ch for ch in norm_digits(v) if ch.isdigit())
        if not (8 <= len(d) <= 15):
            return False
        if not (v.startswith(("+", "00", "＋")) or re.search(r"[\d)][ \-./\u00a0\u2009(]+\d", norm_digits(v))):
            return False
        return not (len(d) >= 13 and luhn_ok(d))
    if det == "credit_card":
        return card_valid(v)
    if det == "ssn":
        m = re.fullmatch(r"(\d{3})([-. ]?)(\d{2})\2(\d{4})", v)
        return bool(m) and ssn_valid_digits(m.group(1), m.group(3), m.group(4)) and (m.group(1) + m.group(3) + m.group(4)) not in KNOWN_SSN
    if det == "iban":
        return iban_valid(v)
    if det == "ipv4":
        return ipv4_valid(v)
    if det == "ipv6":
        return ipv6_valid(v)
    if det == "openai_key":
        return bool(OPENAI_RE.match(v))
    if det == "anthropic_key":
        return bool(ANTHROPIC_RE.match(v)) and len(v) in (108, 110)
    if det == "aws_access_key":
        return bool(AWS_RE.match(v)) and v != "AKIAIOSFODNN7EXAMPLE"
    if det == "github_token":
        return bool(GITHUB_RE.match(v))
    if det == "jwt":
        return jwt_valid(v, form)
    if det == "bearer_token":
        return bearer_qualifies(v) and not v.startswith(("sk-", "eyJ", "gh"))
    if det == "private_key":
        return pem_valid(v)
    if det == "person_name":
        return any(v.replace(". ", " ").find(p["family"]) >= 0 or v.find(p["family"].upper()) >= 0 for p in NAME_POOL)
    if det == "street_address":
        return any(s["name"] in v for s in STREET_POOL) and bool(re.search(r"\d", v))
    return False

# ---------------------------------------------------------------- conservative scanner
SCAN_EMAIL = [re.compile(r"[\w.+%\-]+@[\w\-]+(?:\.[\w\-]+)*\.[^\W\d_]{2,}"),
              re.compile(r"[\w.+%\-]+ @ [\w\-]+(?:\.[\w\-]+)+"),
              re.compile(r"\[at\]|\(at\)|＠|\[dot\]|\(dot\)|\[\.\]|\u200b@|@\u200b", re.I),
              re.compile(r"\b\w+ at [\w\-]+ dot \w+")]
SCAN_PHONE = re.compile(r"(?<![\w+])(?:\+|00)\s?\(?\d[\d \-.()\u00a0\u2009/]{5,}\d")
SCAN_CARDRUN = re.compile(r"\d(?:[ \-\u00a0\u2009]?\d){11,}")
SCAN_IBAN = re.compile(r"[A-Za-z]{2}\d{2}(?:[ \-\u00a0]?[A-Za-z0-9]){8,32}")
SCAN_QUAD = re.compile(r"\d+(?:\.\d+){3,}")
SCAN_V6 = re.compile(r"(?<![\w])[0-9A-Fa-f:.]{2,}")
SCAN_KEYS = [re.compile(r"sk-[A-Za-z0-9]{48}"), re.compile(r"sk-[A-Za-z0-9]{20}T3BlbkFJ"),
             re.compile(r"sk-(?:proj|svcacct|admin)-[\w\-]{40,}"), re.compile(r"T3BlbkFJ[\w\-]{15,}"),
             re.compile(r"sk-ant-[a-z]+\d*-[\w\-]{80,}"), re.compile(r"(?:AKIA|ASIA)[A-Z2-7]{16}"),
             re.compile(r"gh[pousr]_[A-Za-z0-9]{30,}"), re.compile(r"github_pat_[A-Za-z0-9_]{40,}"),
             re.compile(r"eyJhbGci"), re.compile(r"PRIVATE KEY")]
SCAN_JWT = re.compile(r"eyJ[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]*\.?[A-Za-z0-9_\-]*")
SCAN_BEARER = re.compile(r"Bearer\s+([^\s\"'<>,;`)\]}]+)", re.I)
SCAN_SSN = re.compile(r"(?<!\d)(\d{3})([-. ]?)(\d{2})\2(\d{4})(?!\d)")
NAME_VARIANTS = []
NAME_TOKENS = None
STREET_RES = []

def init_scanner():
    global NAME_TOKENS
    NAME_VARIANTS.clear()
    toks = set()
    for p in NAME_POOL:
        for v in name_variants(p):
            NAME_VARIANTS.append(v.casefold())
        if p["lang"] not in ("zh", "ja", "ko", "th"):
            for part in (p["given"].split(" ") + p["family"].split(" ")):
                if len(part) >= 3 and part not in ("van", "von", "den", "der", "del", "dal", "Dal", "Matos"):
                    toks.add(part)
    NAME_TOKENS = re.compile(r"(?<!\w)(" + "|".join(sorted((re.escape(t) for t in toks), key=lambda x: (-len(x), x))) + r")(?!\w)", re.I)
    STREET_RES.clear()
    for s in STREET_POOL:
        STREET_RES.append(re.compile(r"(\d[^\n]{0,8})?" + re.escape(s["name"]) + r"([^\n]{0,10}\d)?", re.I))

def scan(text):
    """Return a list of findings (kind, snippet) in text; the text should have labels masked."""
    found = []
    for r in SCAN_EMAIL:
        for m in r.finditer(text):
            found.append(("email", m.group()))
    t = norm_digits(text)
    for m in SCAN_PHONE.finditer(t):
        if sum(c.isdigit() for c in m.group()) >= 7:
            found.append(("phone", m.group()))
    for m in re.finditer(r"tel:\s*[+\d(]", text, re.I):
        found.append(("phone", m.group()))
    for m in SCAN_CARDRUN.finditer(t):
        groups = re.split(r"[ \-\u00a0\u2009]", m.group())
        for i in range(len(groups)):
            acc = ""
            for j in range(i, len(groups)):
                acc += groups[j]
                if 13 <= len(acc) <= 19 and luhn_ok(acc):
                    found.append(("credit_card", acc))
                if len(acc) > 19:
                    break
    for m in SCAN_IBAN.finditer(text):
        s = re.sub(r"[ \-\u00a0]", "", m.group()).upper()
        cc = s[:2]
        if cc not in IBAN_LEN:
            continue
        for L in [IBAN_LEN[cc]]:
            if len(s) >= L and s[:L].isalnum() and iban_mod97(s[:L]) == 1:
                found.append(("iban", s[:L]))
    t2 = t.replace("[.]", ".")
    for m in SCAN_QUAD.finditer(t2):
        parts = m.group().split(".")
        for i in range(len(parts) - 3):
            w = parts[i:i + 4]
            if all(len(x) <= 3 and int(x) <= 255 for x in w):
                found.append(("ipv4", ".".join(w)))
    for m in SCAN_V6.finditer(text):
        c = m.group()
        if c.count(":") < 2:
            continue
        for cand in (c, c.rstrip("."), c.strip(".:"), c.rstrip(":.")):
            if cand and cand != "::":
                try:
                    ipaddress.IPv6Address(cand)
                    found.append(("ipv6", cand))
                    break
                except ValueError:
                    pass
    for r in SCAN_KEYS:
        for m in r.finditer(text):
            found.append(("key", m.group()[:30]))
    for m in SCAN_JWT.finditer(text):
        try:
            h = json.loads(b64u_dec(m.group().split(".")[0]))
            if isinstance(h, dict) and "alg" in h:
                found.append(("jwt", m.group()[:30]))
        except Exception:
            pass
    for m in SCAN_BEARER.finditer(text):
        tok = m.group(1).rstrip(".")
        if bearer_qualifies(tok):
            found.append(("bearer_token", tok))
    if re.search(r"ssn|social security", text, re.I):
        for m in SCAN_SSN.finditer(t):
            if ssn_valid_digits(m.group(1), m.group(3), m.group(4)):
                found.append(("ssn", m.group()))
    low = text.casefold()
    for v in NAME_VARIANTS:
        if v in low:
            found.append(("person_name", v))
    for m in NAME_TOKENS.finditer(text):
        found.append(("name_token", m.group()))
    for r in STREET_RES:
        for m in r.finditer(text):
            if m.group(1) or m.group(2):
                found.append(("street_address", m.group()))
    return found

def forbidden_ipv4_in(text):
    t = norm_digits(text).replace("[.]", ".")
    for m in SCAN_QUAD.finditer(t):
        parts = m.group().split(".")
        for i in range(len(parts) - 3):
            w = parts[i:i + 4]
            if all(len(x) <= 3 and int(x) <= 255 for x in w) and ipv4_forbidden(".".join(str(int(x)) for x in w)):
                return True
    return False

KNOWN_STRINGS = ["AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI", "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ",
                 "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c", "078-05-1120", "078051120", "123-45-6789", "219-09-9999"]

def has_known_value(text):
    t = norm_digits(text)
    compact = re.sub(r"[ \-\u00a0\u2009.]", "", t).upper()
    if any(k in t for k in KNOWN_STRINGS):
        return True
    if any(k in compact for k in KNOWN_PANS if len(k) >= 13) or any(k in compact for k in KNOWN_IBANS):
        return True
    return False

def occurrences(text, v):
    n, i = 0, text.find(v)
    spans = []
    while i >= 0:
        spans.append((i, i + len(v)))
        n += 1
        i = text.find(v, i + 1)
    return spans

def check_sample(text, labels):
    """Return None when the sample passes every check, else a reason string."""
    counts = {}
    for lab in labels:
        counts[lab["value"]] = counts.get(lab["value"], 0) + 1
    spans = []
    for v in sorted(counts):
        occ = occurrences(text, v)
        if len(occ) != counts[v]:
            return "count:" + v[:40]
        spans += occ
    spans.sort()
    for a, b in zip(spans, spans[1:]):
        if b[0] < a[1]:
            return "overlap"
    dets = {}
    for lab in labels:
        if not value_valid(lab["detector"], lab["value"], lab["form"]):
            return "invalid:" + lab["detector"] + ":" + lab["value"][:40]
        dets.setdefault(lab["value"], set()).add(lab["detector"])
        if lab["detector"] == "ssn" and not re.search(r"SSN|social security number", text, re.I):
            return "ssn_context"
    if has_known_value(text):
        return "known_value"
    if forbidden_ipv4_in(text):
        return "forbidden_ipv4"
    masked = text
    for v in sorted(counts, key=lambda x: -len(x)):
        masked = masked.replace(v, "■")
    f = scan(masked)
    if f:
        return "scan:%s:%s" % f[0]
    return None

def self_test():
    must_flag = ["write to mira.tobu@brisavale.net today", "mira [at] brisavale.net", "mira at brisavale dot net",
                 "call +49 30 2345 6789 now", "call 0049 30 2345 6789", "card 4556 7375 8689 9855 ok", "IBAN DE44 5001 0517 5407 3249 31",
                 "host 10.20.30.40 up", "host 10[.]20[.]30[.]40", "addr 2a01:4f8:c17:1b2c::9 x", "SSN 219-55-1234",
                 "key sk-ant-api03-" + "a" * 93 + "AA", "AKIA" + "ABCDEFGHIJKLMNOP", "ghp_" + "a1" * 18,
                 "Authorization: Bearer Ab3dEf9hIj2kLm7nOp", "-----BEGIN PRIVATE KEY-----", "tel:+12125550188"]
    p = NAME_POOL[0]
    must_flag.append("met " + p["family"].upper() + " " + p["given"] + " yesterday")
    s = STREET_POOL[0]["name"]
    must_flag.append("lives at " + s + " 12 now")
    must_flag.append(b64u(b'{"alg":"HS256"}') + "." + b64u(b'{"a":1}') + ".sig")
    for t in must_flag:
        assert scan(t), t
    must_pass = ["version 4.12.7 released", "meet @ 5pm", "build 20240312.4", "room 1204, gate B27", "caffeine C8H10N4O2",
                 "order 482913057 shipped", "SSN 666-12-3456 is invalid", "MAC 3c:22:fb:9a:10:e7", "time 14:22:05.123",
                 "Authorization: Bearer <token>", "price €1.249,00", "the bakery on " + s + " closes early.",
                 "-----BEGIN PUBLIC KEY-----", "sk-proj-abc123", "YOUR_API_KEY", "10.300.2.7"]
    for t in must_pass:
        assert not scan(t), (t, scan(t))
    assert check_sample("mail mira.tobu@brisavale.net", [{"detector": "email", "value": "mira.tobu@brisavale.net", "form": "plain"}]) is None
    assert check_sample("mail mira.tobu@brisavale.net x mira.tobu@brisavale.net", [{"detector": "email", "value": "mira.tobu@brisavale.net", "form": "plain"}])
    assert check_sample("ip 127.0.0.1", [])
    assert check_sample("card 4111 1111 1111 1111", [])

# ---------------------------------------------------------------- prose frames and wrappers
def label_word(lang, det, rng):
    w = LANGS[lang]
    if det == "ssn":
        if lang == "en":
            return rng.choice(["SSN", "Social Security Number", "social security number", "SSN (US)"])
        return rng.choice(["SSN", "SSN (US)", "US-SSN"])
    base = w[WORD_IDX[det]]
    if det in PROVIDER:
        return PROVIDER[det] + " " + base
    return base

def unit(v):
    return v["before"] + v["value"] + v["after"]

def prose(rng, lang, det, v):
    """One or two lines of prose in `lang` holding the value once. Returns (text, position)."""
    w = LANGS[lang]
    pre, post = rng.choice(w[8]), rng.choice(w[9])
    q0, q1 = w[10]
    L = label_word(lang, det, rng)
    u = unit(v)
    cjk = lang in CJK
    frames = ["{pre} {L}: {U}. {post}", "{pre} {L}: {U}, {post}", "{pre} {L} {q0}{U}{q1} {post}", "{pre} ({L}: {U}) {post}",
              "{pre} {L} → **{U}** {post}", "{pre} {L}: `{U}`", "{pre} {L} [{U}] {post}", "{U} ← {L}. {post}",
              "{pre} {L}: {U}", "{pre}\n    {L}:\n    {U}\n{post}", "{pre} {L}={U}; {post}", "{pre} {L}: '{U}'",
              "{pre} {L} — {U}! {post}", "{pre} {L}: \"{U}\"... {post}", "{pre} {L}:\n  {U}"]
    if cjk:
        frames += ["{pre}{L}：{U}。{post}", "{pre}「{U}」（{L}）{post}", "{pre}{L}：{U}、{post}", "{pre}【{L}】{U}"]
    if det not in ("ipv6",) and not u.startswith("("):
        frames.append("{pre} {L}:{U} {post}")
    if det in ("ipv4",) and "[.]" in u:
        frames = [f for f in frames if "[{U}]" not in f]
    f = rng.choice(frames)
    txt = f.format(pre=pre, post=post, L=L, U=u, q0=q0, q1=q1)
    return txt

WA_SENDERS = ["Front Desk", "Ops Rota", "Lager 3", "Night Shift", "Reception 2F", "Hausverwaltung", "Kita Sonnenhof", "Team Nord",
              "Bauleitung", "Yoga Studio", "Dispatch", "Elternrat"]

def rdate(rng):
    return 2024 + rng.randint(0, 1), rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59)

def iso(rng):
    y, mo, d, h, mi, s = rdate(rng)
    return "%04d-%02d-%02dT%02d:%02d:%02dZ" % (y, mo, d, h, mi, s)

def jd(o):
    return json.dumps(o, ensure_ascii=False, indent=rng_indent[0])

rng_indent = [None]

def wrap(rng, txt, lang):
    """Put a prose text into one of the single-value containers; returns (text, context)."""
    ctx = rng.choice(["prompt", "prompt", "prompt", "whatsapp_export", "telegram_export", "org_mode", "rst_page", "asciidoc_page",
                      "openai_tool_result", "anthropic_tool_result", "rag_chunk", "classified_ad", "mime_part",
                      "sentry_breadcrumb", "logcat", "otel_log", "hl7_nte", "powershell_transcript"])
    y, mo, d, h, mi, s = rdate(rng)
    rng_indent[0] = rng.choice([None, None, 2])
    if ctx == "prompt":
        return txt, ctx
    if ctx == "whatsapp_export":
        one = txt.replace("\n", " ")
        lines = ["[%02d.%02d.%02d, %02d:%02d:%02d] %s: %s" % (d, mo, y % 100, h, mi, s, rng.choice(WA_SENDERS), one)]
        if rng.random() < 0.5:
            lines.append("[%02d.%02d.%02d, %02d:%02d:%02d] %s: %s" % (d, mo, y % 100, h, (mi + 3) % 60, s, rng.choice(WA_SENDERS), rng.choice(LANGS[lang][9])))
        return "\n".join(lines), ctx
    if ctx == "telegram_export":
        return jd({"id": rng.randint(1000, 99999), "type": "message", "date": "%04d-%02d-%02dT%02d:%02d:%02d" % (y, mo, d, h, mi, s),
                   "from": rng.choice(WA_SENDERS), "text": txt}), ctx
    if ctx == "org_mode":
        return "* TODO %s\n  SCHEDULED: <%04d-%02d-%02d>\n  :PROPERTIES:\n  :CATEGORY: intake\n  :END:\n  %s\n" % (
            rng.choice(["Follow up", "Rückruf", "Relance", "Check"]), y, mo, d, txt.replace("\n", "\n  ")), ctx
    if ctx == "rst_page":
        title = rng.choice(["Intake notes", "Handover", "Notizen", "Runbook"])
        return "%s\n%s\n\n.. note::\n\n   %s\n" % (title, "=" * len(title), txt.replace("\n", "\n   ")), ctx
    if ctx == "asciidoc_page":
        return "= %s\n:toc: left\n\n[NOTE]\n====\n%s\n====\n" % (rng.choice(["Handover", "Shift log", "Dossier"]), txt), ctx
    if ctx == "openai_tool_result":
        return jd({"role": "tool", "tool_call_id": "call_" + rstr(rng, ALNUM, 24), "content": txt}), ctx
    if ctx == "anthropic_tool_result":
        return jd({"type": "tool_result", "tool_use_id": "toolu_01" + rstr(rng, ALNUM, 22), "content": [{"type": "text", "text": txt}]}), ctx
    if ctx == "rag_chunk":
        return jd({"chunk_id": "kb-%d#c%02d" % (rng.randint(100, 9999), rng.randint(1, 40)), "score": round(rng.uniform(0.5, 0.99), 3),
                   "metadata": {"source": rng.choice(["handbook_v3.pdf", "faq.md", "intake_2024.docx"]), "page": rng.randint(1, 80), "lang": lang},
                   "text": txt}), ctx
    if ctx == "classified_ad":
        return "#%d · %s\n%s\n— %02d/%02d" % (rng.randint(1000, 99999), rng.choice(["🏠", "🚲", "🎸", "🛋️", "🐕"]), txt, d, mo), ctx
    if ctx == "mime_part":
        return "--b1_%s\nContent-Type: text/plain; charset=\"utf-8\"\nContent-Transfer-Encoding: 8bit\n\n%s\n--b1_%s--\n" % (
            rstr(rng, "0123456789abcdef", 12), txt, "x"), ctx
    if ctx == "sentry_breadcrumb":
        return jd({"event_id": rstr(rng, "0123456789abcdef", 32), "level": "info", "platform": "javascript",
                   "breadcrumbs": {"values": [{"category": "ui.input", "message": txt, "timestamp": rng.randint(1704067200, 1767225600)}]}}), ctx
    if ctx == "logcat":
        return "%02d-%02d %02d:%02d:%02d.%03d  %d  %d I ChatInput: %s" % (mo, d, h, mi, s, rng.randint(0, 999), rng.randint(1000, 30000),
                                                                     rng.randint(1000, 30000), txt.replace("\n", " ")), ctx
    if ctx == "otel_log":
        return jd({"resourceLogs": [{"resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "chat-gateway"}}]},
                                     "scopeLogs": [{"logRecords": [{"severityText": "INFO", "body": {"stringValue": txt}}]}]}]}), ctx
    if ctx == "hl7_nte":
        return "MSH|^~\\&|INTAKE|CLINIC|EHR|HOSP|%04d%02d%02d%02d%02d||ORU^R01|M%d|P|2.5\rNTE|1|L|%s" % (
            y, mo, d, h, mi, rng.randint(10000, 99999), txt.replace("\n", " ").replace("|", "/")), ctx
    if ctx == "powershell_transcript":
        return "**********************\nPowerShell transcript start\n**********************\nPS C:\\Users\\ops> Get-Content .\\note.txt\n%s\nPS C:\\Users\\ops> exit\n" % txt, ctx
    raise KeyError(ctx)

# -- technical single-value snippets (secrets, IPs); return (text, context)
VAR_NAMES = {"openai_key": ["OPENAI_API_KEY", "LLM_KEY"], "anthropic_key": ["ANTHROPIC_API_KEY", "CLAUDE_KEY"],
             "aws_access_key": ["AWS_ACCESS_KEY_ID"], "github_token": ["GH_TOKEN", "GITHUB_TOKEN"], "jwt": ["SESSION_JWT", "ID_TOKEN"],
             "bearer_token": ["API_TOKEN"], "ipv4": ["DB_HOST", "UPSTREAM"], "ipv6": ["BIND_ADDR", "PEER"]}

def tech_snippet(rng, det, v):
    u = unit(v)
    var = rng.choice(VAR_NAMES.get(det, ["SECRET"]))
    dom = rng.choice(DOMAINS)
    bearer = det == "bearer_token" or v["form"] == "bearer"
    choices = ["dockerfile", "makefile", "github_actions", "java_properties", "powershell", "postman", "openai_function_args",
               "anthropic_tool_use", "mongodb_ext_json", "pg_log"]
    if bearer:
        choices = ["makefile", "postman", "logcat", "otel_span", "powershell", "anthropic_tool_use", "prose"]
    if det in ("ipv4", "ipv6"):
        choices = ["tcpdump", "pg_log", "logcat", "java_properties", "github_actions", "sentry_event", "otel_span", "dockerfile"]
    ctx = rng.choice(choices)
    if bearer:
        auth = "Bearer " + u
        if ctx == "makefile":
            return ("VERSION ?= 2.3\n\nrelease:\n\t@echo \"publishing $(VERSION)\"\n\tcurl -fsS -X POST -H \"Authorization: %s\" https://api.%s/v1/releases\n" % (auth, dom), ctx)
        if ctx == "postman":
            return (jd({"info": {"name": "Intake API", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
                        "item": [{"name": "List orders", "request": {"method": "GET", "header": [{"key": "Authorization", "value": auth}],
                                                                     "url": {"raw": "https://api.%s/v2/orders?page=2" % dom}}}]}), ctx)
        if ctx == "logcat":
            return ("03-%02d 09:14:07.%03d  4821  4907 D OkHttp  : --> GET https://api.%s/v1/profile\n03-%02d 09:14:07.%03d  4821  4907 D OkHttp  : Authorization: %s\n" % (
                rng.randint(1, 28), rng.randint(0, 999), dom, rng.randint(1, 28), rng.randint(0, 999), auth), ctx)
        if ctx == "otel_span":
            return (jd({"name": "GET /v1/profile", "kind": "SPAN_KIND_CLIENT", "attributes": [
                {"key": "http.request.method", "value": {"stringValue": "GET"}},
                {"key": "http.request.header.authorization", "value": {"arrayValue": {"values": [{"stringValue": auth}]}}}]}), ctx)
        if ctx == "powershell":
            return ("PS C:\\deploy> $h = @{ Authorization = \"%s\" }\nPS C:\\deploy> Invoke-RestMethod -Uri https://api.%s/v1/jobs -Headers $h\n" % (auth, dom), ctx)
        if ctx == "anthropic_tool_use":
            return (jd({"type": "tool_use", "id": "toolu_01" + rstr(rng, ALNUM, 22), "name": "http_request",
                        "input": {"method": "GET", "url": "https://api.%s/v1/me" % dom, "headers": {"Authorization": auth}}}), ctx)
        lang = rng.choice(LANG_CODES)
        w = LANGS[lang]
        return ("%s `Authorization: %s` %s" % (rng.choice(w[8]), auth, rng.choice(w[9])), "prompt:" + lang)
    if det in ("ipv4", "ipv6"):
        if ctx == "tcpdump":
            ts = "%02d:%02d:%02d.%06d" % (rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59), rng.randint(0, 999999))
            dst = rng.choice(["db-primary.internal", "edge-lb.local", "mqtt.plant.lan", "cache-02.svc"])
            if det == "ipv4":
                return ("%s IP %s.%d > %s.%d: Flags [S], seq %d, win 64240, length 0" % (
                    ts, v["value"], rng.randint(30000, 60999), dst, rng.choice([443, 5432, 8443]), rng.randint(10 ** 8, 10 ** 9)), ctx)
            return ("%s IP6 %s.%d > %s.443: Flags [P.], length %d" % (ts, v["value"], rng.randint(30000, 60999), dst,
                                                                      rng.randint(40, 1400)), ctx)
        if ctx == "pg_log":
            return ("2025-%02d-%02d 06:%02d:11.%03d UTC [%d] LOG:  connection received: host=%s port=%d" % (
                rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 59), rng.randint(0, 999), rng.randint(1000, 60000), u, rng.randint(30000, 60999)), ctx)
        if ctx == "logcat":
            return ("05-%02d 11:02:44.%03d  2210  2291 W Netd    : dns fallback to %s failed" % (rng.randint(1, 28), rng.randint(0, 999), u), ctx)
        if ctx == "java_properties":
            return ("# cache tier\ncache.ttl.seconds=600\ncache.host=%s\ncache.pool.max=32\n" % u, ctx)
        if ctx == "github_actions":
            return ("jobs:\n  smoke:\n    runs-on: ubuntu-latest\n    steps:\n      - run: nc -zv %s 5432\n" % v["value"], ctx)
        if ctx == "sentry_event":
            return (jd({"event_id": rstr(rng, "0123456789abcdef", 32), "level": "error", "user": {"ip_address": v["value"]},
                        "exception": {"values": [{"type": "TimeoutError", "value": "upstream timed out"}]}}), ctx)
        if ctx == "otel_span":
            return (jd({"name": "db.query", "attributes": [{"key": "server.address", "value": {"stringValue": v["value"]}},
                                                           {"key": "db.system", "value": {"stringValue": "postgresql"}}]}), ctx)
        return ("FROM alpine:3.20\nRUN echo \"nameserver %s\" > /etc/resolv.conf.local\nEXPOSE 8080\n" % v["value"], "dockerfile")
    if ctx == "dockerfile":
        return ("FROM node:20-alpine\nWORKDIR /srv/app\nENV %s=%s\nCOPY . .\nRUN npm ci --omit=dev\nCMD [\"node\", \"server.js\"]\n" % (var, u), ctx)
    if ctx == "makefile":
        return ("export %s := %s\n\nrun:\n\tpython3 -m worker --queue intake\n" % (var, u), ctx)
    if ctx == "github_actions":
        return ("name: nightly-sync\non:\n  schedule:\n    - cron: '17 3 * * *'\njobs:\n  sync:\n    runs-on: ubuntu-latest\n    env:\n      %s: %s\n    steps:\n      - uses: actions/checkout@v4\n      - run: ./scripts/sync.sh\n" % (var, u), ctx)
    if ctx == "java_properties":
        return ("# generated by setup wizard\napp.name=intake-service\n%s=%s\nserver.port=8443\n" % (var.lower().replace("_", "."), u), ctx)
    if ctx == "powershell":
        return ("PS C:\\deploy> $env:%s = \"%s\"\nPS C:\\deploy> .\\publish.ps1 -Stage prod\n" % (var, u), ctx)
    if ctx == "postman":
        return (jd({"info": {"name": "Vendor sandbox"}, "variable": [{"key": var.lower(), "value": u, "type": "secret"}]}), ctx)
    if ctx == "openai_function_args":
        return (jd({"role": "assistant", "tool_calls": [{"id": "call_" + rstr(rng, ALNUM, 24), "type": "function",
                    "function": {"name": "save_secret", "arguments": json.dumps({"name": var, "value": u})}}]}), ctx)
    if ctx == "anthropic_tool_use":
        return (jd({"type": "tool_use", "id": "toolu_01" + rstr(rng, ALNUM, 22), "name": "store_credential", "input": {"label": var, "secret": u}}), ctx)
    if ctx == "mongodb_ext_json":
        return (jd({"_id": {"$oid": rstr(rng, "0123456789abcdef", 24)}, "service": "billing", "apiKey": u,
                    "rotatedAt": {"$date": iso(rng)}}), ctx)
    return ("2025-%02d-%02d 06:%02d:11.%03d UTC [%d] LOG:  statement: ALTER ROLE app SET app.token = '%s';" % (
        rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 59), rng.randint(0, 999), rng.randint(1000, 60000), u), "pg_log")

def pem_snippet(rng, kind):
    fmt = rng.choice(["lf", "lf", "crlf", "json_escaped", "yaml_block", "flattened", "env_escaped", "env_quoted"])
    lines = make_private_key(rng, kind)
    if fmt == "lf":
        pem = pem_render(lines, "lf")
        ctx = rng.choice(["org_mode", "asciidoc_page"])
        if ctx == "org_mode":
            return pem, "lf", "* Deploy key (rotate!)\n#+begin_src text\n%s\n#+end_src\n" % pem, ctx
        return pem, "lf", "== Break-glass key\n\n----\n%s\n----\n" % pem, ctx
    if fmt == "crlf":
        pem = pem_render(lines, "crlf")
        return pem, "crlf", "PS C:\\keys> Get-Content .\\svc.key\r\n%s\r\nPS C:\\keys> \r\n" % pem, "powershell_transcript"
    if fmt == "json_escaped":
        real = "\n".join(lines)
        pem = pem_render(lines, "json_escaped")
        ctx = rng.choice(["anthropic_tool_use", "mongodb_ext_json", "postman"])
        if ctx == "anthropic_tool_use":
            t = json.dumps({"type": "tool_use", "id": "toolu_01" + rstr(rng, ALNUM, 22), "name": "provision_host", "input": {"host": "edge-7", "ssh_private_key": real}}, ensure_ascii=False)
        elif ctx == "mongodb_ext_json":
            t = json.dumps({"_id": {"$oid": rstr(rng, "0123456789abcdef", 24)}, "keyPem": real, "createdAt": {"$date": iso(rng)}}, ensure_ascii=False)
        else:
            t = json.dumps({"info": {"name": "mTLS sandbox"}, "variable": [{"key": "client_key", "value": real}]}, ensure_ascii=False)
        return pem, "json_escaped", t, ctx
    if fmt == "yaml_block":
        pem = pem_render(lines, "yaml_block8")
        return pem, "yaml_block", "jobs:\n  deploy:\n    runs-on: ubuntu-latest\n    env:\n      DEPLOY_KEY: |\n        %s\n    steps:\n      - run: ./ship.sh\n" % pem, "github_actions"
    if fmt == "flattened":
        pem = pem_render(lines, "flattened")
        lang = rng.choice(LANG_CODES)
        return pem, "flattened", "%s %s %s" % (rng.choice(LANGS[lang][8]), pem, rng.choice(LANGS[lang][9])), "prompt:" + lang
    if fmt == "env_escaped":
        pem = pem_render(lines, "env_escaped")
        return pem, "env_escaped", "[source,dotenv]\n----\nAPP_ENV=staging\nSIGNING_KEY=\"%s\"\n----\n" % pem, "asciidoc_page"
    pem = pem_render(lines, "lf")
    return pem, "env_quoted", "[source,bash]\n----\nexport SIGNING_KEY=\"%s\"\n----\n" % pem, "asciidoc_page"

# ---------------------------------------------------------------- single-value samples
TECH_DETS = {"openai_key", "anthropic_key", "aws_access_key", "github_token", "jwt", "bearer_token"}

def single_sample(rng, det):
    if det == "private_key":
        kind = rng.choice(PEM_KINDS)
        pem, fmt, text, ctx = pem_snippet(rng, kind)
        lang = "en"
        if ctx.startswith("prompt:"):
            ctx, lang = "prompt", ctx.split(":")[1]
        form = kind + "_" + fmt
        return text, [{"detector": det, "value": pem, "form": form}], lang, form, ctx
    if det in ("openai_key", "jwt") and rng.random() < 0.25:
        v = GENERATORS[det](rng, form="legacy" if det == "openai_key" and rng.random() < 0.3 else None)
        if v["form"].startswith("jose_other"):
            v = GENERATORS[det](rng, form="HS256")
        v["form"] = "bearer"
    else:
        v = GENERATORS[det](rng)
    tech = det in TECH_DETS or (det in ("ipv4", "ipv6") and rng.random() < 0.5)
    if det == "bearer_token" or v["form"] == "bearer" or (tech and rng.random() < 0.65):
        r = tech_snippet(rng, det, v)
        text, ctx = r[0], r[1]
        lang = "en"
        if ctx.startswith("prompt:"):
            ctx, lang = "prompt", ctx.split(":")[1]
    else:
        if det == "ssn":
            lang = "en" if rng.random() < 0.6 else rng.choice(LANG_CODES)
        elif "lang_hint" in v and v["lang_hint"] in LANGS and rng.random() < 0.6:
            lang = v["lang_hint"]
        else:
            lang = rng.choice(LANG_CODES)
        text = prose(rng, lang, det, v)
        text, ctx = wrap(rng, text, lang)
    return text, [{"detector": det, "value": v["value"], "form": v["form"]}], lang, v["form"], ctx

# ---------------------------------------------------------------- multi-value layouts
class Lab:
    def __init__(self):
        self.labels = []

    def add(self, det, v):
        self.labels.append({"detector": det, "value": v["value"], "form": v["form"]})
        return unit(v)

    def bare(self, det, v):
        self.labels.append({"detector": det, "value": v["value"], "form": v["form"]})
        return v["value"]

def E(rng):
    return gen_email(rng, plain_only=True)

def NM(rng, lang=None):
    v = gen_name(rng, lang=lang)
    return v

def lay_openai_tool_call(rng, L):
    nm, em, ph, st = NM(rng), E(rng), gen_phone(rng, form="intl_plus"), gen_street(rng)
    args = json.dumps({"full_name": L.bare("person_name", nm), "email": L.bare("email", em), "phone": L.bare("phone", ph),
                       "street": L.bare("street_address", st), "postcode": str(rng.randint(10000, 99999))}, ensure_ascii=False)
    msgs = [{"role": "user", "content": "Add the new tenant to the CRM and confirm."},
            {"role": "assistant", "content": None, "tool_calls": [{"id": "call_" + rstr(rng, ALNUM, 24), "type": "function",
                                                                  "function": {"name": "create_contact", "arguments": args}}]}]
    return jd({"model": "gpt-4o-mini", "messages": msgs}), "en"

def lay_anthropic_tool_use(rng, L):
    nm, em, ib = NM(rng), E(rng), gen_iban(rng, form=rng.choice(["compact", "spaced"]))
    blocks = [{"role": "assistant", "content": [{"type": "text", "text": "Looking up the payout account."},
              {"type": "tool_use", "id": "toolu_01" + rstr(rng, ALNUM, 22), "name": "lookup_customer",
               "input": {"email": L.bare("email", em)}}]},
              {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_01" + rstr(rng, ALNUM, 22),
               "content": "customer=%s; payout_iban=%s; tier=gold" % (L.bare("person_name", nm), L.bare("iban", ib))}]}]
    return jd({"model": "claude-sonnet", "max_tokens": 1024, "messages": blocks}), "en"

def lay_postman(rng, L):
    ip = gen_ipv4(rng, form="plain")
    if rng.random() < 0.5:
        tok = gen_jwt(rng, form=rng.choice(["HS256", "RS256", "ES256"]))
        tok["form"] = "bearer"
        det = "jwt"
    else:
        tok, det = gen_bearer(rng), "bearer_token"
    em = E(rng)
    body = json.dumps({"notify": L.bare("email", em), "priority": "high"})
    coll = {"info": {"name": "Ops sandbox", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
            "item": [{"name": "Create alert", "request": {"method": "POST",
                      "header": [{"key": "Authorization", "value": "Bearer " + L.bare(det, tok)}, {"key": "Content-Type", "value": "application/json"}],
                      "body": {"mode": "raw", "raw": body},
                      "url": {"raw": "http://%s:8080/api/alerts" % L.bare("ipv4", ip), "protocol": "http"}}}]}
    return jd(coll), "en"

def lay_hl7(rng, L):
    st, ph, nm = gen_street(rng), gen_phone(rng, form=rng.choice(["intl_plus", "national"])), NM(rng)
    y, mo, d, h, mi, s = rdate(rng)
    segs = ["MSH|^~\\&|ADT1|MERIDIAN|LABSYS|HOSP|%04d%02d%02d%02d%02d||ADT^A04|MSG%05d|P|2.5.1" % (y, mo, d, h, mi, rng.randint(0, 99999)),
            "EVN|A04|%04d%02d%02d%02d%02d" % (y, mo, d, h, mi),
            "PID|1||MRN%06d^^^MERIDIAN^MR||REDACTED^REDACTED||19%02d%02d%02d|%s|||%s^^%s^^%s||%s" % (
                rng.randint(0, 999999), rng.randint(40, 99), rng.randint(1, 12), rng.randint(1, 28), rng.choice("FMX"),
                L.bare("street_address", st), rng.choice(["Porto", "Graz", "Utrecht", "Leeds"]), rng.randint(1000, 9999), L.bare("phone", ph)),
            "NTE|1|P|Next of kin on file: %s" % L.add("person_name", nm)]
    return "\r".join(segs), "en"

def lay_fhir(rng, L):
    nm, ph, em, st = NM(rng), gen_phone(rng, form="intl_plus"), E(rng), gen_street(rng)
    res = {"resourceType": "Patient", "id": "pt-" + rstr(rng, "0123456789abcdef", 8), "active": True,
           "name": [{"use": "official", "text": L.bare("person_name", nm)}],
           "telecom": [{"system": "phone", "value": L.bare("phone", ph), "use": "mobile"}, {"system": "email", "value": L.bare("email", em)}],
           "address": [{"line": [L.bare("street_address", st)], "city": rng.choice(["Aarhus", "Lyon", "Bergen", "Cork"]), "postalCode": str(rng.randint(1000, 9999))}],
           "birthDate": "19%02d-%02d-%02d" % (rng.randint(40, 99), rng.randint(1, 12), rng.randint(1, 28))}
    return jd(res), "en"

def lay_git_log(rng, L):
    a, ae, c, ce = NM(rng, lang=rng.choice(["en", "de", "nl", "sv", "fr", "pl", "pt", "it"])), E(rng), NM(rng, lang=rng.choice(["es", "fi", "tr", "id", "ro", "hr"])), E(rng)
    ah = rstr(rng, "0123456789abcdef", 40)
    t = ("commit %s\nAuthor: %s <%s>\nDate:   Tue Mar %d 14:%02d:07 2025 +0100\n\n    Fix retry budget for webhook sender\n\n"
         "    The sender gave up after the first 502.\n\n    Co-authored-by: %s <%s>\n    Signed-off-by: %s <%s>\n") % (
        ah, L.bare("person_name", a), L.bare("email", ae), rng.randint(1, 28), rng.randint(0, 59), L.bare("person_name", c),
        L.bare("email", ce), L.bare("person_name", a), L.bare("email", ae))
    return t, "en"

def lay_github_actions(rng, L):
    k = gen_aws(rng)
    ip = gen_ipv4(rng, form="plain")
    gh = gen_github(rng)
    t = ("name: deploy-edge\non:\n  push:\n    branches: [main]\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    env:\n"
         "      AWS_ACCESS_KEY_ID: %s\n      GH_TOKEN: %s\n    steps:\n      - uses: actions/checkout@v4\n"
         "      - run: rsync -az ./dist/ deploy@%s:/srv/www/\n") % (L.bare("aws_access_key", k), L.bare("github_token", gh), L.bare("ipv4", ip))
    return t, "en"

def lay_properties(rng, L):
    ip, em, v6 = gen_ipv4(rng, form="plain"), E(rng), gen_ipv6(rng, form=rng.choice(["compressed", "full", "ula"]))
    key = rng.choice([gen_openai, gen_anthropic])(rng)
    det = "openai_key" if key["value"].startswith("sk-") and not key["value"].startswith("sk-ant") else "anthropic_key"
    t = ("# intake-service\nspring.datasource.url=jdbc:postgresql://%s:5432/intake\nmail.from=%s\nllm.api.key=%s\n"
         "grpc.bind=%s\nfeature.flags=triage,summaries\n") % (L.bare("ipv4", ip), L.bare("email", em), L.bare(det, key), L.bare("ipv6", v6))
    return t, "en"

def lay_whatsapp(rng, L):
    lang = rng.choice(LANG_CODES)
    w = LANGS[lang]
    ph = gen_phone(rng, form="intl_plus")
    st, nm, em = gen_street(rng), NM(rng), gen_email(rng)
    y, mo, d = 2025, rng.randint(1, 12), rng.randint(1, 28)
    lines = ["[%02d.%02d.%02d, 18:%02d:11] %s: %s %s: %s" % (d, mo, y % 100, rng.randint(0, 59), L.bare("phone", ph), rng.choice(w[8]), w[4], L.add("street_address", st)),
             "[%02d.%02d.%02d, 18:%02d:40] %s: %s %s: %s" % (d, mo, y % 100, rng.randint(0, 59), rng.choice(WA_SENDERS), rng.choice(w[9]), w[5], L.add("person_name", nm)),
             "[%02d.%02d.%02d, 18:%02d:02] %s: %s %s" % (d, mo, y % 100, rng.randint(0, 59), L.bare("phone", ph), w[0], L.add("email", em))]
    return "\n".join(lines), lang

def lay_telegram(rng, L):
    lang = rng.choice(LANG_CODES)
    w = LANGS[lang]
    ph, em = gen_phone(rng), gen_email(rng)
    msgs = {"name": rng.choice(["Dispatch", "Team Nord", "Elternrat"]), "type": "private_group", "messages": [
        {"id": rng.randint(100, 999), "type": "message", "date": iso(rng)[:-1], "from": rng.choice(WA_SENDERS), "text": "%s %s: %s" % (rng.choice(w[8]), w[1], L.add("phone", ph))},
        {"id": rng.randint(1000, 1999), "type": "message", "date": iso(rng)[:-1], "from": rng.choice(WA_SENDERS), "text": "%s: %s — %s" % (w[0], L.add("email", em), rng.choice(w[9]))}]}
    return jd(msgs), lang

def lay_mime(rng, L):
    n1, e1, n2, e2 = NM(rng, lang=rng.choice(["en", "de", "fr", "nl", "it"])), E(rng), NM(rng), E(rng)
    ip, v6 = gen_ipv4(rng, form="plain"), gen_ipv6(rng, form="compressed")
    t = ("Received: from mx2.%s (mx2.%s [%s])\n\tby inbound.%s with ESMTPS; Wed, %d Apr 2025 07:%02d:19 +0000\n"
         "Received: from relay ([%s]) by mx2.%s with ESMTP\nFrom: \"%s\" <%s>\nTo: %s <%s>\nSubject: Re: lease renewal\n"
         "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\nSee attached.\n") % (
        DOMAINS[0], DOMAINS[0], L.bare("ipv4", ip), DOMAINS[3], rng.randint(1, 28), rng.randint(0, 59), L.bare("ipv6", v6), DOMAINS[0],
        L.bare("person_name", n1), L.bare("email", e1), L.bare("person_name", n2), L.bare("email", e2))
    return t, "en"

def lay_sentry(rng, L):
    em, ip = E(rng), gen_ipv4(rng, form="plain")
    tok = gen_bearer(rng)
    ev = {"event_id": rstr(rng, "0123456789abcdef", 32), "level": "error", "platform": "python", "timestamp": iso(rng),
          "user": {"id": rdigits(rng, 6), "email": L.bare("email", em), "ip_address": L.bare("ipv4", ip)},
          "request": {"method": "POST", "url": "https://api.%s/v2/claims" % rng.choice(DOMAINS),
                      "headers": {"Authorization": "Bearer " + L.bare("bearer_token", tok), "User-Agent": "okhttp/4.12.0"}},
          "exception": {"values": [{"type": "KeyError", "value": "'policy_id'"}]}}
    return jd(ev), "en"

def lay_tcpdump(rng, L):
    a, b = gen_ipv4(rng, form="plain"), gen_ipv4(rng, form="plain")
    if a["value"] == b["value"] or a["value"] in b["value"] or b["value"] in a["value"]:
        raise ValueError
    v6a = gen_ipv6(rng, form="compressed")
    lines = []
    pa = rng.randint(30000, 60999)
    A, B = L.bare("ipv4", a), L.bare("ipv4", b)
    lines.append("10:%02d:%02d.%06d IP %s.%d > %s.443: Flags [S], seq %d, win 64240, length 0" % (rng.randint(0, 59), rng.randint(0, 59), rng.randint(0, 999999), A, pa, B, rng.randint(10 ** 8, 10 ** 9)))
    lines.append("10:%02d:%02d.%06d IP %s.443 > %s.%d: Flags [S.], ack 1, win 65160, length 0" % (rng.randint(0, 59), rng.randint(0, 59), rng.randint(0, 999999), L.bare("ipv4", b), L.bare("ipv4", a), pa))
    lines.append("10:%02d:%02d.%06d IP6 %s.5353 > ff02::fb.5353: UDP, length 46" % (rng.randint(0, 59), rng.randint(0, 59), rng.randint(0, 999999), L.bare("ipv6", v6a)))
    return "\n".join(lines), "en"

def lay_powershell(rng, L):
    key, em, ip = gen_openai(rng), E(rng), gen_ipv4(rng, form="plain")
    t = ("**********************\nWindows PowerShell transcript start\nUsername: CORP\\svc-build\n**********************\n"
         "PS C:\\ops> $env:OPENAI_API_KEY = '%s'\nPS C:\\ops> Test-NetConnection %s -Port 443 | Select-Object TcpTestSucceeded\n\nTcpTestSucceeded\n----------------\n            True\n\n"
         "PS C:\\ops> Send-MailMessage -To '%s' -Subject 'nightly ok' -SmtpServer smtp.internal\n") % (
        L.bare("openai_key", key), L.bare("ipv4", ip), L.bare("email", em))
    return t, "en"

def lay_pglog(rng, L):
    ip, nm, em = gen_ipv4(rng, form="plain"), NM(rng), E(rng)
    pid = rng.randint(1000, 60000)
    t = ("2025-02-%02d 08:14:02.311 UTC [%d] LOG:  connection received: host=%s port=%d\n"
         "2025-02-%02d 08:14:02.377 UTC [%d] ERROR:  duplicate key value violates unique constraint \"patients_email_key\"\n"
         "2025-02-%02d 08:14:02.377 UTC [%d] DETAIL:  Key (email)=(%s) already exists.\n"
         "2025-02-%02d 08:14:02.377 UTC [%d] STATEMENT:  INSERT INTO patients (full_name, email) VALUES ('%s', '%s');\n") % (
        rng.randint(1, 28), pid, L.bare("ipv4", ip), rng.randint(30000, 60999), rng.randint(1, 28), pid, rng.randint(1, 28), pid,
        L.bare("email", em), rng.randint(1, 28), pid, L.bare("person_name", nm), L.bare("email", em))
    return t, "en"

def lay_logcat(rng, L):
    jwt = gen_jwt(rng, form=rng.choice(["RS256", "ES256", "HS256"]))
    jwt["form"] = "bearer"
    em, v6 = E(rng), gen_ipv6(rng)
    t = ("04-%02d 16:20:31.118  9127  9180 D OkHttp  : --> POST https://api.%s/v1/session\n"
         "04-%02d 16:20:31.119  9127  9180 D OkHttp  : Authorization: Bearer %s\n"
         "04-%02d 16:20:31.402  9127  9180 I AuthRepo: signed in as %s\n"
         "04-%02d 16:20:31.405  9127  9133 W Netd    : preferring %s\n") % (
        rng.randint(1, 28), rng.choice(DOMAINS), rng.randint(1, 28), L.bare("jwt", jwt), rng.randint(1, 28), L.bare("email", em),
        rng.randint(1, 28), L.add("ipv6", v6))
    return t, "en"

def lay_mongo(rng, L):
    nm, em, ph, st = NM(rng), E(rng), gen_phone(rng, form="intl_plus"), gen_street(rng)
    card = gen_card(rng, form=rng.choice(["compact", "space"]))
    doc = {"_id": {"$oid": rstr(rng, "0123456789abcdef", 24)}, "name": L.bare("person_name", nm), "contact": {"email": L.bare("email", em), "phone": L.bare("phone", ph)},
           "shipping": {"line1": L.bare("street_address", st)}, "payment": {"pan": L.bare("credit_card", card)},
           "createdAt": {"$date": iso(rng)}, "loyalty": {"$numberInt": str(rng.randint(0, 900))}}
    return jd(doc), "en"

def lay_rag(rng, L):
    lang = rng.choice(LANG_CODES)
    w = LANGS[lang]
    nm, st, ph = NM(rng), gen_street(rng), gen_phone(rng)
    text = "%s %s: %s. %s: %s. %s: %s. %s" % (rng.choice(w[8]), w[5], L.add("person_name", nm), w[4], L.add("street_address", st), w[1], L.add("phone", ph), rng.choice(w[9]))
    return jd({"chunk_id": "doc-%d#c%02d" % (rng.randint(100, 999), rng.randint(1, 30)), "metadata": {"source": "tenants_%d.pdf" % rng.randint(2019, 2025), "page": rng.randint(1, 40), "lang": lang}, "text": text}), lang

def lay_court(rng, L):
    p, d, st, em, ph = NM(rng), NM(rng), gen_street(rng), E(rng), gen_phone(rng, form=rng.choice(["intl_plus", "national", "area_brackets"]))
    t = ("IN THE COUNTY COURT AT %s\nClaim No. K%dQ%04d\n\nBETWEEN\n\n    %s\n        Claimant\n\n    and\n\n    %s\n        Defendant\n\n"
         "PARTICULARS OF CLAIM\n1. The Claimant resides at %s and was at all material times the tenant of the premises.\n"
         "2. Correspondence for the Claimant: %s, tel. %s.\n") % (
        rng.choice(["BRISTOL", "LEEDS", "EXETER"]), rng.randint(10, 99), rng.randint(0, 9999), L.add("person_name", p), L.add("person_name", d),
        L.add("street_address", st), L.add("email", em), L.add("phone", ph))
    return t, "en"

def lay_insurance(rng, L):
    lang = rng.choice(["de", "fr", "nl", "es", "it", "en", "pl"])
    hdr = {"de": ("Schadenmeldung", "Versicherungsnehmer", "Anschrift", "Auszahlung auf"), "fr": ("Déclaration de sinistre", "Assuré", "Adresse", "Virement sur"),
           "nl": ("Schademelding", "Verzekeringnemer", "Adres", "Uitbetaling op"), "es": ("Parte de siniestro", "Tomador", "Domicilio", "Abono en"),
           "it": ("Denuncia di sinistro", "Contraente", "Indirizzo", "Accredito su"), "en": ("Claim notification", "Policyholder", "Address", "Pay out to"),
           "pl": ("Zgłoszenie szkody", "Ubezpieczający", "Adres", "Wypłata na")}[lang]
    nm, st, ib, ph = NM(rng), gen_street(rng), gen_iban(rng), gen_phone(rng)
    t = "%s Nr. %d-%04d\n%s: %s\n%s: %s\n%s: %s\nTel.: %s\n" % (hdr[0], rng.randint(2024, 2025), rng.randint(0, 9999), hdr[1], L.add("person_name", nm), hdr[2],
                                                               L.add("street_address", st), hdr[3], L.add("iban", ib), L.add("phone", ph))
    return t, lang

def lay_prescription(rng, L):
    pt, dr, st, ph = NM(rng), NM(rng), gen_street(rng), gen_phone(rng)
    t = ("Rx  #%d\nPatient: %s\nAddress: %s\nRx: Amoxicillin 500 mg caps, #21\nSig: 1 cap PO TID x 7 days\nRefills: 0\n"
         "Prescriber: Dr. %s (tel %s)\n") % (rng.randint(100000, 999999), L.add("person_name", pt), L.add("street_address", st),
                                              L.bare("person_name", dr), L.add("phone", ph))
    return t, "en"

def lay_lab_report(rng, L):
    pt, ssn, em = NM(rng, lang="en"), gen_ssn(rng), E(rng)
    t = ("LABORATORY REPORT\nPatient: %s    SSN: %s\nCollected: 2025-01-%02d 07:40\n\nTest            Result   Units    Ref\nHbA1c           %.1f      %%        4.0-5.6\n"
         "Ferritin        %d       ng/mL    30-400\n\nResults released to %s\n") % (L.add("person_name", pt), L.add("ssn", ssn), rng.randint(1, 28),
                                                                                 rng.uniform(4.5, 8.9), rng.randint(20, 380), L.add("email", em))
    return t, "en"

def lay_hotel(rng, L):
    nm, em, ph, card = NM(rng), E(rng), gen_phone(rng), gen_card(rng, form=rng.choice(["space", "dash", "compact"]))
    t = ("RESERVATION CONFIRMED — Hotel Miravento\nConfirmation: HM%d\nGuest: %s\nArrival: %02d May 2025 · 3 nights · Deluxe twin\n"
         "Guarantee: %s\nContact: %s / %s\n") % (rng.randint(10000, 99999), L.add("person_name", nm), rng.randint(1, 28), L.add("credit_card", card),
                                                  L.add("email", em), L.add("phone", ph))
    return t, "en"

def lay_car_rental(rng, L):
    lang = rng.choice(["en", "de", "es", "pt", "it"])
    nm, card, st, ph = NM(rng), gen_card(rng), gen_street(rng), gen_phone(rng, form="intl_plus")
    lbl = {"en": ("Driver", "Card", "Home address", "Mobile"), "de": ("Fahrer", "Karte", "Wohnadresse", "Mobil"), "es": ("Conductor", "Tarjeta", "Domicilio", "Móvil"),
           "pt": ("Condutor", "Cartão", "Morada", "Telemóvel"), "it": ("Conducente", "Carta", "Residenza", "Cellulare")}[lang]
    t = "Rental agreement RA-%d | Pickup %s\n%s: %s\n%s: %s\n%s: %s\n%s: %s\n" % (rng.randint(100000, 999999), rng.choice(["OPO", "FAO", "MUC", "BCN"]),
        lbl[0], L.add("person_name", nm), lbl[1], L.add("credit_card", card), lbl[2], L.add("street_address", st), lbl[3], L.add("phone", ph))
    return t, lang

def lay_classified(rng, L):
    lang = rng.choice(LANG_CODES)
    w = LANGS[lang]
    ph, em, st = gen_phone(rng), gen_email(rng), gen_street(rng)
    t = "%s #%d\n%s\n☎ %s\n✉ %s\n📍 %s\n" % (rng.choice(["🚲", "🛋️", "🎹", "🪴"]), rng.randint(1000, 99999), rng.choice(w[8]), L.add("phone", ph), L.add("email", em), L.add("street_address", st))
    return t, lang

def lay_rsvp(rng, L):
    lines = ["RSVP — summer picnic (reply by Friday)"]
    used = set()
    for i in range(rng.randint(3, 5)):
        nm = NM(rng)
        if nm["value"] in used:
            continue
        used.add(nm["value"])
        c = rng.choice([E, lambda r: gen_phone(r, form="intl_plus")])(rng)
        det = "email" if "@" in c["value"] else "phone"
        lines.append("%d. %s — %s — %s" % (i + 1, L.add("person_name", nm), rng.choice(["yes", "no", "maybe", "yes (+1)"]), L.add(det, c)))
    return "\n".join(lines), "en"

def lay_dockerfile(rng, L):
    a, o = gen_anthropic(rng), gen_openai(rng)
    ip = gen_ipv4(rng, form="plain")
    t = ("FROM python:3.12-slim\nLABEL org.opencontainers.image.title=\"triage-bot\"\nENV ANTHROPIC_API_KEY=%s \\\n    OPENAI_API_KEY=%s\n"
         "RUN pip install --no-cache-dir -r requirements.txt\nENV REDIS_HOST=%s\nEXPOSE 8000\nCMD [\"uvicorn\", \"app:api\", \"--port\", \"8000\"]\n") % (
        L.bare("anthropic_key", a), L.bare("openai_key", o), L.bare("ipv4", ip))
    return t, "en"

def lay_makefile(rng, L):
    tok, ip = gen_bearer(rng), gen_ipv4(rng, form="plain")
    gh = gen_github(rng)
    t = ("HOST := %s\nGH_TOKEN := %s\n\n.PHONY: deploy\ndeploy:\n\tscp build.tgz ops@$(HOST):/tmp/\n\tcurl -fsS -H \"Authorization: Bearer %s\" https://hooks.%s/deploy\n") % (
        L.bare("ipv4", ip), L.bare("github_token", gh), L.bare("bearer_token", tok), rng.choice(DOMAINS))
    return t, "en"

def lay_org_contact(rng, L):
    nm, em, ph, st = NM(rng), gen_email(rng), gen_phone(rng), gen_street(rng)
    t = "* %s\n  :PROPERTIES:\n  :EMAIL:    %s\n  :PHONE:    %s\n  :ADDRESS:  %s\n  :END:\n  Met at the supplier fair; follow up in May.\n" % (
        L.add("person_name", nm), L.add("email", em), L.add("phone", ph), L.add("street_address", st))
    return t, "en"

def lay_rst_team(rng, L):
    rows = []
    for _ in range(2):
        nm, em, ph = NM(rng), E(rng), gen_phone(rng, form="intl_plus")
        rows.append("* **%s** — %s, %s" % (L.add("person_name", nm), L.add("email", em), L.add("phone", ph)))
    return "On-call contacts\n================\n\n.. contents::\n   :local:\n\n" + "\n".join(rows) + "\n", "en"

def lay_asciidoc_keys(rng, L):
    kind = rng.choice(["ec_sec1", "ed25519_pkcs8", "openssh_ed25519", "rsa_pkcs1"])
    v = V("\n".join(make_private_key(rng, kind)), kind + "_lf")
    ip = gen_ipv6(rng, form=rng.choice(["compressed", "ula", "full"]))
    t = "= Bastion access\n\nHost: `%s`\n\n[source,text]\n----\n%s\n----\n" % (L.bare("ipv6", ip), L.add("private_key", v))
    return t, "en"

LAYOUTS = {
    "openai_tool_call": lay_openai_tool_call, "anthropic_tool_use": lay_anthropic_tool_use, "postman_collection": lay_postman,
    "hl7_v2": lay_hl7, "fhir_patient": lay_fhir, "git_log_trailers": lay_git_log, "github_actions": lay_github_actions,
    "java_properties": lay_properties, "whatsapp_export": lay_whatsapp, "telegram_export": lay_telegram, "mime_headers": lay_mime,
    "sentry_event": lay_sentry, "tcpdump": lay_tcpdump, "powershell_transcript": lay_powershell, "postgresql_log": lay_pglog,
    "android_logcat": lay_logcat, "mongodb_ext_json": lay_mongo, "rag_chunk": lay_rag, "court_filing": lay_court,
    "insurance_claim": lay_insurance, "prescription": lay_prescription, "lab_report": lay_lab_report, "hotel_confirmation": lay_hotel,
    "car_rental": lay_car_rental, "classified_ad": lay_classified, "rsvp_list": lay_rsvp, "dockerfile": lay_dockerfile,
    "makefile": lay_makefile, "org_mode_contact": lay_org_contact, "rst_page": lay_rst_team, "asciidoc_page": lay_asciidoc_keys,
}

# ---------------------------------------------------------------- hard negatives
def pick(rng, xs):
    return rng.choice(xs)

def neg_luhn_invalid(rng):
    v = gen_card(rng, form=rng.choice(["space", "dash", "compact"]))["value"]
    d = re.sub(r"\D", "", v)
    while True:
        i = len(d) - 1
        nd = d[:i] + str((int(d[i]) + rng.randint(1, 9)) % 10)
        if not luhn_ok(nd):
            break
    out, j = "", 0
    for ch in v:
        if ch.isdigit():
            out += nd[j]
            j += 1
        else:
            out += ch
    return pick(rng, ["The terminal rejected %s as mistyped; the checksum digit is off.", "Test form input %s failed validation (bad check digit).",
                      "Customer read out %s but it fails the checksum, asked to re-send."]) % out, out

def neg_iban_bad(rng):
    v = gen_iban(rng, form=rng.choice(["compact", "spaced"]))["value"]
    s = v.replace(" ", "")
    cd = int(s[2:4])
    while True:
        ncd = "%02d" % rng.randint(2, 98)
        if ncd != s[2:4] and iban_mod97(s[:2] + ncd + s[4:]) != 1:
            break
    w = s[:2] + ncd + s[4:]
    if " " in v:
        w = " ".join(w[i:i + 4] for i in range(0, len(w), 4))
    return pick(rng, ["Bank bounced %s: the check digits do not match.", "Typo in the account field, %s fails mod-97.",
                      "Reminder: %s was entered wrong, please ask for the corrected account."]) % w, w

def neg_nine_digit(rng):
    n = rdigits(rng, 9)
    return pick(rng, ["Order %s left the warehouse this morning.", "Ticket %s was merged into the older one.", "Member no. %s renewed online.",
                      "Invoice %s is due on the 30th."]) % n, n

def neg_ssn_invalid(rng):
    k = rng.randint(0, 3)
    a = rng.choice([666, rng.randint(900, 999)]) if k == 0 else rng.randint(1, 899)
    if a == 666 and k != 0:
        a = 665
    g = 0 if k == 1 else rng.randint(1, 99)
    s = 0 if k == 2 else rng.randint(1, 9999)
    if k == 3:
        a = rng.randint(900, 999)
    sep = rng.choice(["-", "-", " "])
    v = "%03d%s%02d%s%04d" % (a, sep, g, sep, s)
    return pick(rng, ["The SSN field shows %s, which cannot be a valid number.", "Rejected: SSN %s (invalid range).",
                      "Form says SSN %s - looks like a placeholder, please re-check."]) % v, "SSN " + v

def neg_version(rng):
    v = pick(rng, ["v%d.%d.%d" % (rng.randint(0, 9), rng.randint(0, 40), rng.randint(0, 60)), "%d.%d.%d-rc.%d" % (rng.randint(1, 9), rng.randint(0, 30), rng.randint(0, 20), rng.randint(1, 5)),
                   "Chrome/%d.0.%d.%d" % (rng.randint(110, 130), rng.randint(5000, 7000), rng.randint(10, 250)), "10.0.%d.%d" % (rng.randint(17000, 26100), rng.randint(1000, 5000))])
    return pick(rng, ["After upgrading to %s the export button vanished.", "Pinned the SDK at %s until the regression is fixed.",
                      "Crash only reproduces on %s."]) % v, v

def neg_build(rng):
    v = pick(rng, ["build %d.%d" % (rng.randint(20240101, 20251231), rng.randint(1, 9999)), "run #%d" % rng.randint(1000, 99999),
                   "pipeline %d" % rng.randint(100000, 9999999), "r%d" % rng.randint(10000, 999999)])
    return pick(rng, ["Nightly %s went green after the cache purge.", "QA signed off on %s.", "Rollback target is %s."]) % v, v

def neg_hash(rng):
    v = pick(rng, [rstr(rng, "0123456789abcdef", 40), "sha256:" + rstr(rng, "0123456789abcdef", 64), rstr(rng, "0123456789abcdef", 7),
                   rstr(rng, "0123456789abcdef", 32)])
    return pick(rng, ["Bisected it down to %s.", "The image digest is %s, same as staging.", "Checksum %s matches the mirror."]) % v, v

def neg_uuid(rng):
    h = rstr(rng, "0123456789abcdef", 32)
    v = "%s-%s-4%s-%s%s-%s" % (h[:8], h[8:12], h[13:16], rng.choice("89ab"), h[17:20], h[20:32])
    return pick(rng, ["Correlation id %s appears in both traces.", "Workspace %s was archived.", "Attach request_id=%s to the ticket."]) % v, v

def neg_mac(rng):
    b = [rng.randint(0, 255) for _ in range(6)]
    sep = rng.choice([":", "-"])
    v = sep.join("%02x" % x for x in b)
    if rng.random() < 0.3:
        v = v.upper()
    return pick(rng, ["The printer registered with MAC %s.", "DHCP lease for %s expired overnight.", "Whitelist hardware address %s on the guest VLAN."]) % v, v

def neg_b64(rng):
    while True:
        v = base64.b64encode(bytes(rng.getrandbits(8) for _ in range(rng.randint(24, 90)))).decode()
        if not v.startswith("eyJ") and "sk-" not in v and "AKIA" not in v and "ASIA" not in v:
            break
    return pick(rng, ["The webhook signature header was %s.", "Thumbnail payload (base64): %s", "Cursor for the next page: %s"]) % v, v

def neg_timestamp(rng):
    y, mo, d, h, mi, s = rdate(rng)
    v = pick(rng, ["%04d-%02d-%02dT%02d:%02d:%02d.%03dZ" % (y, mo, d, h, mi, s, rng.randint(0, 999)), str(rng.randint(1704067200, 1767225600)),
                   str(rng.randint(1704067200000, 1767225600000)), "%02d/%02d/%04d %02d:%02d" % (d, mo, y, h, mi),
                   "Mon, %02d Jun %04d %02d:%02d:%02d +0200" % (d, y, h, mi, s)])
    return pick(rng, ["Last heartbeat at %s.", "Job finished %s, two minutes late.", "The cert was renewed %s."]) % v, v

def neg_price(rng):
    v = pick(rng, ["€%d.%03d,%02d" % (rng.randint(1, 9), rng.randint(0, 999), rng.randint(0, 99)), "$%d,%03d.%02d" % (rng.randint(1, 99), rng.randint(0, 999), rng.randint(0, 99)),
                   "¥%d,%03d" % (rng.randint(1, 999), rng.randint(0, 999)), "CHF %d.–" % rng.randint(10, 9000), "%d,%02d zł" % (rng.randint(1, 9999), rng.randint(0, 99)),
                   "£%d.%02d" % (rng.randint(1, 999), rng.randint(0, 99))])
    return pick(rng, ["Total after discount: %s.", "The quote came in at %s incl. VAT.", "Refund of %s issued."]) % v, v

def neg_tracking(rng):
    v = pick(rng, ["1Z" + rstr(rng, "0123456789ABCDEFGHJKLMNPRSTVWXYZ", 16), "JJD" + rdigits(rng, 18), rdigits(rng, 22),
                   " ".join(rdigits(rng, 4) for _ in range(5)) + " " + rdigits(rng, 2), "LX" + rdigits(rng, 9) + "DE"])
    return pick(rng, ["Parcel %s is stuck at the hub.", "Tracking: %s (two boxes).", "Carrier says %s was delivered to a neighbour."]) % v, v

def isbn13(rng):
    body = "978" + rdigits(rng, 9)
    s = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(body))
    full = body + str((10 - s % 10) % 10)
    return "%s-%s-%s-%s-%s" % (full[:3], full[3], full[4:7], full[7:12], full[12])

def issn(rng):
    b = rdigits(rng, 7)
    s = sum(int(c) * (8 - i) for i, c in enumerate(b))
    c = (11 - s % 11) % 11
    return b[:4] + "-" + b[4:] + ("X" if c == 10 else str(c))

def neg_isbn(rng):
    v = pick(rng, ["ISBN " + isbn13(rng), "ISSN " + issn(rng), "ISBN-13: " + isbn13(rng)])
    return pick(rng, ["Cite it as %s in the bibliography.", "The library copy is listed under %s.", "Second edition: %s."]) % v, v

def neg_coords(rng):
    la, lo = rng.uniform(-60, 70), rng.uniform(-170, 170)
    v = pick(rng, ["%.5f, %.5f" % (la, lo), "%d°%02d′%02d″N %d°%02d′%02d″E" % (abs(int(la)), rng.randint(0, 59), rng.randint(0, 59), abs(int(lo)), rng.randint(0, 59), rng.randint(0, 59)),
                   "geo:%.4f,%.4f" % (la, lo)])
    return pick(rng, ["Drone landed at %s.", "Meeting point %s, near the kiosk.", "The survey marker sits at %s."]) % v, v

def neg_postcode(rng):
    v = pick(rng, ["%05d" % rng.randint(1000, 99999), "%s%d %d%s" % (rng.choice(["EC", "NW", "LS", "BS"]), rng.randint(1, 20), rng.randint(1, 9), rstr(rng, "ABDEFGHJLNPQRSTUWXYZ", 2)),
                   "%d-%03d" % (rng.randint(1000, 9999), rng.randint(0, 999)), "%d%s" % (rng.randint(1000, 9999), rstr(rng, "ABCEGHJKLNPRSTVXY", 2))])
    return pick(rng, ["Delivery zone covers postcode %s only.", "Postcode %s moved to the next-day tier.", "Is %s inside the free-shipping area?"]) % v, v

def neg_masked(rng):
    v = pick(rng, ["**** **** **** %s" % rdigits(rng, 4), "XXXX-XXXX-XXXX-%s" % rdigits(rng, 4), "DE** **** **** **** **%s %s" % (rdigits(rng, 2), rdigits(rng, 2)),
                   "***-**-%s" % rdigits(rng, 4), "•••• %s" % rdigits(rng, 4), "+49 *** ****%s" % rdigits(rng, 2), "j•••@•••••.com"])
    return pick(rng, ["Receipt shows %s, nothing else.", "Only the masked value %s is stored.", "Screen displays %s as expected."]) % v, v

def neg_placeholder(rng):
    v = pick(rng, ["sk-...", "YOUR_API_KEY", "<ANTHROPIC_API_KEY>", "sk-xxxxxxxxxxxxxxxx", "ghp_XXXXXXXXXXXXXXXX", "${OPENAI_API_KEY}",
                   "AKIA…REDACTED", "sk-ant-api03-…", "<your-token-here>", "changeme"])
    return pick(rng, ["Set OPENAI_API_KEY=%s in your shell first.", "The template ships with %s; replace it locally.", "Docs example: api_key = \"%s\""]) % v, v

def neg_short_key(rng):
    v = pick(rng, ["sk-ant-api03-" + rstr(rng, B64URL, rng.randint(10, 40)), "ghp_" + rstr(rng, ALNUM, rng.randint(8, 24)), "AKIA" + rstr(rng, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", rng.randint(6, 12)),
                   "sk-proj-" + rstr(rng, ALNUM, rng.randint(8, 20)), "github_pat_" + rstr(rng, ALNUM, rng.randint(8, 18)), "sk-" + rstr(rng, ALNUM, rng.randint(6, 14))])
    return pick(rng, ["The log truncated the key to %s so it is useless now.", "Pasted fragment %s - the rest was cut off.", "Prefix %s is all we keep for audit."]) % v, v

def neg_public(rng):
    k = rng.randint(0, 3)
    if k == 3:
        v = ssh_pub_line(rng) + " " + rng.choice(["deploy-key-2025", "laptop-ops", "ci-runner"])
    else:
        v = "\n".join(make_public_pem(rng, ["ec_spki", "ed_spki", "cert"][k]))
    return pick(rng, ["Public half for the allow-list:\n%s", "Pin this in the client:\n%s\nThat is the public part only.", "authorized key:\n%s"]) % v, None

def neg_handle(rng):
    v = pick(rng, ["@" + rstr(rng, "abcdefghijklmnopqrstuvwxyz", rng.randint(4, 9)) + rng.choice(["_", ""]) + rdigits(rng, rng.randint(0, 3)), "@" + rng.choice(["lumenkite", "ortolano_bio", "copperloom", "wrenfield"]),
                   "u/" + rstr(rng, "abcdefghijklmnopqrstuvwxyz", 8), "#" + rng.choice(["nightshift", "intake2025", "leanops"])])
    return pick(rng, ["Shout-out to %s for the tip!", "Follow %s for release notes.", "Cross-posted by %s."]) % v, v

def neg_at_prose(rng):
    v = pick(rng, ["meet @ %d pm" % rng.randint(1, 11), "%d × espresso @ €%d.%02d" % (rng.randint(2, 9), rng.randint(2, 4), rng.randint(0, 99)), "@channel", "@here",
                   "stand-up @ the atrium", "rates @ %d%%" % rng.randint(2, 9)])
    return pick(rng, ["Reminder: %s, bring the printouts.", "Heads up %s — the lift is out.", "Noted: %s."]) % v, v

def neg_caps_sentence(rng):
    v = pick(rng, ["Every Monday Morning The Night Crew Hands Over", "Please Bring Warm Clothes And A Flashlight", "Quarterly Review Moved To The Blue Room",
                   "New Parking Rules Start After Easter", "Harbour Festival Tickets On Sale Now", "Bring Your Own Mug Week"])
    return pick(rng, ["%s.", "Subject: %s", "%s!"]) % v, None

def neg_city(rng):
    c = rng.sample(["Porto", "Lyon", "Zürich", "Tampere", "Kraków", "Valencia", "Gdańsk", "Ghent", "Bergen", "Izmir", "Cork", "Graz", "Brno", "Malmö", "Bologna", "Seville"], 3)
    return pick(rng, ["Flights from %s to %s connect via %s.", "The roadshow visits %s, %s and %s.", "Weather alert for %s; %s and %s are fine."]) % tuple(c), None

def neg_company(rng):
    c = rng.sample(["Brennhof Logistik GmbH", "Quorvent Systems Ltd", "Tallmoor & Sons", "Veldzicht Agro B.V.", "Copperloom Textiles", "Kestrel Bay Foods Pty",
                    "Ortolano Bio S.r.l.", "Glimmerdal AB", "Nordhavn Shipping A/S"], 2)
    return pick(rng, ["%s signed the framework deal with %s.", "Compare the offers of %s and %s.", "%s acquired %s last spring."]) % tuple(c), None

def neg_product(rng):
    v = pick(rng, ["Pixel %d Pro" % rng.randint(6, 9), "RTX %d" % rng.choice([3060, 4070, 4090]), "Airbus A%d" % rng.choice([320, 330, 350, 380]), "ThinkPad X%d" % rng.choice([1, 13, 280]),
                   "Canon EOS R%d" % rng.choice([5, 6, 8]), "Model %d" % rng.randint(2, 9), "Boeing 7%d7" % rng.randint(3, 8)])
    return pick(rng, ["The %s arrived with a cracked case.", "Benchmarks for the %s look solid.", "We still run the %s in the lab."]) % v, v

def neg_street_nonum(rng):
    s = rng.choice(STREET_POOL)["name"]
    return pick(rng, ["The bakery on %s closes early on Sundays.", "Roadworks block %s until spring.", "Is %s the one with the tram stop?"]) % s, None

def neg_room(rng):
    v = pick(rng, ["gate B%d, seat %d%s" % (rng.randint(1, 60), rng.randint(1, 45), rng.choice("ACDF")), "room %d" % rng.randint(100, 2400), "platform %d" % rng.randint(1, 20),
                   "locker %d-%d" % (rng.randint(1, 9), rng.randint(10, 99)), "bed %d%s" % (rng.randint(1, 30), rng.choice("AB"))])
    return pick(rng, ["Go to %s after check-in.", "Changed to %s at the last minute.", "Keys are at %s."]) % v, v

def neg_score(rng):
    v = pick(rng, ["%d:%d" % (rng.randint(0, 6), rng.randint(0, 6)), "%d-%d" % (rng.randint(60, 130), rng.randint(60, 130)), "%d-%d %d-%d" % (rng.randint(0, 7), rng.randint(0, 7), rng.randint(0, 7), rng.randint(0, 7)),
                   "%d/%d" % (rng.randint(0, 10), 10)])
    return pick(rng, ["Final score %s after extra time.", "We lost %s, rematch next week.", "Quiz result: %s."]) % v, v

def neg_chem(rng):
    v = pick(rng, ["C8H10N4O2", "H2SO4", "NaHCO3", "C6H12O6", "CaCO3", "KMnO4", "C2H5OH", "Fe2O3", "NH4NO3"])
    return pick(rng, ["Label the flask %s before storage.", "The assay uses %s as reagent.", "Order 500 g of %s."]) % v, v

def neg_legal(rng):
    v = pick(rng, ["§ %d Abs. %d BGB" % (rng.randint(100, 900), rng.randint(1, 4)), "Art. %d(1)(f) GDPR" % rng.randint(5, 9), "pp. %d–%d" % (rng.randint(10, 200), rng.randint(201, 400)),
                   "%d U.S.C. § %d" % (rng.randint(1, 50), rng.randint(100, 2000)), "Rule %d(b)(%d)" % (rng.randint(1, 60), rng.randint(1, 6)), "ECLI:EU:C:%d:%d" % (rng.randint(2010, 2024), rng.randint(100, 999))])
    return pick(rng, ["See %s for the notice period.", "Counsel relies on %s.", "The footnote cites %s."]) % v, v

def neg_jwt_like(rng):
    k = rng.randint(0, 2)
    if k == 0:
        v = b64u(json.dumps({"cursor": rng.randint(100, 9999), "dir": "next"}).encode()) + "." + b64u(json.dumps({"v": 2}).encode()) + "." + rstr(rng, B64URL, 20)
    elif k == 1:
        v = b64u(b"v2|page=" + str(rng.randint(1, 99)).encode()) + "." + rstr(rng, B64URL, 30) + "." + rstr(rng, B64URL, 30)
    else:
        v = pick(rng, ["com.quorvent.intake.worker", "archive.%d.tar.gz" % rng.randint(2019, 2025), "tenant.eu-west.prod"])
    return pick(rng, ["Opaque cursor %s returned by the list endpoint.", "The token field held %s, which is just a pagination marker.", "Artifact name: %s"]) % v, v

def neg_ipv4_like(rng):
    v = pick(rng, ["%d.%d.%d.%d" % (rng.randint(256, 999), rng.randint(0, 255), rng.randint(0, 255), rng.randint(1, 254)),
                   "%d.%d.%d.%d" % (rng.randint(1, 223), rng.randint(256, 999), rng.randint(0, 255), rng.randint(1, 254)),
                   "%d.%d.%d" % (rng.randint(1, 223), rng.randint(0, 255), rng.randint(0, 255)), "%d.%d.%d.%d" % (rng.randint(1, 9), rng.randint(0, 9), rng.randint(300, 900), rng.randint(0, 9))])
    return pick(rng, ["Someone typed %s in the host field; that is not an address.", "Section %s of the manual covers this.", "Value %s failed the IP validator."]) % v, v

def neg_ipv6_like(rng):
    v = pick(rng, ["%x::%x" % (rng.randint(0x10000, 0xfffff), rng.randint(1, 0xffff)), ":".join("%x" % rng.randint(1, 0xffff) for _ in range(9)),
                   "%02d:%02d:%02d:%03d" % (rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59), rng.randint(0, 999)),
                   "fe80:%x::%x::%x" % (rng.randint(1, 0xfff), rng.randint(1, 0xfff), rng.randint(1, 0xfff)), "%d:%d" % (rng.randint(1, 21), rng.randint(1, 9))])
    return pick(rng, ["Parser choked on %s.", "Timecode %s in the edit list.", "Got %s from the scanner; ignore it."]) % v, v

def neg_bearer_ph(rng):
    v = pick(rng, ["Bearer <token>", "Bearer ${ACCESS_TOKEN}", "Bearer undefined", "Bearer " + rstr(rng, "abcdefghijklmnopqrstuvwxyz", 18), "Bearer null", "Bearer {{token}}", "Bearer abc123"])
    return pick(rng, ["The client sent `Authorization: %s` so the call failed.", "Docs show the header as Authorization: %s.", "Header was literally \"%s\"."]) % v, v

def neg_bare_digits(rng):
    v = rdigits(rng, rng.choice([7, 8, 10, 11]))
    return pick(rng, ["Batch %s passed QA.", "Reference %s on the pallet label.", "Counter reset at %s."]) % v, v

def neg_otp(rng):
    v = rdigits(rng, 6)
    return pick(rng, ["Your verification code is %s; it expires in 10 minutes.", "PIN %s resets the kiosk.", "Use code %s at checkout."]) % v, v

def neg_hexcolor(rng):
    v = "#" + rstr(rng, "0123456789abcdef", 6)
    return pick(rng, ["Brand accent is %s on dark backgrounds.", "Swap the button colour to %s.", "Legend uses %s for overdue items."]) % v, v

NEG_KINDS = {
    "luhn_invalid_card": neg_luhn_invalid, "iban_bad_checksum": neg_iban_bad, "nine_digit_id_no_ssn_context": neg_nine_digit,
    "invalid_ssn_with_word": neg_ssn_invalid, "version_string": neg_version, "build_number": neg_build, "hash_digest": neg_hash,
    "uuid": neg_uuid, "mac_address": neg_mac, "base64_blob": neg_b64, "timestamp": neg_timestamp, "price": neg_price,
    "tracking_number": neg_tracking, "isbn_issn": neg_isbn, "coordinates": neg_coords, "postcode": neg_postcode,
    "masked_value": neg_masked, "placeholder_key": neg_placeholder, "short_provider_key": neg_short_key,
    "public_key_or_cert": neg_public, "social_handle": neg_handle, "at_in_prose": neg_at_prose,
    "capitalised_sentence": neg_caps_sentence, "city_names": neg_city, "company_names": neg_company,
    "product_with_number": neg_product, "street_without_number": neg_street_nonum, "room_gate_seat": neg_room,
    "score": neg_score, "chemical_formula": neg_chem, "legal_page_reference": neg_legal, "jwt_lookalike_non_jose": neg_jwt_like,
    "ipv4_out_of_range": neg_ipv4_like, "ipv6_invalid": neg_ipv6_like, "bearer_placeholder": neg_bearer_ph,
    "bare_digit_run": neg_bare_digits, "otp_code": neg_otp, "hex_colour": neg_hexcolor,
}

def negative_sample(rng, kind):
    en, core = NEG_KINDS[kind](rng)
    lang = "en"
    txt = en
    if core is not None and "\n" not in core and rng.random() < 0.5:
        lang = rng.choice(LANG_CODES)
        w = LANGS[lang]
        if lang in ("ja", "zh"):
            txt = "%s%s %s" % (rng.choice(w[8]), core, rng.choice(w[9]))
        else:
            txt = rng.choice(["%s %s — %s", "%s `%s` %s", "%s (%s) %s"]) % (rng.choice(w[8]), core, rng.choice(w[9]))
    text, ctx = wrap(rng, txt, lang) if rng.random() < 0.7 else (txt, "prompt")
    return text, [], lang, kind, ctx

# ---------------------------------------------------------------- main
SINGLE_QUOTA = {"email": 120, "phone": 140, "person_name": 120, "street_address": 110, "credit_card": 90, "iban": 90,
                "ipv4": 70, "ipv6": 70, "ssn": 60, "openai_key": 60, "anthropic_key": 45, "aws_access_key": 45,
                "github_token": 50, "jwt": 70, "bearer_token": 50, "private_key": 60}
MULTI_TOTAL = 300
NEG_PER_KIND = 25

def main():
    rng = random.Random(SEED)
    NAME_POOL[:] = build_name_pool(rng)
    STREET_POOL[:] = build_street_pool()
    init_scanner()
    self_test()
    samples, seen = [], set()
    rejects = {}

    def accept(text, labels, lang, form, ctx, bucket):
        why = check_sample(text, labels)
        if why is None and text in seen:
            why = "duplicate"
        if why is not None:
            key = bucket + ":" + why.split(":")[0] + (":" + why.split(":")[1] if why.startswith("scan") else "")
            rejects[key] = rejects.get(key, 0) + 1
            return False
        seen.add(text)
        samples.append({"text": text, "labels": labels, "lang": lang, "form": form, "context": ctx})
        return True

    for det in sorted(SINGLE_QUOTA):
        got = 0
        tries = 0
        while got < SINGLE_QUOTA[det]:
            tries += 1
            assert tries < 50 * SINGLE_QUOTA[det], det
            text, labels, lang, form, ctx = single_sample(rng, det)
            if accept(text, labels, lang, form, ctx, "single_" + det):
                got += 1
    names = sorted(LAYOUTS)
    got, i, tries = 0, 0, 0
    while got < MULTI_TOTAL:
        tries += 1
        assert tries < 50 * MULTI_TOTAL
        name = names[i % len(names)]
        L = Lab()
        try:
            text, lang = LAYOUTS[name](rng, L)
        except ValueError:
            rejects["multi:layout_retry"] = rejects.get("multi:layout_retry", 0) + 1
            i += 1
            continue
        if len(L.labels) < 2:
            i += 1
            continue
        i += 1
        if accept(text, L.labels, lang, name, name, "multi_" + name):
            got += 1
    for kind in sorted(NEG_KINDS):
        got, tries = 0, 0
        while got < NEG_PER_KIND:
            tries += 1
            assert tries < 100 * NEG_PER_KIND, kind
            text, labels, lang, form, ctx = negative_sample(rng, kind)
            if accept(text, labels, lang, form, ctx, "neg"):
                got += 1
    if os.environ.get("H12_DEBUG"):
        for k, v in sorted(rejects.items()):
            print(k, v, file=sys.stderr)
    rng.shuffle(samples)
    lines = [json.dumps(s, ensure_ascii=False) for s in samples]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    with open(os.path.join(HERE, "heldout12.jsonl"), "wb") as f:
        f.write(data)
    sha = hashlib.sha256(data).hexdigest()
    write_readme(samples, sha, rejects)
    print(len(samples))
    print(sha)

def table(rows, head):
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        out.append("| " + " | ".join(str(x) for x in r) + " |")
    return "\n".join(out)

def write_readme(samples, sha, rejects):
    single = [s for s in samples if len(s["labels"]) == 1 and s["form"] not in LAYOUTS]
    multi = [s for s in samples if s["form"] in LAYOUTS]
    neg = [s for s in samples if not s["labels"]]
    per_det, per_form = {}, {}
    for s in samples:
        for l in s["labels"]:
            per_det[l["detector"]] = per_det.get(l["detector"], 0) + 1
            k = (l["detector"], l["form"])
            per_form[k] = per_form.get(k, 0) + 1
    def count(key, xs):
        c = {}
        for s in xs:
            c[s[key]] = c.get(s[key], 0) + 1
        return c
    langs = count("lang", samples)
    ctxs = count("context", samples)
    lays = count("form", multi)
    negk = count("form", neg)
    name_langs = sorted({p["lang"] for p in NAME_POOL})
    street_countries = sorted({s["country"] for s in STREET_POOL})
    form_lines = []
    for det in sorted(per_det):
        fs = sorted((f, n) for (d, f), n in per_form.items() if d == det)
        form_lines.append("- **%s** (%d): %s" % (det, per_det[det], ", ".join("`%s` %d" % (f, n) for f, n in fs)))
    rej = sorted(rejects.items())
    md = """# heldout12 — blind held-out PII test corpus

## Provenance
Written blind from the brief `COMMON12.md` only. No other corpus, note, detector source, test or git history was read
while writing it. Every sentence frame, layout, name combination, street, domain, company and negative was invented for
this corpus; given and family names are ordinary common names combined at random (no famous person was chosen on purpose).

## Generator
`make_heldout12.py` — Python 3 standard library only, no input files, `SEED = 121212`, deterministic (no set iteration
when picking; dict keys are sorted when picked from). Run `python3 make_heldout12.py`: it writes `heldout12.jsonl` and this
`README.md` and prints the sample count and the SHA-256 of the jsonl. Two runs with different `PYTHONHASHSEED` values
(0 and 12345) produced byte-identical `heldout12.jsonl` and `README.md`.

## Counts
- samples: **%d**
- single-value: %d
- multi-value: %d (labels in them: %d)
- hard negatives (`labels: []`): %d
- SHA-256 of `heldout12.jsonl`: `%s`

## Format
One JSON object per line, UTF-8, `ensure_ascii=False`:
`{"text": ..., "labels": [{"detector", "value", "form"}], "lang", "form", "context"}`.
`labels[].value` is an exact substring of `text`; a value occurs in its text exactly as often as it is labelled
(overlapping occurrences counted); labelled spans never overlap. Sample `form` is the label form for single-value samples,
the layout name for multi-value samples and the look-alike kind for negatives. `lang` is the ISO 639-1 code of the prose
(`en` for technical layouts whose only words are English keys/comments; `yo` marks Yoruba names only, never prose).
`context` is the kind of text (container) the value sits in; `prompt` means raw prompt text with no container.

## What a label covers
- email: the address only (no `mailto:`, `<>`, `?subject=`); obfuscated forms are labelled as written (`[at]`, ` [at] `,
  `(at)` with optional `(dot)`, ` at ... dot ...`, ` @ `, `[.]`, full-width `＠`, U+200B next to `@`); upper case, `+tag`, subdomains.
- phone: the number with its own separators, `+`/`00`, `(0)` trunk and area brackets; only numbers with `+`/`00` or with
  separators; never a bare digit run after a phone word; `tel:` links label the part after `tel:`. NBSP, U+2009 and
  full-width-digit variants. Layouts per country are modelled on national numbering plans (mobile and landline) of %d countries.
- credit_card: Luhn-valid PANs with brand IIN and length (Visa 13/16/19, Mastercard 51–55 and 2221–2720, Amex 4-6-5,
  Diners 14, Discover, JCB, UnionPay, Maestro); space, dash, NBSP, U+2009, full-width or compact.
- ssn: AAA-GG-SSSS with dashes, spaces, dots or bare; area 001–899 without 666, group 01–99, serial 0001–9999; every text with an
  SSN label contains `SSN` or `social security number` (case-insensitive).
- iban: whole IBAN, correct country length, BBAN character shape and mod-97; national check digits are also computed for BE,
  FR (RIB key) and IT (CIN); compact, groups of four with space/NBSP/dash, lower case.
- ipv4: address only (port `:443` and prefix `/24` stay outside); private and public; defanged `a[.]b[.]c[.]d` is one value.
  Never documentation ranges, loopback, 0/8, link-local, CGNAT, benchmarking, multicast/reserved, `.0`/`.255` hosts — these are
  absent from every text.
- ipv6: address only (brackets, `]:port`, `%%zone`, `/prefix` outside); compressed, full, upper, leading zeros, ULA,
  link-local with zone, IPv4-mapped/NAT64 tail; never 2001:db8::/32, 2001::/32, 2002::/16, loopback, unspecified, multicast.
- openai_key: legacy `sk-` + 20 + `T3BlbkFJ` + 20 (51 chars), `sk-proj-`, `sk-svcacct-`, `sk-admin-`; after
  `Authorization: Bearer` labelled openai_key only (form `bearer`).
- anthropic_key: `sk-ant-api03-` + 93 base64url + `AA` (108), `sk-ant-admin01-` of the same shape (110).
- aws_access_key: `AKIA`/`ASIA` + 16 of A-Z2-7.
- github_token: `ghp_ gho_ ghu_ ghs_ ghr_` + 30 random + 6-char base62 CRC32 checksum; `github_pat_` + 22 + `_` + 59.
- jwt: all three segments; header is base64url JSON with a real `alg`; payload JSON; signature byte length matches the alg
  (HS256 32, HS384 48, HS512 64, RS/PS 256, ES256 64, ES384 96, ES512 132, EdDSA 64); after `Authorization: Bearer` labelled
  jwt only (form `bearer`). Forms `jose_other_nonjson`, `jose_other_short`, `jose_other_none` (`alg: none`, empty signature).
- bearer_token: opaque token after `Bearer `, 24–60 chars with digits and mixed case, or 32/40/64 lowercase hex with digits.
- private_key: the whole block BEGIN…END as written: LF, CRLF, JSON `\\n`-escaped, YAML block (indented), flattened with
  spaces, `.env` quoted (escaped `\\n` or real newlines). RSA PKCS#1 and PKCS#8 (real 1024/2048-bit keys), SEC1 EC and PKCS#8
  EC (P-256 with a computed public point), PKCS#8 Ed25519, OpenSSH Ed25519 (public key derived from the seed), ENCRYPTED
  PKCS#8 (PBES2/PBKDF2/AES-256-CBC structure with random ciphertext).
- person_name: the name only; titles (`Dr.`, `Frau`, `Mme`, `Sra.`, `Pani`, ...) and suffixes (`様`, `さん`, `님`, `जी`) stay
  outside; forms given_family, family_given, caps_family, family_comma_given, middle_initial, particle, compound, native_script
  (`+title` / `+suffix` mark the context).
- street_address: street + house number only (postcode, city, flat stay outside); `name, 14` where that is local style,
  Czech/Slovak `812/3`, `12a`, `12-14`, `12 bis`, `No:`/`No.` styles, CJK `…路88号`, Korean road names.

## Values per detector and form
%s

## Multi-value layouts (%d)
%s

## Hard-negative kinds (%d)
%s

## Languages (%d)
%s

## Contexts
%s

## Pools
- person names: %d given+family combinations from %d name languages (%s), native scripts for el, ru, uk, bg, ar, he, fa, hi, ja, zh, ko, th.
- streets: %d invented street names from %d countries (%s); none is named after a person.
- domains: %d invented domains; %d invented e-mail local parts.

## Checks (run on every sample before it is written; a failing draw is thrown away)
1. each labelled value is a substring with exactly the labelled number of (overlapping) occurrences; no two spans overlap;
2. per-detector validity (Luhn + IIN + length; IBAN length, BBAN shape and mod-97; SSN ranges; IPv4 octets/no leading
   zeros/excluded ranges; IPv6 parses and is outside excluded ranges; key regexes and lengths; JWT header/payload JSON and
   signature length; PEM body base64 that parses as one complete DER structure, or a consistent `openssh-key-v1` blob);
3. no well-known sample values (test PANs, textbook IBANs, AKIAIOSFODNN7EXAMPLE, 078-05-1120 and similar, the jwt.io token)
   and no excluded IPv4 anywhere in the text;
4. with labelled values masked, a conservative scanner finds nothing: e-mail incl. obfuscated markers, `+`/`00` phone shapes
   and `tel:`, Luhn-valid 13–19 digit runs over separator groups, valid IBANs, dotted quads (also defanged), parseable IPv6,
   key/JWT/PEM shapes, qualifying Bearer tokens, valid SSNs when SSN wording is present, any pool name in any order/CAPS (and
   any pool given/family token as a word, except CJK/Thai where full names only are checked), any pool street with a digit
   within a few characters. The same scan runs over every hard negative. No duplicate texts.
The scanner is self-tested at start-up with strings it must flag and strings it must pass.

Rejected draws per reason (for transparency): %s
""" % (len(samples), len(single), len(multi), sum(len(s["labels"]) for s in multi), len(neg), sha, len(PHONE_CC),
       "\n".join(form_lines), len(lays), ", ".join("`%s` %d" % (k, lays[k]) for k in sorted(lays)),
       len(negk), ", ".join("`%s` %d" % (k, negk[k]) for k in sorted(negk)),
       len(langs), ", ".join("`%s` %d" % (k, langs[k]) for k in sorted(langs)),
       ", ".join("`%s` %d" % (k, ctxs[k]) for k in sorted(ctxs)),
       len(NAME_POOL), len(name_langs), ", ".join(name_langs), len(STREET_POOL), len(street_countries), ", ".join(street_countries),
       len(DOMAINS), len(LOCAL_PARTS), ", ".join("%s %d" % (k, v) for k, v in rej))
    with open(os.path.join(HERE, "README.md"), "w", encoding="utf-8") as f:
        f.write(md)

if __name__ == "__main__":
    main()
