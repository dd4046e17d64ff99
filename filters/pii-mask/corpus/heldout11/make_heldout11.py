#!/usr/bin/env python3
"""Blind held-out PII corpus generator (eleventh). Standard library only, no input files.

Writes heldout11.jsonl and README.md next to this script and prints the sample count and
SHA-256 of the jsonl. Fully deterministic for SEED; independent of PYTHONHASHSEED (no set
iteration, dict keys sorted when picking).
"""
import base64
import hashlib
import ipaddress
import json
import os
import re
import struct
import unicodedata
import sys
from collections import Counter
import random

SEED = 111111
R = random.Random(SEED)
HERE = os.path.dirname(os.path.abspath(__file__))

NBSP = "\u00a0"
THIN = "\u2009"
ZWSP = "\u200b"
MASK = "\ue000"


def ch(seq):
    """choose from a list/tuple (never a set); dicts are picked by sorted key."""
    if isinstance(seq, dict):
        return seq[R.choice(sorted(seq))]
    return R.choice(list(seq))


def wpick(pairs):
    """weighted choice from list of (item, weight)."""
    tot = sum(w for _, w in pairs)
    x = R.random() * tot
    for it, w in pairs:
        x -= w
        if x < 0:
            return it
    return pairs[-1][0]


def rdig(n):
    return "".join(R.choice("0123456789") for _ in range(n))


ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
B64URL = ALNUM + "-_"
B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
HEX = "0123456789abcdef"


def rstr(alpha, n):
    return "".join(R.choice(alpha) for _ in range(n))


FW = {ord(c): chr(0xFF10 + i) for i, c in enumerate("0123456789")}
UNFW = {0xFF10 + i: ord(c) for i, c in enumerate("0123456789")}
UNFW[0xFF0B] = ord("+")
UNFW[0xFF20] = ord("@")
UNFW[0xFF0D] = ord("-")


def b64u(b):
    return base64.urlsafe_b64encode(b).decode().rstrip("=")


def b64u_dec(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


# ---------------------------------------------------------------- number theory / crypto
def is_probable_prime(n, rounds=24):
    if n < 2:
        return False
    small = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71]
    for p in small:
        if n % p == 0:
            return n == p
    d, s = n - 1, 0
    while d % 2 == 0:
        d //= 2
        s += 1
    for _ in range(rounds):
        a = R.randrange(2, n - 2)
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


SMALL_PRIMES = [p for p in range(3, 2000) if all(p % q for q in range(2, int(p ** 0.5) + 1))]


def gen_prime(bits):
    while True:
        c = R.getrandbits(bits) | (1 << (bits - 1)) | (1 << (bits - 2)) | 1
        if any(c % p == 0 for p in SMALL_PRIMES):
            continue
        if is_probable_prime(c):
            return c


def gen_rsa(bits):
    e = 65537
    while True:
        p = gen_prime(bits // 2)
        q = gen_prime(bits // 2)
        if p == q:
            continue
        phi = (p - 1) * (q - 1)
        if phi % e == 0:
            continue
        n = p * q
        if n.bit_length() != bits:
            continue
        d = pow(e, -1, phi)
        return dict(n=n, e=e, d=d, p=p, q=q, dp=d % (p - 1), dq=d % (q - 1), qi=pow(q, -1, p))


# P-256
P256_P = 0xFFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF
P256_B = 0x5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B
P256_N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
P256_G = (0x6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296,
          0x4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5)
assert (P256_G[1] ** 2 - (P256_G[0] ** 3 - 3 * P256_G[0] + P256_B)) % P256_P == 0


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
    acc = None
    while k:
        if k & 1:
            acc = ec_add(acc, P)
        P = ec_add(P, P)
        k >>= 1
    return acc


# Ed25519
ED_P = 2 ** 255 - 19
ED_D = -121665 * pow(121666, -1, ED_P) % ED_P
ED_L = 2 ** 252 + 27742317777372353535851937790883648493


def ed_recover_x(y, sign):
    x2 = (y * y - 1) * pow(ED_D * y * y + 1, -1, ED_P) % ED_P
    x = pow(x2, (ED_P + 3) // 8, ED_P)
    if (x * x - x2) % ED_P != 0:
        x = x * pow(2, (ED_P - 1) // 4, ED_P) % ED_P
    if x & 1 != sign:
        x = ED_P - x
    return x


ED_BY = 4 * pow(5, -1, ED_P) % ED_P
ED_B = (ed_recover_x(ED_BY, 0), ED_BY)


def ed_add(P, Q):
    (x1, y1), (x2, y2) = P, Q
    t = ED_D * x1 * x2 * y1 * y2 % ED_P
    x3 = (x1 * y2 + x2 * y1) * pow(1 + t, -1, ED_P) % ED_P
    y3 = (y1 * y2 + x1 * x2) * pow(1 - t, -1, ED_P) % ED_P
    return (x3, y3)


def ed_mul(k, P):
    acc = (0, 1)
    while k:
        if k & 1:
            acc = ed_add(acc, P)
        P = ed_add(P, P)
        k >>= 1
    return acc


def ed25519_pub(seed):
    h = hashlib.sha512(seed).digest()
    a = int.from_bytes(h[:32], "little")
    a &= (1 << 254) - 8
    a |= 1 << 254
    x, y = ed_mul(a, ED_B)
    return (y | ((x & 1) << 255)).to_bytes(32, "little")


# ---------------------------------------------------------------- DER
def der_len(n):
    if n < 128:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def der(tag, content):
    return bytes([tag]) + der_len(len(content)) + content


def d_int(x):
    return der(0x02, x.to_bytes(max(1, (x.bit_length() + 8) // 8), "big"))


def d_seq(*items):
    return der(0x30, b"".join(items))


def d_set(*items):
    return der(0x31, b"".join(items))


def d_oid(s):
    parts = [int(x) for x in s.split(".")]
    out = bytes([40 * parts[0] + parts[1]])
    for v in parts[2:]:
        enc = [v & 0x7F]
        v >>= 7
        while v:
            enc.append(0x80 | (v & 0x7F))
            v >>= 7
        out += bytes(reversed(enc))
    return der(0x06, out)


D_NULL = b"\x05\x00"


def d_oct(b):
    return der(0x04, b)


def d_bits(b):
    return der(0x03, b"\x00" + b)


def d_ctx(n, c):
    return der(0xA0 + n, c)


def der_parse(b, i=0):
    """parse one TLV at i, return (tag, content_start, end). raises on error."""
    tag = b[i]
    ln = b[i + 1]
    j = i + 2
    if ln & 0x80:
        k = ln & 0x7F
        if k == 0 or k > 4:
            raise ValueError("len")
        ln = int.from_bytes(b[j:j + k], "big")
        j += k
    if j + ln > len(b):
        raise ValueError("overrun")
    return tag, j, j + ln


def der_children(b, start, end):
    out = []
    i = start
    while i < end:
        t, s, e = der_parse(b, i)
        out.append((t, s, e))
        i = e
    if i != end:
        raise ValueError("trailing")
    return out


OID_RSA = "1.2.840.113549.1.1.1"
OID_EC = "1.2.840.10045.2.1"
OID_P256 = "1.2.840.10045.3.1.7"
OID_ED25519 = "1.3.101.112"


def pkcs1_der(k):
    return d_seq(d_int(0), d_int(k["n"]), d_int(k["e"]), d_int(k["d"]), d_int(k["p"]),
                 d_int(k["q"]), d_int(k["dp"]), d_int(k["dq"]), d_int(k["qi"]))


def ec_keypair():
    d = R.randrange(1, P256_N)
    X, Y = ec_mul(d, P256_G)
    pub = b"\x04" + X.to_bytes(32, "big") + Y.to_bytes(32, "big")
    return d.to_bytes(32, "big"), pub


def pem_wrap(label, der_bytes, width=64):
    b = base64.b64encode(der_bytes).decode()
    lines = [b[i:i + width] for i in range(0, len(b), width)]
    return ["-----BEGIN %s-----" % label] + lines + ["-----END %s-----" % label]


RSA_CACHE = []


def rsa_key():
    bits = wpick([(1024, 5), (2048, 2)])
    return gen_rsa(bits)


def make_private_key(kind):
    """returns (label, der_or_blob, width)"""
    if kind == "rsa_pkcs1":
        return "RSA PRIVATE KEY", pkcs1_der(rsa_key()), 64
    if kind == "pkcs8_rsa":
        inner = pkcs1_der(rsa_key())
        return "PRIVATE KEY", d_seq(d_int(0), d_seq(d_oid(OID_RSA), D_NULL), d_oct(inner)), 64
    if kind == "pkcs8_ec":
        d, pub = ec_keypair()
        inner = d_seq(d_int(1), d_oct(d), d_ctx(1, d_bits(pub)))
        return "PRIVATE KEY", d_seq(d_int(0), d_seq(d_oid(OID_EC), d_oid(OID_P256)), d_oct(inner)), 64
    if kind == "pkcs8_ed25519":
        seed = bytes(R.getrandbits(8) for _ in range(32))
        return "PRIVATE KEY", d_seq(d_int(0), d_seq(d_oid(OID_ED25519)), d_oct(d_oct(seed))), 64
    if kind == "sec1_ec":
        d, pub = ec_keypair()
        return "EC PRIVATE KEY", d_seq(d_int(1), d_oct(d), d_ctx(0, d_oid(OID_P256)),
                                       d_ctx(1, d_bits(pub))), 64
    if kind == "openssh_ed25519":
        seed = bytes(R.getrandbits(8) for _ in range(32))
        A = ed25519_pub(seed)

        def sstr(b):
            return struct.pack(">I", len(b)) + b
        pub = sstr(b"ssh-ed25519") + sstr(A)
        chk = struct.pack(">I", R.getrandbits(32))
        comment = ("%s@%s" % (ch(["ops", "build", "root", "deploy", "ci"]),
                              ch(["bastion", "runner-4", "nas", "pi-lab"]))).encode()
        priv = chk + chk + sstr(b"ssh-ed25519") + sstr(A) + sstr(seed + A) + sstr(comment)
        i = 1
        while len(priv) % 8:
            priv += bytes([i])
            i += 1
        blob = (b"openssh-key-v1\x00" + sstr(b"none") + sstr(b"none") + sstr(b"") +
                struct.pack(">I", 1) + sstr(pub) + sstr(priv))
        return "OPENSSH PRIVATE KEY", blob, 70
    if kind == "encrypted_pkcs8":
        salt = bytes(R.getrandbits(8) for _ in range(16))
        iv = bytes(R.getrandbits(8) for _ in range(16))
        ctlen = ch([48, 64, 80, 640, 1232])
        ct = bytes(R.getrandbits(8) for _ in range(ctlen))
        alg = d_seq(d_oid("1.2.840.113549.1.5.13"), d_seq(
            d_seq(d_oid("1.2.840.113549.1.5.12"),
                  d_seq(d_oct(salt), d_int(ch([2048, 10000, 100000])),
                        d_seq(d_oid("1.2.840.113549.2.9"), D_NULL))),
            d_seq(d_oid("2.16.840.1.101.3.4.1.42"), d_oct(iv))))
        return "ENCRYPTED PRIVATE KEY", d_seq(alg, d_oct(ct)), 64
    raise KeyError(kind)


def check_pem_body(label, raw):
    if label == "OPENSSH PRIVATE KEY":
        if not raw.startswith(b"openssh-key-v1\x00"):
            return False
        i = 15
        for _ in range(3):
            ln = struct.unpack(">I", raw[i:i + 4])[0]
            i += 4 + ln
        nkeys = struct.unpack(">I", raw[i:i + 4])[0]
        i += 4
        for _ in range(nkeys + 1):
            ln = struct.unpack(">I", raw[i:i + 4])[0]
            i += 4 + ln
        return i == len(raw) and nkeys == 1
    t, s, e = der_parse(raw, 0)
    if t != 0x30 or e != len(raw):
        return False
    kids = der_children(raw, s, e)
    if label == "RSA PRIVATE KEY":
        return len(kids) == 9 and all(k[0] == 0x02 for k in kids)
    if label == "EC PRIVATE KEY":
        return kids[0][0] == 0x02 and kids[1][0] == 0x04 and kids[1][2] - kids[1][1] == 32
    if label == "PRIVATE KEY":
        if not (len(kids) >= 3 and kids[0][0] == 0x02 and kids[1][0] == 0x30 and kids[2][0] == 0x04):
            return False
        inner = raw[kids[2][1]:kids[2][2]]
        t2, s2, e2 = der_parse(inner, 0)
        return e2 == len(inner)
    if label == "ENCRYPTED PRIVATE KEY":
        return len(kids) == 2 and kids[0][0] == 0x30 and kids[1][0] == 0x04
    return False


def public_pem():
    """negatives: public keys and certificates with real structure"""
    kind = ch(["rsa_pub", "ec_pub", "cert", "ssh_pub"])
    if kind == "rsa_pub":
        k = gen_rsa(1024)
        spki = d_seq(d_seq(d_oid(OID_RSA), D_NULL), d_bits(d_seq(d_int(k["n"]), d_int(k["e"]))))
        return "\n".join(pem_wrap("PUBLIC KEY", spki))
    if kind == "ec_pub":
        _, pub = ec_keypair()
        spki = d_seq(d_seq(d_oid(OID_EC), d_oid(OID_P256)), d_bits(pub))
        return "\n".join(pem_wrap("PUBLIC KEY", spki))
    if kind == "ssh_pub":
        seed = bytes(R.getrandbits(8) for _ in range(32))
        A = ed25519_pub(seed)
        blob = struct.pack(">I", 11) + b"ssh-ed25519" + struct.pack(">I", 32) + A
        return "ssh-ed25519 " + base64.b64encode(blob).decode() + " " + ch(
            ["build-runner-07", "laptop-2023", "backup-job", "nas-sync"])
    _, pub = ec_keypair()
    spki = d_seq(d_seq(d_oid(OID_EC), d_oid(OID_P256)), d_bits(pub))

    def name(cn):
        return d_seq(d_set(d_seq(d_oid("2.5.4.3"), der(0x0C, cn.encode()))))
    cn = ch(["cache.internal.lan", "Lab Root CA", "printer-3f.office", "vpn-gw.branch"])
    tbs = d_seq(d_ctx(0, d_int(2)), d_int(R.getrandbits(63)), d_seq(d_oid("1.2.840.10045.4.3.2")),
                name("Lab Root CA"), d_seq(der(0x17, b"240301000000Z"), der(0x17, b"270301000000Z")),
                name(cn), spki)
    sig = d_seq(d_int(R.getrandbits(255)), d_int(R.getrandbits(255)))
    cert = d_seq(tbs, d_seq(d_oid("1.2.840.10045.4.3.2")), d_bits(sig))
    return "\n".join(pem_wrap("CERTIFICATE", cert))


# ---------------------------------------------------------------- pools: person names
# each language: given (name, gender or ''), family (male, female) or plain string, options
NAME_SRC = {
    "en": dict(g=["Megan", "Tyler", "Brooke", "Dylan", "Hannah", "Colin", "Abigail", "Trevor"],
               f=["Whitfield", "Caldwell", "Hargrove", "Pemberton", "Ashby", "Linwood", "Thornbury", "Galloway"]),
    "de": dict(g=["Jannik", "Mareike", "Tobias", "Svenja", "Henrik", "Anke", "Lennart", "Friederike"],
               f=["Brandhorst", "Kessler", "Lindemann", "Hoffmeister", "Rautenberg", "Ziegler", "Wendt", "von Hagenau"]),
    "fr": dict(g=["Camille", "Théo", "Maëlle", "Baptiste", "Solène", "Quentin", "Élodie", "Romain"],
               f=["Lefèvre", "Garnier", "Perrin", "Faure", "Chauvin", "Lemaire", "Garnier-Faure", "de Villeneuve"]),
    "es": dict(g=["Lucía", "Álvaro", "Nerea", "Iker", "Rocío", "Sergio", "Ainhoa", "Raúl"],
               f=["Etxeberria", "Navarro", "Quintana", "Salazar", "Ibarra", "Montoya", "Carrasco", "Valverde"],
               compound=True),
    "it": dict(g=["Chiara", "Matteo", "Giulia", "Lorenzo", "Federica", "Davide", "Alessia", "Stefano"],
               f=["Colombo", "Ferrara", "Mancini", "Rinaldi", "Marchetti", "Barbieri", "De Santis", "Di Marco"]),
    "pt": dict(g=["Inês", "Tiago", "Beatriz", "Rafael", "Mariana", "Gonçalo", "Leonor", "Duarte"],
               f=["Ferreira", "Carvalho", "Rodrigues", "Almeida", "Teixeira", "Moura", "da Silva", "dos Santos"],
               compound=True),
    "nl": dict(g=["Femke", "Joris", "Sanne", "Bram", "Lotte", "Thijs", "Marloes", "Niels"],
               f=["van Dijk", "de Graaf", "van den Heuvel", "Bakker", "Visser", "Mulder", "van Leeuwen", "Hendriks"]),
    "sv": dict(g=["Linnea", "Oskar", "Ebba", "Hampus", "Tova", "Viktor", "Ida", "Axel"],
               f=["Lindqvist", "Bergström", "Sandberg", "Holmgren", "Nyström", "Åkesson", "Lundgren", "Ekholm"]),
    "nb": dict(g=["Ingrid", "Sindre", "Marte", "Eirik", "Silje", "Håkon", "Tuva", "Magnus"],
               f=["Haugen", "Solberg", "Bakken", "Dahl", "Moen", "Rønning", "Kristiansen", "Aasen"]),
    "da": dict(g=["Mette", "Rasmus", "Signe", "Mikkel", "Freja", "Anders", "Cecilie", "Jeppe"],
               f=["Thomsen", "Kjær", "Mortensen", "Lauridsen", "Østergaard", "Frandsen", "Bech", "Vestergaard"]),
    "fi": dict(g=["Aino", "Juho", "Venla", "Eetu", "Siiri", "Lauri", "Iida", "Otto"],
               f=["Virtanen", "Korhonen", "Mäkinen", "Heikkinen", "Lehtonen", "Nieminen", "Laaksonen", "Salminen"]),
    "pl": dict(g=[("Katarzyna", "f"), ("Marcin", "m"), ("Agnieszka", "f"), ("Paweł", "m"), ("Zofia", "f"), ("Bartosz", "m")],
               f=[("Wójcik", "Wójcik"), ("Kowalczyk", "Kowalczyk"), ("Zieliński", "Zielińska"), ("Szymański", "Szymańska"),
                  ("Dąbrowski", "Dąbrowska"), ("Jankowski", "Jankowska"), ("Krawczyk", "Krawczyk")]),
    "cs": dict(g=[("Tereza", "f"), ("Jakub", "m"), ("Lucie", "f"), ("Ondřej", "m"), ("Kateřina", "f"), ("Vojtěch", "m")],
               f=[("Dvořák", "Dvořáková"), ("Procházka", "Procházková"), ("Kučera", "Kučerová"), ("Veselý", "Veselá"),
                  ("Horák", "Horáková"), ("Pokorný", "Pokorná")]),
    "hu": dict(g=["Eszter", "Bence", "Réka", "Máté", "Zsófia", "Levente"],
               f=["Kovács", "Szabó", "Tóth", "Varga", "Horváth", "Farkas", "Balogh"], order="fg"),
    "ro": dict(g=["Ioana", "Andrei", "Bianca", "Mihai", "Alexandra", "Radu"],
               f=["Popescu", "Ionescu", "Dumitrescu", "Stoica", "Munteanu", "Georgescu"]),
    "hr": dict(g=["Ivana", "Luka", "Petra", "Marko", "Maja", "Ante"],
               f=["Horvat", "Kovačević", "Babić", "Marić", "Jurić", "Knežević"]),
    "el": dict(g=[("Γιώργος", "m"), ("Ελένη", "f"), ("Δημήτρης", "m"), ("Κατερίνα", "f"), ("Νίκος", "m"), ("Σοφία", "f")],
               f=[("Παπαδόπουλος", "Παπαδοπούλου"), ("Οικονόμου", "Οικονόμου"), ("Γεωργίου", "Γεωργίου"),
                  ("Καραγιάννης", "Καραγιάννη"), ("Βλάχος", "Βλάχου"), ("Μαυρίδης", "Μαυρίδου")]),
    "tr": dict(g=["Elif", "Emre", "Zeynep", "Burak", "Merve", "Onur", "Ayşe", "Kerem"],
               f=["Yılmaz", "Demir", "Şahin", "Çelik", "Öztürk", "Arslan", "Doğan", "Korkmaz"]),
    "ru": dict(g=[("Ольга", "f"), ("Дмитрий", "m"), ("Анастасия", "f"), ("Сергей", "m"), ("Екатерина", "f"), ("Алексей", "m")],
               f=[("Смирнов", "Смирнова"), ("Кузнецов", "Кузнецова"), ("Соколов", "Соколова"),
                  ("Лебедев", "Лебедева"), ("Морозов", "Морозова"), ("Волков", "Волкова")]),
    "uk": dict(g=[("Оксана", "f"), ("Тарас", "m"), ("Наталія", "f"), ("Богдан", "m"), ("Ірина", "f"), ("Андрій", "m")],
               f=[("Коваленко", "Коваленко"), ("Бондаренко", "Бондаренко"), ("Ткаченко", "Ткаченко"),
                  ("Мельник", "Мельник"), ("Поліщук", "Поліщук"), ("Лисенко", "Лисенко")]),
    "bg": dict(g=[("Десислава", "f"), ("Георги", "m"), ("Милена", "f"), ("Стоян", "m"), ("Радост", "f"), ("Калин", "m")],
               f=[("Петров", "Петрова"), ("Георгиев", "Георгиева"), ("Димитров", "Димитрова"), ("Стоянов", "Стоянова"),
                  ("Колев", "Колева")]),
    "ar": dict(g=["ليلى", "يوسف", "مريم", "خالد", "سلمى", "طارق"],
               f=["حداد", "النجار", "الخطيب", "منصور", "العلي", "الشامي"]),
    "he": dict(g=["נועה", "איתי", "מיכל", "יונתן", "שירה", "עומר"],
               f=["כהן", "מזרחי", "פרץ", "ביטון", "אברהם", "שפירא"]),
    "fa": dict(g=["نگار", "آرش", "مهسا", "کاوه", "پریسا", "بابک"],
               f=["رضایی", "احمدی", "کریمی", "حسینی", "موسوی", "جعفری"]),
    "hi": dict(g=["अनिता", "राहुल", "प्रिया", "विकास", "सुनीता", "अमित"],
               f=["शर्मा", "वर्मा", "गुप्ता", "मेहता", "जोशी", "अग्रवाल"]),
    "bn": dict(g=["তানিয়া", "রাকিব", "নুসরাত", "ফাহিম", "সুমাইয়া"],
               f=["রহমান", "চৌধুরী", "হোসেন", "মজুমদার", "তালুকদার"]),
    "ta": dict(g=["கவிதா", "அருண்", "மீனா", "கார்த்திக்", "ப்ரியா"],
               f=["சுப்பிரமணியன்", "ராஜேந்திரன்", "நடராஜன்", "வேலாயுதம்"]),
    "th": dict(g=["สมชาย", "วรรณา", "ธนพล", "ปิยะนุช", "กิตติพร"],
               f=["ใจดี", "ศรีสุข", "วงศ์ไทย", "บุญมา", "แก้วประเสริฐ"], script="nospace"),
    "vi": dict(g=["Lan", "Hùng", "Thảo", "Tuấn", "Hương", "Khoa"],
               f=["Nguyễn", "Trần", "Phạm", "Hoàng", "Vũ", "Đặng"], mid=["Thị", "Văn", "Minh", "Ngọc", "Đức"], order="fg"),
    "id": dict(g=["Putri", "Rizky", "Dewi", "Bayu", "Anggraini", "Fajar"],
               f=["Santoso", "Wijaya", "Hidayat", "Kusuma", "Pratama", "Nugroho"]),
    "ja": dict(g=["美咲", "健太", "陽菜", "翔太", "結衣", "大輔"],
               f=["佐藤", "鈴木", "高橋", "渡辺", "伊藤", "中村"], order="fg", script="nospace"),
    "zh": dict(g=["建华", "丽娟", "志强", "晓燕", "海涛", "静怡"],
               f=["王", "李", "张", "刘", "陈", "杨"], order="fg", script="nospace"),
    "ko": dict(g=["민준", "서연", "지훈", "수빈", "현우", "예린"],
               f=["김", "박", "최", "정", "강", "윤"], order="fg", script="nospace"),
    "sw": dict(g=["Neema", "Baraka", "Zawadi", "Juma", "Rehema", "Imani"],
               f=["Mwangi", "Otieno", "Wanjiru", "Kamau", "Achieng", "Mutua"]),
    "tl": dict(g=["Maricel", "Jomar", "Rowena", "Ramil", "Lorna", "Aldrin"],
               f=["Dela Cruz", "Bautista", "Villanueva", "Mendoza", "Manalo", "Macaraeg"]),
    "ca": dict(g=["Jordi", "Mireia", "Pol", "Núria", "Arnau", "Laia"],
               f=["Puigvert", "Ferrer", "Soler", "Riera", "Vidal", "Bosch"], compound=True),
    "et": dict(g=["Kadri", "Rasmus", "Liis", "Margus", "Triin", "Indrek"],
               f=["Tamm", "Sepp", "Kask", "Rebane", "Kukk", "Pärn"]),
    "lt": dict(g=[("Rūta", "f"), ("Mantas", "m"), ("Eglė", "f"), ("Tomas", "m"), ("Gintarė", "f")],
               f=[("Kazlauskas", "Kazlauskienė"), ("Petrauskas", "Petrauskienė"), ("Jankauskas", "Jankauskienė"),
                  ("Žukauskas", "Žukauskienė")]),
}
PARTICLES = ["van", "de", "den", "der", "da", "dos", "von", "De", "Di", "Dela", "di", "del"]

ROMAJI = dict(g=["Yui", "Kenta", "Haruka", "Sota", "Rin", "Daisuke"], f=["Takahashi", "Watanabe", "Kobayashi", "Yamaguchi"])


def build_name_pool():
    pool = []
    seen = []
    for lang in sorted(NAME_SRC):
        src = NAME_SRC[lang]
        n_want = 7
        tries = 0
        got = 0
        while got < n_want and tries < 200:
            tries += 1
            g = ch(src["g"])
            f = ch(src["f"])
            if isinstance(g, tuple):
                gname, gender = g
                fam = f[0] if gender == "m" else f[1]
            else:
                gname, fam = g, f
            mid = ch(src["mid"]) if "mid" in src else ""
            key = (lang, gname, fam)
            if key in seen:
                continue
            seen.append(key)
            pool.append(dict(lang=lang, given=gname, family=fam, mid=mid, order=src.get("order", "gf"),
                             script=src.get("script", "space"), compound=src.get("compound", False)))
            got += 1
    # romanised Japanese entries for Latin-script contexts
    for _ in range(4):
        pool.append(dict(lang="ja-Latn", given=ch(ROMAJI["g"]), family=ch(ROMAJI["f"]), mid="", order="gf",
                         script="space", compound=False))
    return pool


NAME_POOL = build_name_pool()


def name_words(p):
    out = []
    for part in [p["given"]] + p["family"].replace("-", " ").split():
        if part not in PARTICLES and part not in out:
            out.append(part)
    return out


# ---------------------------------------------------------------- pools: streets
# (country, street, style) style: after | before | comma | qc | no | jl | slash
STREETS = [
    ("DE", "Kirschgartenweg", "after"), ("DE", "Mühlbachstraße", "after"), ("DE", "Eichkampstraße", "after"),
    ("DE", "Holunderstieg", "after"), ("DE", "Birkenkoppel", "after"), ("DE", "Am Weidenhang", "after"),
    ("AT", "Marillengasse", "after"), ("AT", "Weinbergsteig", "after"), ("AT", "Föhrenweg", "after"),
    ("AT", "Obere Lärchenzeile", "after"), ("AT", "Kastanienring", "after"),
    ("CH", "Rebhaldenstrasse", "after"), ("CH", "Seeblickweg", "after"), ("CH", "Im Grünfeld", "after"),
    ("CH", "Ahornrain", "after"), ("CH", "Steinackerstrasse", "after"),
    ("NL", "Wilgenlaan", "after"), ("NL", "Korenbloemstraat", "after"), ("NL", "Zilverschoonweg", "after"),
    ("NL", "Rietkraag", "after"), ("NL", "Lijsterbesgracht", "after"),
    ("BE", "Rue des Glycines", "after"), ("BE", "Kerselaarstraat", "after"), ("BE", "Avenue des Peupliers", "after"),
    ("BE", "Meidoornlaan", "after"),
    ("FR", "rue des Tanneurs", "before"), ("FR", "allée des Cerisiers", "before"), ("FR", "chemin du Moulin Vieux", "before"),
    ("FR", "impasse des Lilas", "before"), ("FR", "boulevard des Tilleuls", "before"), ("FR", "rue de la Source Claire", "before"),
    ("ES", "Calle del Olivar", "comma"), ("ES", "Avenida de los Almendros", "comma"), ("ES", "Calle de la Alfarería", "comma"),
    ("ES", "Paseo de las Acacias", "comma"), ("ES", "Travesía del Pozo", "comma"),
    ("MX", "Calle Jacarandas", "after"), ("MX", "Avenida de los Pinos", "after"), ("MX", "Privada Tulipanes", "after"),
    ("MX", "Calzada de las Huertas", "after"),
    ("AR", "Calle Los Aromos", "after"), ("AR", "Pasaje del Sauce", "after"), ("AR", "Avenida de los Lapachos", "after"),
    ("IT", "Via dei Mandorli", "comma"), ("IT", "Viale delle Magnolie", "after"), ("IT", "Via del Pozzo Antico", "comma"),
    ("IT", "Vicolo dei Tessitori", "after"), ("IT", "Strada delle Vigne", "after"),
    ("PT", "Rua das Acácias", "comma"), ("PT", "Travessa do Moinho", "comma"), ("PT", "Avenida das Laranjeiras", "comma"),
    ("PT", "Rua do Cais Novo", "comma"), ("PT", "Largo das Oliveiras", "comma"),
    ("BR", "Rua dos Ipês", "comma"), ("BR", "Avenida das Palmeiras Reais", "comma"), ("BR", "Rua Pedra Azul", "comma"),
    ("BR", "Alameda dos Sabiás", "comma"), ("BR", "Rua das Bromélias", "comma"),
    ("GB", "Willowmere Lane", "before"), ("GB", "Harebell Close", "before"), ("GB", "Tanners Row", "before"),
    ("GB", "Orchard Rise", "before"), ("GB", "Kingfisher Way", "before"), ("GB", "Millstream Road", "before"),
    ("US", "Cedar Hollow Drive", "before"), ("US", "Maple Terrace Ave", "before"), ("US", "Birchwood Court", "before"),
    ("US", "Quarry Ridge Road", "before"), ("US", "Sycamore Bend", "before"), ("US", "Old Mill Pike", "before"),
    ("IE", "Ashgrove Park", "before"), ("IE", "Seaview Terrace", "before"), ("IE", "Hazelwood Avenue", "before"),
    ("IE", "Rathmore Lane", "before"),
    ("AU", "Wattle Grove Crescent", "before"), ("AU", "Banksia Street", "before"), ("AU", "Ironbark Parade", "before"),
    ("AU", "Jacaranda Place", "before"),
    ("NZ", "Kowhai Street", "before"), ("NZ", "Pohutukawa Drive", "before"), ("NZ", "Totara Avenue", "before"),
    ("CA", "Spruce Hollow Road", "before"), ("CA", "Tamarack Crescent", "before"), ("CA", "rue des Érables", "qc"),
    ("CA", "rue du Boisé", "qc"),
    ("SE", "Lingonstigen", "after"), ("SE", "Björkhagsvägen", "after"), ("SE", "Sjöbodgatan", "after"),
    ("SE", "Granbacken", "after"), ("SE", "Kvarngränd", "after"),
    ("NO", "Bjørkeliveien", "after"), ("NO", "Granlia", "after"), ("NO", "Nordre Skogvei", "after"),
    ("NO", "Måkeveien", "after"), ("NO", "Bryggeveien", "after"),
    ("DK", "Hyldebærvej", "after"), ("DK", "Strandengen", "after"), ("DK", "Møllebakken", "after"),
    ("DK", "Bøgeskovvej", "after"),
    ("FI", "Koivukuja", "after"), ("FI", "Pihlajatie", "after"), ("FI", "Rantakatu", "after"),
    ("FI", "Kuusikallio", "after"), ("FI", "Myllypurontie", "after"),
    ("PL", "ul. Jaśminowa", "after"), ("PL", "ul. Krucza Polana", "after"), ("PL", "ul. Modrzewiowa", "after"),
    ("PL", "ul. Wrzosowa", "after"), ("PL", "Aleja Kasztanowa", "after"),
    ("CZ", "Za Mlýnem", "slash"), ("CZ", "Lipová", "slash"), ("CZ", "Na Výsluní", "slash"), ("CZ", "U Potoka", "slash"),
    ("CZ", "Třešňová", "slash"),
    ("SK", "Javorová", "slash"), ("SK", "Pod Hájom", "slash"), ("SK", "Slnečná stráň", "slash"),
    ("HU", "Gesztenyés utca", "after"), ("HU", "Diófa sor", "after"), ("HU", "Malomárok utca", "after"),
    ("HU", "Hársfa köz", "after"), ("HU", "Szőlőhegy út", "after"),
    ("RO", "Strada Teilor", "after"), ("RO", "Aleea Castanilor", "after"), ("RO", "Strada Morii Vechi", "after"),
    ("RO", "Bulevardul Pădurii", "after"),
    ("HR", "Ulica lipa", "after"), ("HR", "Borova ulica", "after"), ("HR", "Put Mlinica", "after"),
    ("HR", "Ulica kestena", "after"),
    ("GR", "Οδός Κυπαρισσίων", "after"), ("GR", "Λεωφόρος Πλατάνων", "after"), ("GR", "Οδός Αμυγδαλιών", "after"),
    ("GR", "Πάροδος Ελιάς", "after"),
    ("TR", "Çınarlı Sokak", "no"), ("TR", "Ihlamur Caddesi", "no"), ("TR", "Menekşe Sokağı", "no"),
    ("TR", "Kavaklı Yolu", "no"),
    ("RU", "ул. Рябиновая", "comma"), ("RU", "Сиреневый бульвар", "comma"), ("RU", "ул. Кленовая", "comma"),
    ("RU", "Липовый переулок", "comma"),
    ("UA", "вул. Каштанова", "comma"), ("UA", "вул. Вишнева", "comma"), ("UA", "Садовий провулок", "comma"),
    ("EE", "Kase tänav", "after"), ("EE", "Männiku tee", "after"), ("EE", "Pihlaka põik", "after"),
    ("LT", "Liepų g.", "after"), ("LT", "Beržų g.", "after"), ("LT", "Ąžuolų al.", "after"),
    ("KR", "벚꽃로", "after"), ("KR", "은행나무길", "after"), ("KR", "솔밭로", "after"), ("KR", "느티나무로", "after"),
    ("ID", "Jl. Melati", "jl"), ("ID", "Jl. Kenanga Raya", "jl"), ("ID", "Gg. Mangga", "jl"),
    ("ZA", "Protea Avenue", "before"), ("ZA", "Fynbos Lane", "before"), ("ZA", "Yellowwood Street", "before"),
    ("IN", "Gulmohar Marg", "before"), ("IN", "Banyan Enclave Road", "before"),
    ("CL", "Pasaje Los Canelos", "after"), ("CL", "Avenida Las Araucarias", "after"),
]

# (city, postcode pattern) per country; '#' digit, 'A' letter
CITIES = {
    "DE": [("Leipzig", "04###"), ("Münster", "48###"), ("Kassel", "34###"), ("Freiburg", "79###")],
    "AT": [("Graz", "8###"), ("Linz", "4###"), ("Innsbruck", "6###")],
    "CH": [("Winterthur", "8###"), ("Luzern", "6###"), ("Bern", "3###")],
    "NL": [("Utrecht", "35## AA"), ("Zwolle", "80## AA"), ("Haarlem", "20## AA")],
    "BE": [("Namur", "5###"), ("Gent", "9###"), ("Liège", "4###")],
    "FR": [("Lyon", "6900#"), ("Nantes", "440##"), ("Rennes", "350##"), ("Toulouse", "310##")],
    "ES": [("Zaragoza", "500##"), ("Valladolid", "470##"), ("Málaga", "290##")],
    "MX": [("Puebla", "72###"), ("Querétaro", "76###")],
    "AR": [("Rosario", "S2000"), ("Córdoba", "X5000")],
    "IT": [("Bologna", "401##"), ("Torino", "101##"), ("Verona", "371##")],
    "PT": [("Braga", "4700-###"), ("Coimbra", "3000-###"), ("Porto", "4000-###")],
    "BR": [("Curitiba", "80###-###"), ("Recife", "50###-###")],
    "GB": [("Bristol", "BS# #AA"), ("Leeds", "LS# #AA"), ("York", "YO# #AA")],
    "US": [("Boise, ID", "837##"), ("Tulsa, OK", "741##"), ("Madison, WI", "537##")],
    "IE": [("Galway", "H91 A#A#"), ("Cork", "T12 A#A#")],
    "AU": [("Geelong VIC", "32##"), ("Hobart TAS", "70##")],
    "NZ": [("Hamilton", "32##"), ("Nelson", "70##")],
    "CA": [("Halifax NS", "B3A #A#"), ("Sherbrooke QC", "J1H #A#")],
    "SE": [("Uppsala", "75# ##"), ("Umeå", "90# ##")],
    "NO": [("Bergen", "50##"), ("Tromsø", "90##")],
    "DK": [("Aarhus", "80##"), ("Odense", "50##")],
    "FI": [("Tampere", "331##"), ("Oulu", "901##")],
    "PL": [("Kraków", "30-###"), ("Poznań", "60-###")],
    "CZ": [("Brno", "6## ##"), ("Olomouc", "7## ##")],
    "SK": [("Košice", "04# ##"), ("Žilina", "01# ##")],
    "HU": [("Debrecen", "40##"), ("Szeged", "67##")],
    "RO": [("Cluj-Napoca", "400###"), ("Iași", "700###")],
    "HR": [("Split", "21###"), ("Rijeka", "51###")],
    "GR": [("Θεσσαλονίκη", "54# ##"), ("Πάτρα", "26# ##")],
    "TR": [("İzmir", "35###"), ("Bursa", "16###")],
    "RU": [("Казань", "420###"), ("Самара", "443###")],
    "UA": [("Львів", "79###"), ("Одеса", "65###")],
    "EE": [("Tartu", "50###"), ("Pärnu", "80###")],
    "LT": [("Kaunas", "LT-4####"), ("Klaipėda", "LT-9####")],
    "KR": [("대전", "34###"), ("광주", "61###")],
    "ID": [("Bandung", "40###"), ("Yogyakarta", "55###")],
    "ZA": [("Durban", "40##"), ("Stellenbosch", "76##")],
    "IN": [("Pune", "411 0##"), ("Jaipur", "302 0##")],
    "CL": [("Valparaíso", "23#####"), ("Temuco", "47#####")],
}

LANG_COUNTRIES = {
    "en": ["GB", "US", "IE", "AU", "NZ", "CA", "ZA", "IN"], "de": ["DE", "AT", "CH"], "fr": ["FR", "BE", "CA"],
    "es": ["ES", "MX", "AR", "CL"], "it": ["IT"], "pt": ["PT", "BR"], "nl": ["NL", "BE"], "sv": ["SE"], "nb": ["NO"],
    "da": ["DK"], "fi": ["FI"], "pl": ["PL"], "cs": ["CZ", "SK"], "hu": ["HU"], "ro": ["RO"], "hr": ["HR"],
    "el": ["GR"], "tr": ["TR"], "ru": ["RU"], "uk": ["UA"], "et": ["EE"], "lt": ["LT"], "ko": ["KR"], "id": ["ID"],
    "ca": ["ES"], "sw": ["ZA", "GB"], "tl": ["US", "AU"], "hi": ["IN"], "bn": ["IN", "GB"], "ta": ["IN"],
}


def postcode(pat):
    out = ""
    for c in pat:
        if c == "#":
            out += R.choice("0123456789")
        elif c == "A":
            out += R.choice("ABDEFHJKLNPRSTWXY")
        else:
            out += c
    return out


# invented domains
DOMAINS = ["kestrelpost.net", "larchwood.io", "fjordmail.no", "mailbrook.de", "tidewater-labs.com", "quillnest.org",
           "orbitgarden.co.uk", "cobaltferry.com", "hazelcrest.fr", "brightmoor.es", "lumenvale.it", "pinemarrow.pt",
           "sandpiper-ops.nl", "bluefinch.se", "saltmarsh.dk", "koivumail.fi", "wrzos-net.pl", "vltava-data.cz",
           "tiszaposta.hu", "carpathio.ro", "adriamreza.hr", "aegeanbox.gr", "lalepost.com.tr", "severmail.ru",
           "dniprolink.com.ua", "sakuranet.jp", "hanriver.kr", "lotusbay.vn", "merapi-net.id", "savannahcloud.co.ke",
           "copperloom.com.au", "kiwiharbor.co.nz", "mapleridge.ca", "ganges-mail.in", "amberlane.lt", "tallinnhub.ee",
           "nilepoint.eg", "cedarpeak.io", "wavecrest.dev", "stonebridge.app", "quartzfield.net", "emberlight.cloud"]

COMPANIES = ["Brightwater Logistics GmbH", "Kestrel & Vane LLP", "Nordlicht Analytik AG", "Tidewell Foods Ltd",
             "Quillmark Studios", "Orchardline Bio SA", "Cobaltera Systems", "Fernhollow Capital",
             "Lumenbridge SpA", "Hollowpine Outdoor Oy", "Saffronreach Trading", "Ironleaf Robotics BV",
             "Marigold Transit AB", "Vesperline Media", "Copperfield Dairy Co-op", "Silverkite Aviation"]


# ---------------------------------------------------------------- language frames (written for this corpus)
# g: generic frames with {k} noun and {v} value; p: person frames; a: address frames ({loc} = postcode + city)
# n: nouns; c: short comment used in config-like snippets
LANG = {
 "en": dict(
  g=["Can you update the {k} on file to {v} before Friday?", "{v} is the {k} I gave the front desk.",
     "For the record, my {k}: {v}", "Quick correction, the {k} should read {v} and not the old one.",
     "Paste this into the {k} field: {v}"],
  p=["{v} will take over the account from Monday.", "Please loop in {v} from procurement.",
     "The signed copy came back from {v} this morning."],
  a=["Ship the replacement to {v}, {loc}.", "Our new office is at {v}, {loc}, second floor."],
  n=dict(email="email address", phone="phone number", card="card number", iban="IBAN", ip="IP address",
         key="API key", token="access token", ref="reference", ssn="social security number (SSN)"),
  c="temporary, rotate after the demo"),
 "de": dict(
  g=["Kannst du die {k} bis Freitag auf {v} ändern?", "{v} ist die {k}, die ich am Empfang angegeben habe.",
     "Zur Sicherheit noch einmal meine {k}: {v}", "Bitte trag {v} als neue {k} ein, die alte gilt nicht mehr."],
  p=["{v} übernimmt ab Montag die Betreuung.", "Bitte setz {v} aus dem Einkauf in Kopie.",
     "Die unterschriebene Fassung kam heute früh von {v} zurück."],
  a=["Die Ersatzlieferung bitte an {v}, {loc}.", "Neue Anschrift ab dem Ersten: {v}, {loc}"],
  n=dict(email="E-Mail-Adresse", phone="Telefonnummer", card="Kartennummer", iban="IBAN", ip="IP-Adresse",
         key="API-Kennung", token="Zugriffskennung", ref="Vorgangsnummer", ssn="US-Sozialversicherungsnummer (SSN)"),
  c="nur vorübergehend, nach der Demo austauschen"),
 "fr": dict(
  g=["Pouvez-vous remplacer l'ancienne valeur par {v} avant vendredi ({k}) ?", "{v} : c'est bien la {k} à jour.",
     "Pour mémoire, {k} : {v}", "Je vous confirme la {k} suivante, sans faute cette fois : {v}."],
  p=["{v} reprend le dossier à partir de lundi.", "Merci de mettre {v} en copie, côté achats.",
     "L'exemplaire signé est revenu ce matin de chez {v}."],
  a=["Merci d'expédier le colis au {v}, {loc}.", "Nouvelle adresse : {v}, {loc}"],
  n=dict(email="adresse e-mail", phone="ligne directe", card="carte bancaire", iban="IBAN", ip="adresse IP",
         key="clé d'API", token="clé d'accès", ref="référence", ssn="SSN américaine"),
  c="provisoire, à changer après la démo"),
 "es": dict(
  g=["¿Puedes cambiar el dato antes del viernes? {k}: {v}", "{v} es lo que di en recepción como {k}.",
     "Para que conste, {k}: {v}", "Corrijo: la {k} correcta es {v}, no la anterior."],
  p=["{v} se encarga de la cuenta desde el lunes.", "Pon en copia a {v}, de compras, por favor.",
     "La copia firmada llegó esta mañana de parte de {v}."],
  a=["Envía la pieza de repuesto a {v}, {loc}.", "Nos mudamos a {v} ({loc}) en primavera."],
  n=dict(email="dirección de correo", phone="línea de contacto", card="tarjeta", iban="IBAN", ip="dirección IP",
         key="clave de API", token="clave de acceso", ref="referencia", ssn="SSN estadounidense"),
  c="temporal, cambiar después de la demo"),
 "it": dict(
  g=["Puoi aggiornare la {k} con {v} entro venerdì?", "{v} è la {k} che ho lasciato alla reception.",
     "Per sicurezza ti riscrivo la {k}: {v}", "Correggo: la {k} giusta è {v}."],
  p=["Da lunedì la pratica passa a {v}.", "Metti in copia {v} dell'ufficio acquisti, per favore.",
     "La copia firmata è tornata stamattina da {v}."],
  a=["Spedite il ricambio in {v}, {loc}.", "Il nuovo ufficio è in {v}, {loc}, al secondo piano."],
  n=dict(email="casella di posta", phone="linea diretta", card="carta", iban="IBAN", ip="indirizzo IP",
         key="chiave API", token="chiave di accesso", ref="pratica", ssn="SSN americana"),
  c="provvisoria, da ruotare dopo la demo"),
 "pt": dict(
  g=["Consegue trocar a {k} para {v} até sexta?", "{v} foi a {k} que deixei na receção.",
     "Para constar, {k}: {v}", "Só uma correção: a {k} certa é {v}."],
  p=["A partir de segunda quem acompanha a conta é {v}.", "Coloca {v}, das compras, em cópia.",
     "A via assinada voltou hoje de manhã das mãos de {v}."],
  a=["Enviem a peça de substituição para {v}, {loc}.", "Mudámo-nos para {v}, {loc}, na primavera."],
  n=dict(email="caixa de correio", phone="linha de contacto", card="carta de crédito", iban="IBAN", ip="morada IP",
         key="chave de API", token="chave de acesso", ref="referência", ssn="SSN americana"),
  c="temporária, trocar depois da demonstração"),
 "nl": dict(
  g=["Kun je het {k} vóór vrijdag wijzigen in {v}?", "{v} is het {k} dat ik bij de balie heb opgegeven.",
     "Voor de zekerheid nog een keer mijn {k}: {v}", "Kleine correctie, het juiste {k} is {v}."],
  p=["{v} neemt het dossier vanaf maandag over.", "Zet {v} van inkoop even in de cc.",
     "Het getekende exemplaar kwam vanochtend terug van {v}."],
  a=["Stuur het vervangende onderdeel naar {v}, {loc}.", "Ons nieuwe adres is {v}, {loc}."],
  n=dict(email="mailadres", phone="telefoonnummer", card="kaartnummer", iban="IBAN-nummer", ip="IP-adres",
         key="API-sleutelnummer", token="toegangstoken", ref="dossiernummer", ssn="Amerikaanse SSN-nummer"),
  c="tijdelijk, na de demo vervangen"),
 "sv": dict(
  g=["Kan du ändra {k} till {v} före fredag?", "{v} är den {k} jag lämnade i receptionen.",
     "För säkerhets skull, {k}: {v}", "Rättelse: rätt {k} är {v}."],
  p=["{v} tar över kontot från måndag.", "Lägg till {v} på inköp som kopia.",
     "Det signerade exemplaret kom tillbaka från {v} i morse."],
  a=["Skicka ersättningsdelen till {v}, {loc}.", "Vi flyttade till {v}, {loc}, i våras."],
  n=dict(email="e-postadress", phone="telefonnummer", card="kortnummer", iban="IBAN", ip="IP-adress",
         key="API-nyckel", token="åtkomsttoken", ref="ärendenummer", ssn="amerikanska SSN"),
  c="tillfällig, byts efter demon"),
 "nb": dict(
  g=["Kan du endre {k} til {v} før fredag?", "{v} er den {k} jeg oppga i resepsjonen.",
     "For ordens skyld, {k}: {v}", "Liten rettelse: riktig {k} er {v}."],
  p=["{v} overtar kontoen fra mandag.", "Sett {v} fra innkjøp på kopi.",
     "Det signerte eksemplaret kom tilbake fra {v} i morges."],
  a=["Send erstatningsdelen til {v}, {loc}.", "Vi flyttet til {v}, {loc}, i vår."],
  n=dict(email="e-postadresse", phone="telefonnummer", card="kortnummer", iban="IBAN", ip="IP-adresse",
         key="API-nøkkel", token="tilgangstoken", ref="saksnummer", ssn="amerikansk SSN"),
  c="midlertidig, byttes etter demoen"),
 "da": dict(
  g=["Kan du ændre {k} til {v} inden fredag?", "{v} er det {k}, jeg gav i receptionen.",
     "For en sikkerheds skyld, {k}: {v}", "Lille rettelse: det rigtige {k} er {v}."],
  p=["{v} overtager kontoen fra mandag.", "Sæt lige {v} fra indkøb cc.",
     "Det underskrevne eksemplar kom retur fra {v} i morges."],
  a=["Send reservedelen til {v}, {loc}.", "Vi er flyttet til {v}, {loc}."],
  n=dict(email="mailadresse", phone="telefonnummer", card="kortnummer", iban="IBAN", ip="IP-nummer",
         key="API-nøgle", token="adgangstoken", ref="sagsnummer", ssn="amerikanske SSN"),
  c="midlertidig, skiftes efter demoen"),
 "fi": dict(
  g=["Voitko vaihtaa tiedon ennen perjantaita? {k}: {v}", "{v} on se {k}, jonka annoin vastaanotossa.",
     "Varmuuden vuoksi vielä, {k}: {v}", "Korjaus: oikea {k} on {v}."],
  p=["{v} ottaa asiakkuuden hoitaakseen maanantaista alkaen.", "Laita {v} hankinnoista kopioksi.",
     "Allekirjoitettu kappale palasi aamulla, lähettäjänä {v}."],
  a=["Lähettäkää varaosa osoitteeseen {v}, {loc}.", "Uusi osoitteemme on {v}, {loc}."],
  n=dict(email="sähköpostiosoite", phone="puhelinnumero", card="kortin numero", iban="IBAN", ip="IP-osoite",
         key="API-avain", token="käyttötunniste", ref="viite", ssn="yhdysvaltalainen SSN"),
  c="väliaikainen, vaihdetaan demon jälkeen"),
 "pl": dict(
  g=["Czy możesz do piątku zmienić dane? {k}: {v}", "{v} – to podałem w recepcji jako {k}.",
     "Dla porządku, {k}: {v}", "Poprawka: prawidłowy {k} to {v}."],
  p=["Od poniedziałku konto przejmuje {v}.", "Dodaj proszę do wiadomości {v} z działu zakupów.",
     "Podpisany egzemplarz wrócił dziś rano od {v}."],
  a=["Proszę wysłać część zamienną na adres {v}, {loc}.", "Nowy adres biura: {v}, {loc}"],
  n=dict(email="adres e-mail", phone="numer telefonu", card="numer karty", iban="numer IBAN", ip="adres IP",
         key="klucz API", token="token dostępu", ref="numer sprawy", ssn="amerykański numer SSN"),
  c="tymczasowy, wymienić po demo"),
 "cs": dict(
  g=["Můžeš to do pátku přepsat? {k}: {v}", "{v} – to jsem uvedl na recepci jako {k}.",
     "Pro jistotu ještě jednou, {k}: {v}", "Oprava: správně je {k} {v}."],
  p=["Od pondělí si účet přebírá {v}.", "Dej prosím do kopie {v} z nákupu.",
     "Podepsaný výtisk se dnes ráno vrátil od {v}."],
  a=["Náhradní díl pošlete na {v}, {loc}.", "Nová adresa kanceláře: {v}, {loc}"],
  n=dict(email="e-mail", phone="telefon", card="číslo karty", iban="IBAN", ip="IP adresa",
         key="API klíč", token="přístupový token", ref="číslo případu", ssn="americké SSN"),
  c="dočasné, po ukázce vyměnit"),
 "hu": dict(
  g=["Péntekig át tudod írni? {k}: {v}", "{v} – ezt adtam meg a recepción mint {k}.",
     "A biztonság kedvéért, {k}: {v}", "Javítás: a helyes {k} {v}."],
  p=["Hétfőtől {v} viszi tovább az ügyfelet.", "Tedd másolatba {v} kollégát a beszerzésről.",
     "Az aláírt példány ma reggel jött vissza {v} részéről."],
  a=["A cserealkatrészt erre a címre küldjék: {v}, {loc}.", "Új irodánk címe: {v}, {loc}"],
  n=dict(email="e-mail-cím", phone="telefonszám", card="kártyaszám", iban="IBAN", ip="IP-cím",
         key="API-kulcs", token="hozzáférési token", ref="ügyszám", ssn="amerikai SSN"),
  c="ideiglenes, a bemutató után cserélni"),
 "ro": dict(
  g=["Poți schimba datele până vineri? {k}: {v}", "{v} este ce am lăsat la recepție ca {k}.",
     "Ca să fie clar, {k}: {v}", "Corectură: {k} corect este {v}."],
  p=["De luni contul este preluat de {v}.", "Pune-o în copie și pe {v}, de la achiziții.",
     "Exemplarul semnat a venit azi-dimineață de la {v}."],
  a=["Trimiteți piesa de schimb la {v}, {loc}.", "Noua adresă a biroului: {v}, {loc}"],
  n=dict(email="adresa de e-mail", phone="numărul de telefon", card="numărul cardului", iban="IBAN", ip="adresa IP",
         key="cheia API", token="tokenul de acces", ref="numărul dosarului", ssn="SSN-ul american"),
  c="temporar, se schimbă după demo"),
 "hr": dict(
  g=["Možeš li do petka promijeniti podatak? {k}: {v}", "{v} – to sam ostavio na recepciji kao {k}.",
     "Za svaki slučaj, {k}: {v}", "Ispravak: točan {k} je {v}."],
  p=["Od ponedjeljka račun preuzima {v}.", "Stavi u kopiju i {v} iz nabave.",
     "Potpisani primjerak jutros je vratio {v}."],
  a=["Zamjenski dio pošaljite na {v}, {loc}.", "Nova adresa ureda: {v}, {loc}"],
  n=dict(email="adresa e-pošte", phone="broj telefona", card="broj kartice", iban="IBAN", ip="IP adresa",
         key="API ključ", token="pristupni token", ref="broj predmeta", ssn="američki SSN"),
  c="privremeno, zamijeniti nakon demonstracije"),
 "el": dict(
  g=["Μπορείς να το αλλάξεις μέχρι την Παρασκευή; {k}: {v}", "{v} — αυτό έδωσα στη ρεσεψιόν ως {k}.",
     "Για να είμαστε σίγουροι, {k}: {v}", "Διόρθωση: το σωστό {k} είναι {v}."],
  p=["Από Δευτέρα τον λογαριασμό αναλαμβάνει {v}.", "Βάλε σε κοινοποίηση και {v} από τις προμήθειες.",
     "Το υπογεγραμμένο αντίγραφο επέστρεψε σήμερα το πρωί από {v}."],
  a=["Στείλτε το ανταλλακτικό στη διεύθυνση {v}, {loc}.", "Νέα διεύθυνση γραφείου: {v}, {loc}"],
  n=dict(email="email", phone="τηλέφωνο", card="αριθμός κάρτας", iban="IBAN", ip="IP",
         key="κλειδί API", token="διακριτικό πρόσβασης", ref="αριθμός υπόθεσης", ssn="αμερικανικό SSN"),
  c="προσωρινό, αλλάζει μετά την παρουσίαση"),
 "tr": dict(
  g=["Cumaya kadar bunu güncelleyebilir misin? {k}: {v}", "{v} — resepsiyona {k} olarak bunu verdim.",
     "Kayıt için tekrar, {k}: {v}", "Düzeltme: doğru {k} {v} olacak."],
  p=["Pazartesiden itibaren hesabı {v} devralıyor.", "Satın almadan {v} de bilgide olsun lütfen.",
     "İmzalı nüsha bu sabah {v} tarafından geri gönderildi."],
  a=["Yedek parçayı şu adrese gönderin: {v}, {loc}.", "Yeni ofis adresimiz: {v}, {loc}"],
  n=dict(email="e-posta adresi", phone="telefon numarası", card="kart numarası", iban="IBAN", ip="IP adresi",
         key="API anahtarı", token="erişim belirteci", ref="dosya numarası", ssn="ABD SSN numarası"),
  c="geçici, demodan sonra değiştirilecek"),
 "ru": dict(
  g=["Можешь до пятницы поменять данные? {k}: {v}", "{v} — это я указал на ресепшене как {k}.",
     "На всякий случай ещё раз, {k}: {v}", "Поправка: правильный {k} — {v}."],
  p=["С понедельника счёт ведёт {v}.", "Поставь, пожалуйста, в копию {v} из отдела закупок.",
     "Подписанный экземпляр сегодня утром вернул(а) {v}."],
  a=["Запчасть отправьте по адресу: {v}, {loc}.", "Новый адрес офиса: {v}, {loc}"],
  n=dict(email="адрес почты", phone="номер телефона", card="номер карты", iban="IBAN", ip="IP-адрес",
         key="API-ключ", token="токен доступа", ref="номер заявки", ssn="американский SSN"),
  c="временно, заменить после демо"),
 "uk": dict(
  g=["Можеш до п'ятниці змінити дані? {k}: {v}", "{v} — це я залишив на рецепції як {k}.",
     "Про всяк випадок ще раз, {k}: {v}", "Виправлення: правильний {k} — {v}."],
  p=["З понеділка рахунок веде {v}.", "Додай, будь ласка, в копію {v} з відділу закупівель.",
     "Підписаний примірник сьогодні вранці повернув(ла) {v}."],
  a=["Запчастину надішліть за адресою: {v}, {loc}.", "Нова адреса офісу: {v}, {loc}"],
  n=dict(email="адреса пошти", phone="номер телефону", card="номер картки", iban="IBAN", ip="IP-адреса",
         key="API-ключ", token="токен доступу", ref="номер заявки", ssn="американський SSN"),
  c="тимчасово, замінити після демо"),
 "bg": dict(
  g=["Можеш ли да смениш данните до петък? {k}: {v}", "{v} — това оставих на рецепцията като {k}.",
     "За всеки случай още веднъж, {k}: {v}", "Поправка: правилният {k} е {v}."],
  p=["От понеделник сметката се поема от {v}.", "Сложи в копие и {v} от снабдяването.",
     "Подписаното копие се върна тази сутрин от {v}."],
  a=["Изпратете резервната част на {v}, {loc}.", "Новият адрес на офиса: {v}, {loc}"],
  n=dict(email="имейл", phone="телефонен номер", card="номер на карта", iban="IBAN", ip="IP адрес",
         key="API ключ", token="токен за достъп", ref="номер на преписка", ssn="американски SSN"),
  c="временно, да се смени след демото"),
 "ar": dict(
  g=["هل يمكنك تحديث البيانات قبل الجمعة؟ {k}: {v}", "{v} — هذا ما تركته في الاستقبال بصفته {k}.",
     "للتأكيد مرة أخرى، {k}: {v}", "تصحيح: {k} الصحيح هو {v}"],
  p=["اعتبارًا من الاثنين يتولى {v} متابعة الحساب.", "أضف {v} من قسم المشتريات إلى النسخة.",
     "عادت النسخة الموقعة صباح اليوم من {v}."],
  a=["أرسلوا القطعة البديلة إلى {v}، {loc}.", "عنوان المكتب الجديد: {v}، {loc}"],
  n=dict(email="البريد الإلكتروني", phone="رقم الهاتف", card="رقم البطاقة", iban="IBAN", ip="عنوان IP",
         key="مفتاح API", token="رمز الوصول", ref="رقم الملف", ssn="رقم SSN الأمريكي"),
  c="مؤقت، يُستبدل بعد العرض"),
 "he": dict(
  g=["אפשר לעדכן עד יום שישי? {k}: {v}", "{v} — את זה השארתי בקבלה בתור {k}.",
     "ליתר ביטחון שוב, {k}: {v}", "תיקון: ה{k} הנכון הוא {v}"],
  p=["מיום שני {v} מטפל/ת בחשבון.", "תוסיף בבקשה את {v} מהרכש להעתק.",
     "העותק החתום חזר הבוקר מ{v}."],
  a=["שלחו את החלק החלופי אל {v}, {loc}.", "הכתובת החדשה של המשרד: {v}, {loc}"],
  n=dict(email="דוא״ל", phone="מספר טלפון", card="מספר כרטיס", iban="IBAN", ip="כתובת IP",
         key="מפתח API", token="אסימון גישה", ref="מספר תיק", ssn="SSN אמריקאי"),
  c="זמני, להחליף אחרי ההדגמה"),
 "fa": dict(
  g=["می‌توانی تا جمعه اطلاعات را عوض کنی؟ {k}: {v}", "{v} — این را در پذیرش به‌عنوان {k} دادم.",
     "برای اطمینان دوباره، {k}: {v}", "اصلاح: {k} درست {v} است."],
  p=["از دوشنبه {v} مسئول حساب است.", "لطفاً {v} از بخش خرید را هم در رونوشت بگذار.",
     "نسخهٔ امضاشده امروز صبح از طرف {v} برگشت."],
  a=["قطعهٔ جایگزین را به {v}، {loc} بفرستید.", "نشانی تازهٔ دفتر: {v}، {loc}"],
  n=dict(email="رایانامه", phone="شماره تلفن", card="شماره کارت", iban="IBAN", ip="نشانی IP",
         key="کلید API", token="توکن دسترسی", ref="شماره پرونده", ssn="SSN آمریکایی"),
  c="موقت، بعد از نمایش عوض شود"),
 "hi": dict(
  g=["क्या आप शुक्रवार से पहले यह बदल सकते हैं? {k}: {v}", "{v} — यही मैंने रिसेप्शन पर {k} के रूप में दिया था।",
     "पक्का करने के लिए फिर से, {k}: {v}", "सुधार: सही {k} {v} है।"],
  p=["सोमवार से खाता {v} संभालेंगे।", "कृपया खरीद विभाग से {v} को भी कॉपी में रखें।",
     "हस्ताक्षरित प्रति आज सुबह {v} की ओर से लौट आई।"],
  a=["बदला हुआ पुर्ज़ा इस पते पर भेजें: {v}, {loc}", "हमारा नया दफ़्तर: {v}, {loc}"],
  n=dict(email="ईमेल पता", phone="फ़ोन नंबर", card="कार्ड नंबर", iban="IBAN", ip="IP पता",
         key="API कुंजी", token="एक्सेस टोकन", ref="संदर्भ संख्या", ssn="अमेरिकी SSN"),
  c="अस्थायी, डेमो के बाद बदलें"),
 "bn": dict(
  g=["শুক্রবারের আগে তথ্যটা বদলে দিতে পারবেন? {k}: {v}", "{v} — রিসেপশনে {k} হিসেবে এটাই দিয়েছিলাম।",
     "নিশ্চিত হওয়ার জন্য আবার, {k}: {v}", "সংশোধন: সঠিক {k} হলো {v}।"],
  p=["সোমবার থেকে অ্যাকাউন্টটি দেখবেন {v}।", "ক্রয় বিভাগের {v}-কেও কপিতে রাখুন।",
     "স্বাক্ষর করা কপি আজ সকালে {v} ফেরত পাঠিয়েছেন।"],
  a=["বদলি যন্ত্রাংশটি পাঠান: {v}, {loc}", "আমাদের নতুন অফিস: {v}, {loc}"],
  n=dict(email="ইমেইল ঠিকানা", phone="ফোন নম্বর", card="কার্ড নম্বর", iban="IBAN", ip="IP ঠিকানা",
         key="API কী", token="অ্যাক্সেস টোকেন", ref="রেফারেন্স নম্বর", ssn="মার্কিন SSN"),
  c="অস্থায়ী, ডেমোর পরে বদলাতে হবে"),
 "ta": dict(
  g=["வெள்ளிக்கு முன் இதை மாற்ற முடியுமா? {k}: {v}", "{v} — வரவேற்பில் {k} ஆக இதையே கொடுத்தேன்.",
     "உறுதிக்காக மீண்டும், {k}: {v}", "திருத்தம்: சரியான {k} {v}."],
  p=["திங்கள் முதல் கணக்கை {v} கவனிப்பார்.", "கொள்முதல் பிரிவைச் சேர்ந்த {v} அவர்களையும் நகலில் சேர்க்கவும்.",
     "கையொப்பமிட்ட பிரதி இன்று காலை {v} அவர்களிடமிருந்து திரும்பியது."],
  a=["மாற்றுப் பாகத்தை இந்த முகவரிக்கு அனுப்பவும்: {v}, {loc}", "எங்கள் புதிய அலுவலகம்: {v}, {loc}"],
  n=dict(email="மின்னஞ்சல் முகவரி", phone="தொலைபேசி எண்", card="அட்டை எண்", iban="IBAN", ip="IP முகவரி",
         key="API சாவி", token="அணுகல் டோக்கன்", ref="குறிப்பு எண்", ssn="அமெரிக்க SSN"),
  c="தற்காலிகம், டெமோவுக்குப் பிறகு மாற்றவும்"),
 "th": dict(
  g=["ช่วยแก้ข้อมูลก่อนวันศุกร์ได้ไหม {k}: {v}", "{v} คือ{k}ที่ฉันให้ไว้ที่แผนกต้อนรับ",
     "ย้ำอีกครั้งเพื่อความชัวร์ {k}: {v}", "ขอแก้ไข {k}ที่ถูกต้องคือ {v}"],
  p=["ตั้งแต่วันจันทร์ {v} จะดูแลบัญชีนี้", "ช่วยใส่ {v} จากฝ่ายจัดซื้อไว้ในสำเนาด้วย",
     "ฉบับที่ลงนามแล้วส่งกลับมาจาก {v} เมื่อเช้านี้"],
  a=["กรุณาส่งอะไหล่ไปที่ {v}, {loc}", "สำนักงานใหม่ของเรา: {v}, {loc}"],
  n=dict(email="อีเมล", phone="เบอร์โทร", card="เลขบัตร", iban="IBAN", ip="ที่อยู่ IP",
         key="คีย์ API", token="โทเค็นการเข้าถึง", ref="เลขอ้างอิง", ssn="SSN ของสหรัฐฯ"),
  c="ชั่วคราว เปลี่ยนหลังเดโม"),
 "vi": dict(
  g=["Bạn sửa giúp trước thứ Sáu nhé? {k}: {v}", "{v} là {k} tôi đã để lại ở quầy lễ tân.",
     "Cho chắc, {k}: {v}", "Đính chính: {k} đúng là {v}."],
  p=["Từ thứ Hai {v} sẽ phụ trách tài khoản.", "Nhờ bạn cc thêm {v} bên mua hàng.",
     "Bản đã ký được {v} gửi lại sáng nay."],
  a=["Gửi linh kiện thay thế tới {v}, {loc}.", "Văn phòng mới của chúng tôi: {v}, {loc}"],
  n=dict(email="địa chỉ email", phone="số điện thoại", card="số thẻ", iban="IBAN", ip="địa chỉ IP",
         key="khóa API", token="mã truy cập", ref="mã hồ sơ", ssn="SSN của Mỹ"),
  c="tạm thời, đổi sau buổi demo"),
 "id": dict(
  g=["Bisa diganti sebelum Jumat? {k}: {v}", "{v} adalah {k} yang saya berikan di resepsionis.",
     "Supaya pasti, {k}: {v}", "Koreksi: {k} yang benar {v}."],
  p=["Mulai Senin akun ini dipegang {v}.", "Tolong tambahkan {v} dari bagian pengadaan di cc.",
     "Salinan bertanda tangan dikirim balik oleh {v} pagi ini."],
  a=["Kirim suku cadang pengganti ke {v}, {loc}.", "Kantor baru kami: {v}, {loc}"],
  n=dict(email="alamat email", phone="nomor telepon", card="nomor kartu", iban="IBAN", ip="alamat IP",
         key="kunci API", token="token akses", ref="nomor berkas", ssn="SSN Amerika"),
  c="sementara, ganti setelah demo"),
 "ja": dict(
  g=["金曜までに{k}を更新してもらえますか。新しいのは{v}です。", "{v}が受付で伝えた{k}です。",
     "念のため、{k}：{v}", "訂正です。正しい{k}は「{v}」です。"],
  p=["月曜から{v}さんが担当を引き継ぎます。", "購買部の{v}様もCCに入れてください。",
     "署名済みの書類が今朝{v}さんから戻ってきました。"],
  a=["交換部品は {v}, {loc} へ送ってください。", "新しい事務所：{v}, {loc}"],
  n=dict(email="メールアドレス", phone="電話番号", card="カード番号", iban="IBAN", ip="IPアドレス",
         key="APIキー", token="アクセストークン", ref="受付番号", ssn="米国のSSN"),
  c="一時的なもの、デモ後に差し替え"),
 "zh": dict(
  g=["周五前能把{k}改成{v}吗？", "{v}就是我在前台登记的{k}。", "再确认一下，{k}：{v}",
     "更正：正确的{k}是“{v}”。"],
  p=["从周一起由{v}负责这个账户。", "请把采购部的{v}加到抄送里。", "签好的合同今早由{v}寄回来了。"],
  a=["请把替换零件寄到 {v}, {loc}。", "新办公室地址：{v}, {loc}"],
  n=dict(email="邮箱", phone="电话", card="卡号", iban="IBAN", ip="IP地址",
         key="API密钥", token="访问令牌", ref="工单号", ssn="美国SSN"),
  c="临时使用，演示后更换"),
 "ko": dict(
  g=["금요일 전까지 {k} 수정해 주실 수 있나요? {v}", "{v} — 안내 데스크에 {k}(으)로 적어 둔 값입니다.",
     "확인차 다시, {k}: {v}", "정정합니다. 올바른 {k}는 {v}입니다."],
  p=["월요일부터 {v} 님이 계정을 맡습니다.", "구매팀 {v} 님도 참조에 넣어 주세요.",
     "서명본이 오늘 아침 {v} 님에게서 돌아왔습니다."],
  a=["교체 부품은 {v}, {loc}(으)로 보내 주세요.", "새 사무실 주소: {v}, {loc}"],
  n=dict(email="이메일 주소", phone="전화번호", card="카드 번호", iban="IBAN", ip="IP 주소",
         key="API 키", token="액세스 토큰", ref="접수 번호", ssn="미국 SSN"),
  c="임시용, 데모 후 교체"),
 "sw": dict(
  g=["Unaweza kubadilisha kabla ya Ijumaa? {k}: {v}", "{v} ndiyo {k} niliyoacha mapokezi.",
     "Kwa uhakika tena, {k}: {v}", "Marekebisho: {k} sahihi ni {v}."],
  p=["Kuanzia Jumatatu akaunti itashughulikiwa na {v}.", "Tafadhali mweke {v} wa manunuzi kwenye nakala.",
     "Nakala iliyosainiwa ilirudishwa asubuhi hii na {v}."],
  a=["Tumeni kipuri kipya kwa {v}, {loc}.", "Ofisi yetu mpya: {v}, {loc}"],
  n=dict(email="anwani ya barua pepe", phone="namba ya simu", card="namba ya kadi", iban="IBAN", ip="anwani ya IP",
         key="ufunguo wa API", token="tokeni ya ufikiaji", ref="namba ya faili", ssn="SSN ya Marekani"),
  c="ya muda, ibadilishwe baada ya onyesho"),
 "tl": dict(
  g=["Pwede mo bang palitan bago mag-Biyernes? {k}: {v}", "{v} ang {k} na iniwan ko sa front desk.",
     "Para sigurado ulit, {k}: {v}", "Pagtatama: ang tamang {k} ay {v}."],
  p=["Simula Lunes, si {v} na ang hahawak ng account.", "Pakisama si {v} ng purchasing sa cc.",
     "Ibinalik ni {v} ang pirmadong kopya kaninang umaga."],
  a=["Ipadala ang kapalit na piyesa sa {v}, {loc}.", "Bagong opisina namin: {v}, {loc}"],
  n=dict(email="email address", phone="numero ng telepono", card="numero ng card", iban="IBAN", ip="IP address",
         key="API key", token="access token", ref="reference number", ssn="US SSN"),
  c="pansamantala, palitan pagkatapos ng demo"),
 "ca": dict(
  g=["Pots canviar la dada abans de divendres? {k}: {v}", "{v} és el que vaig deixar a recepció com a {k}.",
     "Perquè consti, {k}: {v}", "Correcció: la {k} bona és {v}."],
  p=["A partir de dilluns porta el compte {v}.", "Posa en còpia {v}, de compres, si us plau.",
     "La còpia signada ha tornat aquest matí de part de {v}."],
  a=["Envieu la peça de recanvi a {v}, {loc}.", "La nova oficina és a {v}, {loc}."],
  n=dict(email="adreça electrònica", phone="línia de contacte", card="targeta", iban="IBAN", ip="adreça IP",
         key="clau d'API", token="clau d'accés", ref="referència", ssn="SSN nord-americana"),
  c="provisional, canviar després de la demo"),
 "et": dict(
  g=["Kas saad enne reedet andmed ära muuta? {k}: {v}", "{v} – selle andsin vastuvõtus kui {k}.",
     "Kindluse mõttes veel kord, {k}: {v}", "Parandus: õige {k} on {v}."],
  p=["Esmaspäevast võtab konto üle {v}.", "Pane palun koopiasse ka {v} hankeosakonnast.",
     "Allkirjastatud eksemplar tuli täna hommikul tagasi, saatjaks {v}."],
  a=["Saatke varuosa aadressile {v}, {loc}.", "Meie uus kontor: {v}, {loc}"],
  n=dict(email="e-posti aadress", phone="telefoninumber", card="kaardi number", iban="IBAN", ip="IP-aadress",
         key="API-võti", token="ligipääsutõend", ref="viitenumber", ssn="USA SSN"),
  c="ajutine, vahetada pärast demo"),
 "lt": dict(
  g=["Ar gali iki penktadienio pakeisti duomenis? {k}: {v}", "{v} – tai palikau registratūroje kaip {k}.",
     "Dėl viso pikto dar kartą, {k}: {v}", "Pataisymas: teisingas {k} yra {v}."],
  p=["Nuo pirmadienio paskyrą perima {v}.", "Įtrauk į kopiją ir {v} iš pirkimų skyriaus.",
     "Pasirašytas egzempliorius šį rytą grįžo, siuntėjas {v}."],
  a=["Atsarginę dalį siųskite adresu {v}, {loc}.", "Naujas biuro adresas: {v}, {loc}"],
  n=dict(email="el. pašto adresas", phone="telefono numeris", card="kortelės numeris", iban="IBAN", ip="IP adresas",
         key="API raktas", token="prieigos raktas", ref="bylos numeris", ssn="JAV SSN"),
  c="laikinas, pakeisti po demonstracijos"),
}
LANGS = sorted(LANG)


# ---------------------------------------------------------------- value generators
def luhn_ok(d):
    s = 0
    for i, c in enumerate(reversed(d)):
        x = int(c)
        if i % 2 == 1:
            x *= 2
            if x > 9:
                x -= 9
        s += x
    return s % 10 == 0


def luhn_complete(prefix, length):
    body = prefix + rdig(length - len(prefix) - 1)
    for c in "0123456789":
        if luhn_ok(body + c):
            return body + c


CARD_BRANDS = [
    ("visa", lambda: "4" + rdig(1), [16, 16, 16, 13, 19]),
    ("mastercard", lambda: str(R.randint(51, 55)), [16]),
    ("mastercard2", lambda: str(R.randint(2221, 2720)), [16]),
    ("amex", lambda: ch(["34", "37"]), [15]),
    ("diners", lambda: ch(["36", "300", "301", "305", "38"]), [14]),
    ("discover", lambda: ch(["6011", "644", "645", "649", "65"]), [16]),
    ("jcb", lambda: str(R.randint(3528, 3589)), [16]),
    ("unionpay", lambda: "62" + ch(["2", "4", "5", "8"]), [16, 19]),
    ("maestro", lambda: ch(["6759", "5018", "5020", "5038", "6304"]), [16, 19]),
]


def card_iin_ok(d):
    n = len(d)
    if d[0] == "4":
        return n in (13, 16, 19)
    if 51 <= int(d[:2]) <= 55 or 2221 <= int(d[:4]) <= 2720:
        return n == 16
    if d[:2] in ("34", "37"):
        return n == 15
    if d[:2] in ("36", "38") or 300 <= int(d[:3]) <= 305:
        return n == 14
    if d[:4] == "6011" or 644 <= int(d[:3]) <= 649 or d[:2] == "65":
        return n == 16
    if 3528 <= int(d[:4]) <= 3589:
        return n == 16
    if d[:2] == "62":
        return 16 <= n <= 19
    if d[:4] in ("6759", "5018", "5020", "5038", "6304"):
        return 12 <= n <= 19
    return False


def group_card(d, brand):
    n = len(d)
    if brand == "amex":
        return [d[:4], d[4:10], d[10:]]
    if brand == "diners":
        return [d[:4], d[4:10], d[10:]]
    return [d[i:i + 4] for i in range(0, n, 4)]


def gen_card():
    name, pf, lens = ch(CARD_BRANDS)
    L = ch(lens)
    d = luhn_complete(pf(), L)
    groups = group_card(d, name)
    form = ch(["space", "space", "dash", "compact", "nbsp", "thin", "fullwidth"])
    if form == "space":
        v = " ".join(groups)
    elif form == "dash":
        v = "-".join(groups)
    elif form == "compact":
        v = d
    elif form == "nbsp":
        v = NBSP.join(groups)
    elif form == "thin":
        v = THIN.join(groups)
    else:
        v = " ".join(groups).translate(FW)
    return v, "%s_%s" % (name.rstrip("2"), form)


def valid_ssn_parts(a, g, s):
    return 1 <= a <= 899 and a != 666 and 1 <= g <= 99 and 1 <= s <= 9999


def gen_ssn():
    while True:
        a, g, s = R.randint(1, 899), R.randint(1, 99), R.randint(1, 9999)
        if valid_ssn_parts(a, g, s):
            break
    A, G, S = "%03d" % a, "%02d" % g, "%04d" % s
    form = ch(["dashes", "dashes", "spaces", "dots", "bare"])
    sep = {"dashes": "-", "spaces": " ", "dots": ".", "bare": ""}[form]
    return A + sep + G + sep + S, form


IBAN_SPECS = {  # country: (length, bban pattern)  n digit, a upper letter, c alnum
    "DE": (22, "8n10n"), "FR": (27, "5n5n11c2n"), "GB": (22, "4a6n8n"), "ES": (24, "4n4n2n10n"),
    "IT": (27, "1a5n5n12c"), "NL": (18, "4a10n"), "BE": (16, "3n7n2n"), "AT": (20, "5n11n"),
    "CH": (21, "5n12c"), "PL": (28, "8n16n"), "PT": (25, "4n4n11n2n"), "SE": (24, "3n16n1n"),
    "NO": (15, "4n6n1n"), "DK": (18, "4n9n1n"), "FI": (18, "3n11n"), "IE": (22, "4a6n8n"),
    "LU": (20, "3n13c"), "CZ": (24, "4n6n10n"), "SK": (24, "4n6n10n"), "HU": (28, "3n4n1n15n1n"),
    "RO": (24, "4a16c"), "HR": (21, "7n10n"), "SI": (19, "5n8n2n"), "GR": (27, "3n4n16c"),
    "TR": (26, "5n1n16c"), "LT": (20, "5n11n"), "LV": (21, "4a13c"), "EE": (20, "2n2n11n1n"),
    "BG": (22, "4a4n2n8c"), "SA": (24, "2n18c"), "AE": (23, "3n16n"), "IL": (23, "3n3n13n"),
    "MT": (31, "4a5n18c"), "CY": (28, "3n5n16c"), "IS": (26, "4n2n6n10n"), "BR": (29, "8n5n10n1a1c"),
    "MC": (27, "5n5n11c2n"), "SM": (27, "1a5n5n12c"), "QA": (29, "4a21c"), "JO": (30, "4a4n18c"),
}


def iban_mod(s):
    r = s[4:] + s[:4]
    num = "".join(str(int(c, 36)) for c in r)
    return int(num) % 97


def gen_bban(pat):
    out = ""
    for m in re.finditer(r"(\d+)([nac])", pat):
        n, t = int(m.group(1)), m.group(2)
        alpha = {"n": "0123456789", "a": "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                 "c": "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"}[t]
        if t == "c":
            out += "".join(R.choice(alpha) if R.random() < 0.3 else R.choice("0123456789") for _ in range(n))
        else:
            out += rstr(alpha, n)
    return out


def make_iban(cc):
    L, pat = IBAN_SPECS[cc]
    bban = gen_bban(pat)
    chk = 98 - iban_mod(cc + "00" + bban)
    s = cc + "%02d" % chk + bban
    assert len(s) == L and iban_mod(s) == 1
    return s


def gen_iban():
    cc = ch(sorted(IBAN_SPECS))
    s = make_iban(cc)
    form = ch(["compact", "space4", "space4", "nbsp4", "dash4", "lower", "lower_space4"])
    g = [s[i:i + 4] for i in range(0, len(s), 4)]
    v = {"compact": s, "space4": " ".join(g), "nbsp4": NBSP.join(g), "dash4": "-".join(g),
         "lower": s.lower(), "lower_space4": " ".join(g).lower()}[form]
    return v, form


def ipv4_forbidden(a):
    ip = ipaddress.IPv4Address(a)
    nets = ["0.0.0.0/8", "127.0.0.0/8", "169.254.0.0/16", "192.0.0.0/24", "192.0.2.0/24", "198.51.100.0/24",
            "203.0.113.0/24", "198.18.0.0/15", "224.0.0.0/3", "100.64.0.0/10", "192.88.99.0/24"]
    if any(ip in ipaddress.IPv4Network(n) for n in nets):
        return True
    o = [int(x) for x in a.split(".")]
    if o[0] == 255 or o[3] in (0, 255):
        return True
    return False


def gen_ipv4(kind=None):
    kind = kind or ch(["private", "public", "public", "defanged", "with_port", "with_prefix"])
    while True:
        t = ch(["private", "public"]) if kind in ("defanged", "with_port", "with_prefix") else kind
        if t == "private":
            b = ch(["10", "172", "192"])
            if b == "10":
                o = [10, R.randint(0, 255), R.randint(0, 255), R.randint(1, 254)]
            elif b == "172":
                o = [172, R.randint(16, 31), R.randint(0, 255), R.randint(1, 254)]
            else:
                o = [192, 168, R.randint(0, 255), R.randint(1, 254)]
        else:
            o = [R.randint(1, 223), R.randint(0, 255), R.randint(0, 255), R.randint(1, 254)]
        a = ".".join(map(str, o))
        if ipv4_forbidden(a):
            continue
        if t == "public" and not ipaddress.IPv4Address(a).is_global:
            continue
        break
    if kind == "defanged":
        return a.replace(".", "[.]"), "defanged"
    return a, kind


def ipv6_forbidden(s):
    ip = ipaddress.IPv6Address(s)
    if ip in ipaddress.IPv6Network("2001:db8::/32") or ip == ipaddress.IPv6Address("::1") or ip == ipaddress.IPv6Address("::"):
        return True
    if ip.ipv4_mapped is not None and ipv4_forbidden(str(ip.ipv4_mapped)):
        return True
    return False


def gen_ipv6(kind=None):
    kind = kind or ch(["compressed", "compressed", "full", "upper", "leading_zeros", "ula", "v4_tail",
                       "link_local_zone", "bracket_port", "with_prefix"])
    while True:
        if kind == "ula":
            groups = [0xFD00 | R.randint(0, 255)] + [R.randint(0, 0xFFFF) for _ in range(7)]
        elif kind == "link_local_zone":
            groups = [0xFE80, 0, 0, 0] + [R.randint(0, 0xFFFF) for _ in range(4)]
        else:
            first = ch([0x2A00 | R.randint(0, 0xFF), 0x2600 | R.randint(0, 0xFF), 0x2400 | R.randint(0, 0xFF),
                        0x2C0F, 0x2804, 0x2A02, 0x2001])
            second = R.randint(0x0100, 0xFFFF) if first == 0x2001 else R.randint(0, 0xFFFF)
            groups = [first, second] + [R.randint(0, 0xFFFF) for _ in range(6)]
        if kind in ("compressed", "upper", "leading_zeros", "with_prefix", "bracket_port") or R.random() < 0.3:
            zs = R.randint(2, 4)
            pos = R.randint(2, 8 - zs)
            for i in range(pos, pos + zs):
                groups[i] = 0
        a = ipaddress.IPv6Address(":".join("%x" % g for g in groups))
        if kind == "v4_tail":
            v4, _ = gen_ipv4(ch(["private", "public"]))
            if R.random() < 0.5:
                s = "::ffff:" + v4
            else:
                s = str(ipaddress.IPv6Address(":".join("%x" % g for g in groups[:6]) + ":0:0"))
                s = s.rstrip(":") + (":" if s.endswith("::") else ":") + v4
                s = s.replace(":::", "::")
        elif kind == "full":
            s = a.exploded
        elif kind == "upper":
            s = a.compressed.upper()
        elif kind == "leading_zeros":
            parts = a.compressed.split(":")
            s = ":".join(p.zfill(4) if p and R.random() < 0.7 else p for p in parts)
        else:
            s = a.compressed
        try:
            ipaddress.IPv6Address(s)
        except ValueError:
            continue
        if ipv6_forbidden(s):
            continue
        break
    return s, kind


def gen_openai():
    kind = ch(["legacy", "proj", "proj", "svcacct", "admin"])
    if kind == "legacy":
        v = "sk-" + rstr(ALNUM, 20) + "T3BlbkFJ" + rstr(ALNUM, 20)
        assert len(v) == 51
    else:
        pre = {"proj": "sk-proj-", "svcacct": "sk-svcacct-", "admin": "sk-admin-"}[kind]
        n = ch([64, 74])
        v = pre + rstr(B64URL, n) + "T3BlbkFJ" + rstr(B64URL, n)
        if v[-1] in "-_":
            v = v[:-1] + R.choice(ALNUM)
    return v, kind


def gen_anthropic():
    kind = ch(["api03", "api03", "admin01"])
    body = rstr(B64URL, 93)
    v = ("sk-ant-api03-" if kind == "api03" else "sk-ant-admin01-") + body + "AA"
    return v, kind


def gen_aws():
    kind = ch(["AKIA", "AKIA", "ASIA"])
    return kind + rstr(B32, 16), kind.lower()


def gen_github():
    kind = ch(["ghp", "ghp", "gho", "ghu", "ghs", "ghr", "github_pat"])
    if kind == "github_pat":
        return "github_pat_" + rstr(ALNUM, 22) + "_" + rstr(ALNUM, 59), kind
    return kind + "_" + rstr(ALNUM, 36), kind


JWT_SIG = {"HS256": 32, "HS384": 48, "HS512": 64, "RS256": 256, "RS384": 256, "RS512": 256, "PS256": 256,
           "ES256": 64, "ES384": 96, "ES512": 132, "EdDSA": 64}


def jwt_payload():
    iat = R.randint(1700000000, 1760000000)
    p = {"sub": ch(["usr_", "acct-", "svc:", ""]) + rstr(HEX, R.randint(8, 16)), "iat": iat,
         "exp": iat + ch([900, 3600, 86400])}
    if R.random() < 0.6:
        p["iss"] = "https://auth." + ch(DOMAINS)
    if R.random() < 0.5:
        p["scope"] = ch(["read:orders", "openid profile", "admin", "files.write", "reports:view"])
    if R.random() < 0.3:
        p["aud"] = ch(["api", "mobile", "billing-svc"])
    return json.dumps(p, separators=(",", ":"))


def gen_jwt(kind=None):
    kind = kind or wpick([("standard", 8), ("jose_other", 2)])
    alg = ch(sorted(JWT_SIG))
    hdr = {"alg": alg, "typ": "JWT"}
    if R.random() < 0.4:
        hdr["kid"] = rstr(ALNUM, ch([8, 16, 22]))
    if R.random() < 0.3:
        hdr = {k: hdr[k] for k in reversed(list(hdr))}
    h = b64u(json.dumps(hdr, separators=(",", ":")).encode())
    if kind == "standard":
        p = b64u(jwt_payload().encode())
        s = b64u(bytes(R.getrandbits(8) for _ in range(JWT_SIG[alg])))
        return h + "." + p + "." + s, "jwt_" + alg.lower()
    sub = ch(["non_json_payload", "short_signature", "alg_none"])
    if sub == "alg_none":
        h = b64u(json.dumps({"alg": "none", "typ": "JWT"}, separators=(",", ":")).encode())
        return h + "." + b64u(jwt_payload().encode()) + ".", "jose_other"
    if sub == "non_json_payload":
        p = b64u(bytes(R.getrandbits(8) for _ in range(R.randint(20, 60))))
        s = b64u(bytes(R.getrandbits(8) for _ in range(JWT_SIG[alg])))
        return h + "." + p + "." + s, "jose_other"
    p = b64u(jwt_payload().encode())
    s = b64u(bytes(R.getrandbits(8) for _ in range(JWT_SIG[alg])))
    return h + "." + p + "." + s[:R.randint(6, len(s) // 2)], "jose_other"


def gen_bearer():
    kind = ch(["opaque", "opaque", "hex"])
    while True:
        if kind == "hex":
            v = rstr(HEX, ch([32, 40, 64]))
            if re.search(r"\d", v) and re.search(r"[a-f]", v):
                return v, "hex"
        else:
            v = rstr(ALNUM + ch(["", "-", "._"]), R.randint(24, 48))
            if (re.search(r"\d", v) and re.search(r"[a-z]", v) and re.search(r"[A-Z]", v)
                    and v[0].isalnum() and v[-1].isalnum()
                    and not re.match(r"(sk-|gh[pousr]_|eyJ|AKIA|ASIA|github_pat_)", v)):
                return v, "opaque"


# phone numbering plans: (iso, cc, trunk, kind, prefixes, subscriber groups, national prefix sep, group sep)
PHONE_PLANS = [
    ("DE", "49", "0", "mobile", ["151", "152", "157", "160", "162", "170", "172", "175", "176", "178", "179"], [4, 4], " ", " "),
    ("DE", "49", "0", "landline", ["30", "40", "89", "69"], [4, 4], " ", " "),
    ("DE", "49", "0", "landline", ["221", "341", "511", "711", "351"], [3, 4], " ", " "),
    ("AT", "43", "0", "mobile", ["664", "660", "676", "699", "650"], [3, 4], " ", " "),
    ("AT", "43", "0", "landline", ["1"], [3, 2, 2], " ", " "),
    ("CH", "41", "0", "mobile", ["76", "77", "78", "79"], [3, 2, 2], " ", " "),
    ("CH", "41", "0", "landline", ["44", "31", "61", "21"], [3, 2, 2], " ", " "),
    ("FR", "33", "0", "mobile", ["6", "7"], [2, 2, 2, 2], " ", " "),
    ("FR", "33", "0", "landline", ["1", "2", "3", "4", "5"], [2, 2, 2, 2], " ", " "),
    ("GB", "44", "0", "mobile", ["7412", "7538", "7723", "7846", "7951", "7398", "7587"], [6], " ", " "),
    ("GB", "44", "0", "landline", ["20"], [4, 4], " ", " "),
    ("GB", "44", "0", "landline", ["161", "113", "117", "131"], [3, 4], " ", " "),
    ("IE", "353", "0", "mobile", ["83", "85", "86", "87", "89"], [3, 4], " ", " "),
    ("US", "1", "", "nanp", ["212", "312", "415", "503", "617", "702", "713", "808", "919", "206", "404", "612"], [3, 4], " ", "-"),
    ("CA", "1", "", "nanp", ["416", "604", "514", "403", "613", "902"], [3, 4], " ", "-"),
    ("ES", "34", "", "mobile", ["6##", "7##"], [3, 3], " ", " "),
    ("ES", "34", "", "landline", ["91", "93", "96", "95"], [3, 2, 2], " ", " "),
    ("IT", "39", "", "mobile", ["320", "328", "333", "338", "340", "347", "349", "351", "366", "392"], [3, 4], " ", " "),
    ("IT", "39", "", "landline", ["06", "02"], [4, 4], " ", " "),
    ("NL", "31", "0", "mobile", ["6"], [8], "-", " "),
    ("NL", "31", "0", "landline", ["20", "10", "30", "70"], [3, 4], " ", " "),
    ("BE", "32", "0", "mobile", ["470", "472", "475", "477", "479", "486", "489", "494", "496", "498"], [2, 2, 2], " ", " "),
    ("BE", "32", "0", "landline", ["2"], [3, 2, 2], " ", " "),
    ("PL", "48", "", "mobile", ["5##", "6##", "7##"], [3, 3], " ", " "),
    ("PL", "48", "", "landline", ["22", "12", "61", "71"], [3, 2, 2], " ", " "),
    ("SE", "46", "0", "mobile", ["70", "72", "73", "76", "79"], [3, 2, 2], "-", " "),
    ("SE", "46", "0", "landline", ["8"], [3, 3, 2], "-", " "),
    ("NO", "47", "", "mobile", ["4##", "9##"], [2, 3], " ", " "),
    ("DK", "45", "", "any", ["2#", "3#", "4#", "6#", "7#", "8#"], [2, 2, 2], " ", " "),
    ("FI", "358", "0", "mobile", ["40", "41", "44", "45", "50"], [3, 4], " ", " "),
    ("PT", "351", "", "mobile", ["91#", "92#", "93#", "96#"], [3, 3], " ", " "),
    ("PT", "351", "", "landline", ["21", "22"], [3, 4], " ", " "),
    ("BR", "55", "", "mobile", ["11", "21", "31", "41", "51", "61", "71", "81"], [5, 4], " ", "-"),
    ("BR", "55", "", "landline", ["11", "21", "31", "41"], [4, 4], " ", "-"),
    ("MX", "52", "", "any", ["55", "33", "81"], [4, 4], " ", " "),
    ("AR", "54", "0", "landline", ["11"], [4, 4], " ", "-"),
    ("IN", "91", "0", "mobile", ["98###", "97###", "91###", "88###", "70###"], [5], " ", " "),
    ("IN", "91", "0", "landline", ["22", "11", "80", "44"], [4, 4], " ", " "),
    ("JP", "81", "0", "mobile", ["90", "80", "70"], [4, 4], "-", "-"),
    ("JP", "81", "0", "landline", ["3", "6"], [4, 4], "-", "-"),
    ("KR", "82", "0", "mobile", ["10"], [4, 4], "-", "-"),
    ("KR", "82", "0", "landline", ["2"], [3, 4], "-", "-"),
    ("CN", "86", "", "mobile", ["13#", "15#", "18#", "17#"], [4, 4], " ", " "),
    ("CN", "86", "0", "landline", ["10", "21"], [4, 4], "-", " "),
    ("AU", "61", "0", "mobile", ["4##"], [3, 3], " ", " "),
    ("AU", "61", "0", "landline", ["2", "3", "7", "8"], [4, 4], " ", " "),
    ("NZ", "64", "0", "mobile", ["21", "22", "27"], [3, 4], " ", " "),
    ("ZA", "27", "0", "mobile", ["82", "83", "72", "71", "84"], [3, 4], " ", " "),
    ("NG", "234", "0", "mobile", ["803", "806", "813", "816", "703", "706"], [3, 4], " ", " "),
    ("KE", "254", "0", "mobile", ["712", "722", "733", "701", "745"], [6], " ", " "),
    ("EG", "20", "0", "mobile", ["10", "11", "12", "15"], [4, 4], " ", " "),
    ("TR", "90", "0", "mobile", ["532", "533", "535", "542", "505"], [3, 2, 2], " ", " "),
    ("TR", "90", "0", "landline", ["212", "216", "312", "232"], [3, 2, 2], " ", " "),
    ("RU", "7", "8", "mobile", ["912", "916", "926", "903", "985"], [3, 2, 2], " ", "-"),
    ("RU", "7", "8", "landline", ["495", "812", "843"], [3, 2, 2], " ", "-"),
    ("UA", "380", "0", "mobile", ["67", "50", "63", "66", "93", "97"], [3, 2, 2], " ", " "),
    ("GR", "30", "", "mobile", ["69#"], [3, 4], " ", " "),
    ("GR", "30", "", "landline", ["210"], [3, 4], " ", " "),
    ("IL", "972", "0", "mobile", ["50", "52", "53", "54", "58"], [3, 4], "-", "-"),
    ("AE", "971", "0", "mobile", ["50", "52", "55", "56"], [3, 4], " ", " "),
    ("SA", "966", "0", "mobile", ["50", "53", "54", "55", "56"], [3, 4], " ", " "),
    ("TH", "66", "0", "mobile", ["81", "86", "89", "91", "95"], [3, 4], " ", " "),
    ("VN", "84", "0", "mobile", ["91", "90", "98", "97", "93"], [3, 4], " ", " "),
    ("ID", "62", "0", "mobile", ["812", "813", "821", "857", "878"], [4, 4], "-", "-"),
    ("PH", "63", "0", "mobile", ["917", "918", "927", "939", "998"], [3, 4], " ", " "),
    ("CZ", "420", "", "mobile", ["601", "602", "603", "605", "702", "721", "731", "775"], [3, 3], " ", " "),
    ("HU", "36", "06", "mobile", ["20", "30", "70"], [3, 4], " ", " "),
    ("RO", "40", "0", "mobile", ["721", "722", "744", "755", "766"], [3, 3], " ", " "),
    ("HR", "385", "0", "mobile", ["91", "92", "95", "98", "99"], [3, 4], " ", " "),
    ("EE", "372", "", "mobile", ["5###"], [4], " ", " "),
    ("LT", "370", "8", "mobile", ["6##"], [5], " ", " "),
]
PAREN_NATIONAL = ["DE", "AU", "BR", "US", "CA", "AR", "RU"]
DASH_INTL = ["JP", "KR", "IL", "ID"]


def fill_hash(s):
    return "".join(R.choice("0123456789") if c == "#" else c for c in s)


def gen_phone(plan=None):
    iso, cc, trunk, kind, prefixes, groups, psep, gsep = plan or ch(PHONE_PLANS)
    pre = fill_hash(ch(prefixes))
    gs = [rdig(n) for n in groups]
    if kind == "nanp":
        while True:
            ex = str(R.randint(2, 9)) + rdig(2)
            if ex != "555" and ex[1:] != "11":
                break
        gs[0] = ex
    if iso == "BR" and kind == "mobile":
        gs[0] = "9" + gs[0][1:]
    if iso == "BR" and kind == "landline":
        gs[0] = str(R.randint(2, 5)) + gs[0][1:]
    if iso == "AU" and kind == "landline":
        gs[0] = str(R.randint(3, 9)) + gs[0][1:]
    if kind in ("landline", "any") and gs[0][0] == "0":
        gs[0] = str(R.randint(2, 9)) + gs[0][1:]
    forms = ["intl", "intl", "intl00", "national", "nbsp", "thin", "fullwidth", "tel_link"]
    if trunk == "0" and iso in ("DE", "AT", "CH", "GB", "NL", "BE", "IE"):
        forms.append("trunk_paren")
    if iso in PAREN_NATIONAL:
        forms += ["area_brackets", "area_brackets"]
    form = ch(forms)
    ip = "-" if iso in DASH_INTL else " "
    ig = gsep if gsep == "-" else " "
    intl_body = pre + ip + ig.join(gs)
    nat_trunk = trunk
    if iso == "CN" and kind == "mobile":
        nat_trunk = ""
    if iso == "IT":
        nat_trunk = ""
    national = nat_trunk + pre + psep + gsep.join(gs)
    if iso == "RU":
        national = "8 (" + pre + ") " + "-".join(gs)
    if iso == "HU":
        national = "06 " + pre + " " + " ".join(gs)
    if iso == "LT":
        national = "8 " + pre + " " + " ".join(gs)
    if kind == "nanp":
        national = ch([pre + "-" + "-".join(gs), pre + "." + ".".join(gs)])
    if form == "national" and ((len(re.findall(r"\d+", national)) < 3 and not national.startswith("0"))
                               or iso == "LT"):
        form = "intl"
    if form == "intl":
        v = "+" + cc + " " + intl_body
    elif form == "intl00":
        v = "00" + cc + " " + intl_body
    elif form == "national":
        v = national
    elif form == "trunk_paren":
        v = "+" + cc + " (0)" + pre + " " + " ".join(gs)
    elif form == "area_brackets":
        if iso in ("US", "CA"):
            v = "(" + pre + ") " + gs[0] + "-" + gs[1]
        elif iso == "RU":
            v = "+7 (" + pre + ") " + "-".join(gs)
        else:
            v = "(" + nat_trunk + pre + ") " + gsep.join(gs)
    elif form == "nbsp":
        v = ("+" + cc + " " + intl_body).replace(" ", NBSP)
    elif form == "thin":
        v = ("+" + cc + " " + intl_body).replace(" ", THIN)
    elif form == "fullwidth":
        v = ch(["+" + cc + " " + intl_body, national]).translate(FW)
    else:
        v = "+" + cc + "-" + pre + "-" + "-".join(gs)
    return v, "%s_%s_%s" % (form, iso.lower(), kind), form


def phone_ok(v):
    t = v.translate(UNFW)
    digits = re.sub(r"\D", "", t)
    if not (7 <= len(digits) <= 15):
        return False
    if re.search(r"[A-Za-z]", t):
        return False
    if t.startswith("+") or t.startswith("00"):
        return True
    return bool(re.search(r"[ \-./()\u00a0\u2009]", t))


# ---------------------------------------------------------------- person names and streets
TITLES = {"en": ["Dr.", "Mr", "Ms", "Mrs", "Prof."], "de": ["Frau", "Herr", "Dr.", "Prof. Dr."], "fr": ["Mme", "M.", "Dr"],
          "es": ["Sra.", "Sr.", "Dra."], "it": ["Sig.ra", "Dott.", "Ing."], "pt": ["Sra.", "Dr.", "Eng.ª"],
          "nl": ["mevrouw", "dhr.", "dr."], "pl": ["Pani", "Pan", "dr"], "cs": ["paní", "pan", "Ing."],
          "ro": ["dna", "dl."], "el": ["κ.", "Δρ."], "tr": ["Dr."], "ru": ["г-жа", "г-н"], "ca": ["Sra.", "Sr."],
          "sv": ["Dr."], "da": ["Dr."], "hr": ["gđa", "dr."]}
SUFFIXES = {"ja": ["様", "さん"], "ko": ["님", " 씨"], "hi": [" जी"], "tr": [" Hanım", " Bey"]}


def render_name(p, form=None):
    """returns (value, form)"""
    g, f, lang = p["given"], p["family"], p["lang"]
    if p["script"] == "nospace":
        sep = "" if lang in ("zh", "ko") or (lang == "ja" and R.random() < 0.5) else " "
        if lang == "th":
            return g + " " + f, "native_script"
        return f + sep + g, "native_family_given"
    if lang == "vi":
        return f + " " + p["mid"] + " " + g, "family_given"
    if lang == "hu":
        return f + " " + g, "family_given"
    latin = re.match(r"[A-Za-zÀ-ɏ]", g) is not None
    if not latin:
        return g + " " + f, "native_script"
    opts = ["given_family", "given_family"]
    if any(w in PARTICLES for w in f.split()):
        opts = ["particle"]
    elif "-" in f:
        opts = ["compound"]
    else:
        opts += ["caps_family", "middle_initial"]
        if p["compound"]:
            opts += ["compound", "compound"]
        if lang in ("fr", "it", "ro", "ja-Latn"):
            opts += ["family_given_caps"]
    form = form if form in opts else ch(opts)
    if form == "caps_family":
        return g + " " + f.upper(), form
    if form == "family_given_caps":
        return f.upper() + " " + g, form
    if form == "middle_initial":
        return g + " " + R.choice("ABCDEFGHJKLMNPRSTW") + ". " + f, form
    if form == "compound" and "-" not in f:
        src = NAME_SRC[lang]["f"]
        other = ch([x for x in src if x != f and not isinstance(x, tuple) and " " not in x])
        joiner = ch([" ", " ", "-"]) if lang != "pt" else " "
        if lang == "ca" and R.random() < 0.4:
            joiner = " i "
        return g + " " + f + joiner + other, form
    return g + " " + f, form


def street_number(country, style):
    n = R.randint(1, 199)
    r = R.random()
    if style == "slash":
        return "%d/%d" % (R.randint(100, 2999), R.randint(1, 40)), "slash"
    if country in ("FR", "BE", "CA") and r < 0.25:
        return "%d %s" % (n, ch(["bis", "ter"])), "bis"
    if country in ("DE", "AT", "NL", "SE", "NO", "DK", "FI", "PL", "GB", "CH", "EE", "LT") and r < 0.3:
        return "%d%s" % (n, ch(["a", "b", "c"] if country != "GB" else ["A", "B"])), "letter_suffix"
    if country in ("DE", "NL", "GB", "AU", "US", "HU") and r < 0.45:
        return "%d-%d" % (n, n + ch([2, 4])), "range"
    return str(n), "plain"


def render_street(entry):
    country, street, style = entry
    num, nform = street_number(country, style)
    if style == "before":
        v = num + " " + street
    elif style == "qc":
        v = num + ", " + street
        nform = "qc_comma"
    elif style == "comma":
        v = street + ", " + num
        nform = "comma_" + nform if nform != "plain" else "comma"
    elif style == "no":
        v = street + " No: " + num
        nform = "no_marker"
    elif style == "jl":
        v = street + " No. " + num
        nform = "no_marker"
    else:
        v = street + " " + num
    return v, nform


def locality(country):
    city, pat = ch(CITIES[country])
    pc = postcode(pat)
    if country in ("GB", "IE", "CA", "US", "AU", "LT", "IN"):
        return "%s %s" % (city, pc)
    return "%s %s" % (pc, city)


def gen_email(form=None):
    dom = ch(DOMAINS)
    p = ch([x for x in NAME_POOL if re.match(r"[A-Za-z]", x["given"])])
    def asc(s):
        s = unicodedata.normalize("NFKD", s.replace("ß", "ss").replace("ø", "o").replace("ł", "l").replace("đ", "d")
                                  .replace("ı", "i").replace("æ", "ae"))
        return re.sub(r"[^a-z0-9]", "", "".join(c for c in s if not unicodedata.combining(c)).lower())
    g, f = asc(p["given"]), asc(p["family"].split()[-1])
    local = ch([g + "." + f, g[0] + f, f + "." + g[0], g + "_" + f[:3], ch(["billing", "ops-desk", "hr.team",
               "noreply-bounce", "invoices", "kontakt", "support.eu", "frontdesk"]), g + rdig(2)])
    form = form or ch(["plain", "plain", "upper", "plus_tag", "subdomain", "obf_bracket", "obf_paren", "obf_words",
                       "spaced_at", "defanged_dot", "fullwidth_at", "zwsp"])
    tld_split = dom.split(".", 1)
    if form == "plain":
        v = local + "@" + dom
    elif form == "upper":
        v = (local + "@" + dom).upper()
    elif form == "plus_tag":
        v = local + "+" + ch(["invoices", "news", "jira", "test3", "cal"]) + "@" + dom
    elif form == "subdomain":
        v = local + "@" + ch(["mail", "eu", "corp", "lists", "mx2"]) + "." + dom
    elif form == "obf_bracket":
        v = local + ch([" [at] ", "[at]", "[AT]"]) + dom.replace(".", ch([" [dot] ", "[dot]", "[.]"]))
    elif form == "obf_paren":
        v = local + ch(["(at)", " (at) "]) + dom.replace(".", ch(["(dot)", " (dot) ", "."]))
    elif form == "obf_words":
        v = local + ch([" at ", " AT "]) + dom.replace(".", ch([" dot ", " DOT "]))
    elif form == "spaced_at":
        v = local + " @ " + dom
    elif form == "defanged_dot":
        v = local + "@" + dom.replace(".", "[.]")
    elif form == "fullwidth_at":
        v = local + "＠" + dom
    else:
        v = local + ZWSP + "@" + ZWSP + dom
    return v, form


# ---------------------------------------------------------------- validators (check 2)
def pem_value_ok(v):
    m = re.match(r"-----BEGIN ((?:RSA |EC |OPENSSH |ENCRYPTED )?PRIVATE KEY)-----", v)
    if not m or not v.endswith("-----END %s-----" % m.group(1)):
        return False
    label = m.group(1)
    body = v[m.end():len(v) - len("-----END %s-----" % label)]
    body = body.replace("\\r", "").replace("\\n", "")
    body = re.sub(r"\s+", "", body)
    try:
        raw = base64.b64decode(body, validate=True)
        return check_pem_body(label, raw)
    except Exception:
        return False


def jwt_value_ok(v, form):
    parts = v.split(".")
    if len(parts) != 3:
        return False
    try:
        hdr = json.loads(b64u_dec(parts[0]))
    except Exception:
        return False
    if not isinstance(hdr, dict) or "alg" not in hdr:
        return False
    if form == "jose_other":
        return True
    try:
        pl = json.loads(b64u_dec(parts[1]))
        sig = b64u_dec(parts[2])
    except Exception:
        return False
    return isinstance(pl, dict) and hdr["alg"] in JWT_SIG and len(sig) == JWT_SIG[hdr["alg"]]


def email_value_ok(v):
    t = v.replace(ZWSP, "").replace("＠", "@")
    t = re.sub(r"\s*[\[(]\s*(?:at|AT)\s*[\])]\s*", "@", t)
    t = re.sub(r"\s*[\[(]\s*(?:dot|DOT|\.)\s*[\])]\s*", ".", t)
    t = re.sub(r" (?:at|AT) ", "@", t)
    t = re.sub(r" (?:dot|DOT) ", ".", t)
    t = t.replace(" @ ", "@")
    return re.fullmatch(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)+", t) is not None


def validate(det, v, form):
    if det == "email":
        return email_value_ok(v)
    if det == "phone":
        return phone_ok(v)
    if det == "credit_card":
        d = re.sub(r"\D", "", v.translate(UNFW))
        return 13 <= len(d) <= 19 and luhn_ok(d) and card_iin_ok(d)
    if det == "ssn":
        m = re.fullmatch(r"(\d{3})([-. ]?)(\d{2})\2(\d{4})", v)
        return bool(m) and valid_ssn_parts(int(m.group(1)), int(m.group(3)), int(m.group(4)))
    if det == "iban":
        s = re.sub(r"[ \-\u00a0]", "", v).upper()
        cc = s[:2]
        return cc in IBAN_SPECS and len(s) == IBAN_SPECS[cc][0] and iban_mod(s) == 1 and re.fullmatch(
            r"[A-Z]{2}\d{2}[A-Z0-9]+", s) is not None
    if det == "ipv4":
        a = v.replace("[.]", ".")
        if not re.fullmatch(r"(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}", a):
            return False
        return not ipv4_forbidden(a)
    if det == "ipv6":
        try:
            ipaddress.IPv6Address(v)
        except ValueError:
            return False
        return not ipv6_forbidden(v) and v.count(":") >= 2
    if det == "openai_key":
        return (re.fullmatch(r"sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}", v) is not None or
                re.fullmatch(r"sk-(proj|svcacct|admin)-[A-Za-z0-9_\-]{40,}T3BlbkFJ[A-Za-z0-9_\-]{40,}", v) is not None)
    if det == "anthropic_key":
        return re.fullmatch(r"sk-ant-(api03|admin01)-[A-Za-z0-9_\-]{93}AA", v) is not None
    if det == "aws_access_key":
        return re.fullmatch(r"(AKIA|ASIA)[A-Z2-7]{16}", v) is not None
    if det == "github_token":
        return (re.fullmatch(r"gh[pousr]_[A-Za-z0-9]{36}", v) is not None or
                re.fullmatch(r"github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}", v) is not None)
    if det == "jwt":
        return jwt_value_ok(v, form)
    if det == "bearer_token":
        if re.match(r"(sk-|gh[pousr]_|eyJ|AKIA|ASIA|github_pat_)", v) or len(v) < 16:
            return False
        hexy = re.fullmatch(r"[0-9a-f]+", v) is not None and re.search(r"\d", v)
        mixed = re.search(r"\d", v) and re.search(r"[a-z]", v) and re.search(r"[A-Z]", v)
        return bool(hexy or mixed) and re.fullmatch(r"[A-Za-z0-9\-._~]+", v) is not None
    if det == "private_key":
        return pem_value_ok(v)
    if det == "person_name":
        return v == v.strip() and len(v) >= 2 and not re.search(r"\d", v)
    if det == "street_address":
        return re.search(r"\d", v) is not None and v == v.strip()
    return False


# ---------------------------------------------------------------- conservative scanner (check 4)
WELL_KNOWN = ["4111111111111111", "5555555555554444", "4242424242424242", "378282246310005", "371449635398431",
              "6011111111111117", "3530111333300000", "4012888888881881", "5105105105105100", "AKIAIOSFODNN7EXAMPLE",
              "078051120", "219099999", "123456789", "DE89370400440532013000", "GB82WEST12345698765432",
              "GB29NWBK60161331926819", "FR1420041010050500013M02606", "NL91ABNA0417164300", "CH9300762011623852957",
              "ES9121000418450200051332", "IT60X0542811101000000123456", "BE68539007547034", "EXAMPLEKEY",
              "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ",
              "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c", "wJalrXUtnFEMI"]

STREET_SUFFIXES = ["straße", "strasse", "weg", "gasse", "allee", "stieg", "platz", "laan", "straat", "gracht", "vej",
                   "vägen", "gatan", "veien", "katu", "kuja", "tie", "utca", "sokak", "sokağı", "caddesi", "street",
                   "road", "avenue", "lane", "drive", "close", "court", "crescent", "terrace", "parade", "place",
                   "way", "rue", "via", "viale", "calle", "avenida", "rua", "travessa", "ulica", "ul.", "aleja",
                   "bulevardul", "strada", "aleea", "tänav", "g.", "jl.", "boulevard", "chemin", "impasse", "allée",
                   "paseo", "marg", "ave.", "st.", "rd.", "вул.", "ул.", "улица", "вулиця", "οδός", "λεωφόρος", "로", "길"]
STREET_BASES = [s for _, s, _ in STREETS]

NAME_WORDS = []
NAME_FULL = []
for _p in NAME_POOL:
    if _p["script"] == "nospace":
        for sep in ["", " ", "\u3000"]:
            NAME_FULL.append(_p["family"] + sep + _p["given"])
            NAME_FULL.append(_p["given"] + sep + _p["family"])
    else:
        for w in name_words(_p):
            if w not in NAME_WORDS:
                NAME_WORDS.append(w)
NAME_WORD_SET_LOOKUP = {}
for _w in NAME_WORDS:
    NAME_WORD_SET_LOOKUP[_w] = True
    NAME_WORD_SET_LOOKUP[_w.upper()] = True


def _ssn_valid_str(a, g, s):
    return valid_ssn_parts(int(a), int(g), int(s))


def scan(text):
    """returns a list of (detector, snippet) that a conservative detector could report."""
    hits = []
    t = text.translate(UNFW)
    # emails (plain and obfuscated)
    e = t.replace(ZWSP, "")
    e = re.sub(r"\s*[\[({]\s*(?:at|@)\s*[\])}]\s*", "@", e, flags=re.I)
    e = re.sub(r"\s*[\[({]\s*(?:dot|\.)\s*[\])}]\s*", ".", e, flags=re.I)
    e = re.sub(r"(?<=\w)\s+@\s+(?=\w)", "@", e)
    for m in re.finditer(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+", e):
        hits.append(("email", m.group()))
    for m in re.finditer(r"\b[\w.+\-]+\s+at\s+[\w\-]+(?:\s+dot\s+[\w\-]+)+\b", t, flags=re.I):
        hits.append(("email", m.group()))
    # credit cards: digit groups with single separators; windows aligned to group boundaries
    for m in re.finditer(r"\d+(?:[ \-\u00a0\u2009]\d+)*", t):
        groups = re.split(r"[ \-\u00a0\u2009]", m.group())
        for i in range(len(groups)):
            acc = ""
            for j in range(i, len(groups)):
                acc += groups[j]
                if len(acc) > 19:
                    break
                if len(acc) >= 13 and luhn_ok(acc):
                    hits.append(("credit_card", acc))
    # IBAN
    for m in re.finditer(r"(?<![A-Za-z0-9])([A-Za-z]{2}\d{2}(?:[ \-\u00a0]?[A-Za-z0-9]){8,34})", t):
        s = re.sub(r"[ \-\u00a0]", "", m.group(1)).upper()
        cc = s[:2]
        lens = [IBAN_SPECS[cc][0]] if cc in IBAN_SPECS else list(range(15, 35))
        for L in lens:
            if len(s) >= L and iban_mod(s[:L]) == 1 and re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]+", s[:L]):
                hits.append(("iban", s[:L]))
    # IPv4 incl. defanged
    d = re.sub(r"\[\.\]|\(\.\)|\[dot\]|\(dot\)", ".", t, flags=re.I)
    for m in re.finditer(r"\d+(?:\.\d+)+", d):
        comps = m.group().split(".")
        for i in range(len(comps) - 3):
            w = comps[i:i + 4]
            if all(len(c) <= 3 and int(c) <= 255 for c in w):
                hits.append(("ipv4", ".".join(w)))
    # IPv6
    for m in re.finditer(r"[0-9A-Fa-f:.]{2,}", t):
        run = m.group()
        if run.count(":") < 2:
            continue
        starts = [0] + [i + 1 for i, c in enumerate(run) if c == ":"] + [i for i, c in enumerate(run) if c == ":"]
        ends = [len(run)] + [i for i, c in enumerate(run) if c == ":"] + [i + 1 for i, c in enumerate(run) if c == ":"]
        found = False
        for a in sorted(set(starts)):
            for b in sorted(set(ends)):
                if b - a < 2 or found:
                    continue
                cand = run[a:b].rstrip(".")
                if cand.count(":") < 2:
                    continue
                try:
                    ipaddress.IPv6Address(cand)
                    hits.append(("ipv6", cand))
                    found = True
                except ValueError:
                    pass
    # provider keys
    for pat, det in [(r"sk-[A-Za-z0-9_\-]{20,}", "openai_key"), (r"T3BlbkFJ", "openai_key"),
                     (r"sk-ant-[A-Za-z0-9_\-]{24,}", "anthropic_key"),
                     (r"(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{10,}", "aws_access_key"),
                     (r"(?<![A-Za-z0-9])gh[pousr]_[A-Za-z0-9]{16,}", "github_token"),
                     (r"github_pat_[A-Za-z0-9_]{16,}", "github_token"),
                     (r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY", "private_key"), (r"PRIVATE KEY-----", "private_key"),
                     (r"b3BlbnNzaC1rZXktdjE", "private_key")]:
        for m in re.finditer(pat, t):
            hits.append((det, m.group()))
    # JWT / JOSE
    for m in re.finditer(r"(?<![A-Za-z0-9_\-])([A-Za-z0-9_\-]{10,})\.([A-Za-z0-9_\-]*)", t):
        seg = m.group(1)
        try:
            h = json.loads(b64u_dec(seg))
            if isinstance(h, dict) and "alg" in h:
                hits.append(("jwt", m.group()))
        except Exception:
            if seg.startswith("eyJ"):
                hits.append(("jwt", m.group()))
    # bearer
    for m in re.finditer(r"(?i)bearer\s+([A-Za-z0-9\-._~+/=]{12,})", t):
        if re.search(r"\d", m.group(1)):
            hits.append(("bearer_token", m.group(1)))
    # phones
    for m in re.finditer(r"(?:\+|(?<!\d)00)[ \u00a0\u2009]?\(?\d[\d \u00a0\u2009\-().\/]{4,}\d", t):
        if len(re.sub(r"\D", "", m.group())) >= 7:
            hits.append(("phone", m.group()))
    for m in re.finditer(r"(?<![\d.,])\(?0\d{1,5}\)?[ \u00a0\u2009\-/.]\d{2,}(?:[ \u00a0\u2009\-.]\d{2,})*", t):
        if 7 <= len(re.sub(r"\D", "", m.group())) <= 13:
            hits.append(("phone", m.group()))
    for m in re.finditer(r"(?<![\d.,])\(?[2-9]\d{2}\)?[ .\-\u00a0]\d{3}[ .\-\u00a0]\d{4}(?![\d])", t):
        hits.append(("phone", m.group()))
    for m in re.finditer(r"(?<![\d.,])\(?\d{2,5}\)?(?:[ \u00a0\u2009\-.]\d{2,5}){2,}(?![\d])", t):
        g = m.group()
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}|\d{2}\.\d{2}\.\d{4}", g):
            continue
        if 8 <= len(re.sub(r"\D", "", g)) <= 13:
            hits.append(("phone", g))
    for m in re.finditer(r"\(\d{2,4}\) ?\d{3,5}[ \-]?\d{3,4}", t):
        hits.append(("phone", m.group()))
    for m in re.finditer(r"(?<![\d.,])8 \(\d{3}\) \d{3}", t):
        hits.append(("phone", m.group()))
    # SSN
    ssn_ctx = re.search(r"(?i)ssn|social security", t) is not None
    for m in re.finditer(r"(?<![\d\-.])(\d{3})([-. ]?)(\d{2})\2(\d{4})(?![\d\-])", t):
        if (ssn_ctx or m.group(2) == "-") and _ssn_valid_str(m.group(1), m.group(3), m.group(4)):
            hits.append(("ssn", m.group()))
    # person names
    for m in re.finditer(r"\w+", text):
        if m.group() in NAME_WORD_SET_LOOKUP:
            hits.append(("person_name", m.group()))
    for full in NAME_FULL:
        if full in text:
            hits.append(("person_name", full))
    # streets: pool street next to a number, or street keyword next to a number
    low = text.lower()
    for base in STREET_BASES:
        i = low.find(base.lower())
        while i >= 0:
            before = text[max(0, i - 4):i]
            after = text[i + len(base):i + len(base) + 7]
            if re.search(r"\d", before) or re.match(r"[ ,]{0,2}(?:No[.:] ?|д\. ?)?\d", after):
                hits.append(("street_address", base))
            i = low.find(base.lower(), i + 1)
    for m in re.finditer(r"([^\W\d_]+\.?)[ ,]{1,2}(?:No[.:] ?)?\d+", text):
        w = m.group(1).lower()
        if any(w.endswith(sfx) for sfx in STREET_SUFFIXES):
            hits.append(("street_address", m.group()))
    for m in re.finditer(r"\d+[a-zA-Z]?,? (?:bis |ter )?([^\W\d_]+\.?)(?: ([^\W\d_]+\.?))?(?: ([^\W\d_]+\.?))?", text):
        words = [x.lower() for x in m.groups() if x]
        if any(any(w.endswith(sfx) for sfx in STREET_SUFFIXES) for w in words):
            hits.append(("street_address", m.group()))
    # well-known sample values / forbidden IPs
    compact = re.sub(r"[\s\-.\u00a0\u2009]", "", t)
    for wk in WELL_KNOWN:
        if wk in compact or wk in t:
            hits.append(("well_known", wk))
    return hits


def mask(text, labels):
    vals = sorted(list(dict.fromkeys(l["value"] for l in labels)), key=lambda v: (-len(v), v))
    for v in vals:
        text = text.replace(v, MASK)
    return text


# ---------------------------------------------------------------- single-value samples
GLUES = [("", ""), ("", ""), ("", ""), ('"', '"'), ("«", "»"), ("(", ")"), ("[", "]"), ("**", "**"), ("`", "`"),
         ("<", ">"), ("「", "」"), ("‘", "’"), ("„", "“")]
DET_NOUN = {"email": "email", "phone": "phone", "credit_card": "card", "iban": "iban", "ipv4": "ip", "ipv6": "ip",
            "ssn": "ssn", "openai_key": "key", "anthropic_key": "key", "aws_access_key": "key", "github_token": "key",
            "jwt": "token", "bearer_token": "token"}


def wrap_context(s, lang):
    ctx = ch(["prompt", "prompt", "chat_request_json", "email_reply_quote", "notebook_markdown", "latex_item",
              "toml_string", "ini_value", "protobuf_text", "graphql_arg", "support_chat", "voicemail", "issue_comment",
              "syslog_5424", "shell_history"])
    j = json.dumps(s, ensure_ascii=False)
    if ctx == "prompt":
        return s, ctx
    if ctx == "chat_request_json":
        return json.dumps({"model": ch(["gpt-4o-mini", "gpt-4.1"]), "messages": [{"role": "user", "content": s}]},
                          ensure_ascii=False), ctx
    if ctx == "email_reply_quote":
        return "ok, noted.\n\n> " + s.replace("\n", "\n> ") + "\n>", ctx
    if ctx == "notebook_markdown":
        return json.dumps({"cell_type": "markdown", "metadata": {}, "source": [s]}, ensure_ascii=False), ctx
    if ctx == "latex_item":
        return "\\begin{itemize}\n  \\item " + s + "\n\\end{itemize}", ctx
    if ctx == "toml_string":
        return "[notes]\ntext = " + j, ctx
    if ctx == "ini_value":
        return "[memo]\nbody = " + s, ctx
    if ctx == "protobuf_text":
        return "note {\n  body: " + j + "\n}", ctx
    if ctx == "graphql_arg":
        return "mutation {\n  addNote(body: " + j + ") { id }\n}", ctx
    if ctx == "support_chat":
        return "Visitor: " + s + "\nAgent: thanks, one moment.", ctx
    if ctx == "voicemail":
        return "Voicemail transcript: \"" + s + "\"", ctx
    if ctx == "issue_comment":
        return "> **Update**\n\n" + s, ctx
    if ctx == "syslog_5424":
        return "<134>1 2025-03-1%dT08:1%d:4%d.201Z edge-gw notes 4121 - - %s" % (R.randint(0, 9), R.randint(0, 9),
                                                                               R.randint(0, 9), s), ctx
    return "  4%d1  echo %s >> todo.txt" % (R.randint(10, 99), j), ctx


def config_secret(det, v, lang):
    c = LANG[lang]["c"]
    var = {"openai_key": "OPENAI_API_KEY", "anthropic_key": "ANTHROPIC_API_KEY", "aws_access_key": "AWS_ACCESS_KEY_ID",
           "github_token": "GH_TOKEN", "jwt": "SESSION_JWT", "bearer_token": "UPSTREAM_TOKEN"}[det]
    kind = ch(["toml", "ini", "compose", "shell", "bearer_header"])
    if det in ("jwt", "bearer_token") or kind == "bearer_header":
        if det in ("jwt", "bearer_token"):
            return "# %s\ncurl -s -H 'Authorization: Bearer %s' https://api.%s/v2/items" % (c, v, ch(DOMAINS)), "shell_history"
        kind = "shell"
    if kind == "toml":
        return "# %s\n[api]\n%s = \"%s\"" % (c, var.lower(), v), "toml_config"
    if kind == "ini":
        return "; %s\n[default]\n%s = %s" % (c, var.lower(), v), "ini_file"
    if kind == "compose":
        return "services:\n  worker:\n    # %s\n    environment:\n      %s: \"%s\"" % (c, var, v), "docker_compose"
    return "# %s\nexport %s=%s" % (c, var, v), "shell_history"


def pk_text(lang):
    kind = ch(["rsa_pkcs1", "pkcs8_rsa", "pkcs8_ec", "pkcs8_ed25519", "sec1_ec", "openssh_ed25519", "encrypted_pkcs8"])
    label, blob, width = make_private_key(kind)
    lines = pem_wrap(label, blob, width)
    fmt = ch(["lf", "crlf", "json_escaped", "yaml_block", "flattened", "env_quoted"])
    c = LANG[lang]["c"]
    if fmt == "lf":
        v = "\n".join(lines)
        t = "# %s\n%s\n" % (c, v)
        ctx = "prompt"
    elif fmt == "crlf":
        v = "\r\n".join(lines)
        t = "%s:\r\n%s\r\n" % (c, v)
        ctx = "prompt"
    elif fmt == "json_escaped":
        v = "\\n".join(lines)
        t = '{"note": "%s", "private_key": "%s\\n"}' % (c, v)
        ctx = "json_payload"
    elif fmt == "yaml_block":
        v = "\n    ".join(lines)
        t = "# %s\nsigning:\n  key: |\n    %s\n" % (c, v)
        ctx = "docker_compose"
    elif fmt == "flattened":
        v = " ".join(lines)
        t = "%s: %s" % (c, v)
        ctx = "prompt"
    else:
        v = "\\n".join(lines)
        t = '# %s\nSIGNING_KEY="%s"\n' % (c, v)
        ctx = "env_file"
    return t, v, "%s_%s" % (kind, fmt), ctx


def gen_value(det, lang):
    if det == "email":
        return gen_email()
    if det == "phone":
        v, full, form = gen_phone()
        return v, form
    return {"credit_card": gen_card, "ssn": gen_ssn, "iban": gen_iban, "ipv4": gen_ipv4, "ipv6": gen_ipv6,
            "openai_key": gen_openai, "anthropic_key": gen_anthropic, "aws_access_key": gen_aws,
            "github_token": gen_github, "jwt": gen_jwt, "bearer_token": gen_bearer}[det]()


def pick_name(lang=None):
    cands = [p for p in NAME_POOL if p["lang"] == lang] if lang else []
    return ch(cands or NAME_POOL)


def single(det):
    lang = ch(LANGS)
    if det == "private_key":
        t, v, form, ctx = pk_text(lang)
        return t, [dict(detector=det, value=v, form=form)], lang, form, ctx
    if det == "person_name":
        p = pick_name(lang if lang in NAME_SRC and R.random() < 0.8 else None)
        v, form = render_name(p)
        fr = ch(LANG[lang]["p"])
        tv = v
        if R.random() < 0.3 and lang in TITLES:
            tv = ch(TITLES[lang]) + " " + v
            form += "+title"
        elif R.random() < 0.4 and lang in SUFFIXES:
            tv = v + ch(SUFFIXES[lang])
            form += "+honorific"
        s = fr.replace("{v}", tv)
        t, ctx = wrap_context(s, lang)
        return t, [dict(detector=det, value=v, form=form)], lang, form, ctx
    if det == "street_address":
        cs = LANG_COUNTRIES.get(lang) or sorted(CITIES)
        entry = ch([e for e in STREETS if e[0] in cs] or STREETS)
        v, form = render_street(entry)
        loc = locality(entry[0])
        if R.random() < 0.2:
            loc = ch(["3. OG", "apt 4B", "piso 2", "2e étage", "lgh 1102"]) + ", " + loc
        s = ch(LANG[lang]["a"]).replace("{v}", v).replace("{loc}", loc)
        t, ctx = wrap_context(s, lang)
        return t, [dict(detector=det, value=v, form=form)], lang, form, ctx
    v, form = gen_value(det, lang)
    if det in ("openai_key", "anthropic_key", "aws_access_key", "github_token", "jwt", "bearer_token") and (
            det == "bearer_token" or R.random() < 0.5):
        t, ctx = config_secret(det, v, lang)
        return t, [dict(detector=det, value=v, form=form)], lang, form, ctx
    if det == "ssn" and R.random() < 0.3:
        lang = "en"
    noun = LANG[lang]["n"][DET_NOUN[det]]
    pos = R.random()
    gl = ch(GLUES)
    if det == "ipv6" and gl[0] == "[":
        gl = ("", "")
    if det == "ipv4" and form == "with_port":
        gl = ("", ":%d" % ch([22, 443, 5432, 8080, 6379]))
    if det == "ipv4" and form == "with_prefix":
        gl = ("", "/%d" % ch([24, 16, 28, 32]))
    if det == "ipv6" and form == "bracket_port":
        gl = ("[", "]:%d" % ch([443, 8443, 9000]))
    if det == "ipv6" and form == "with_prefix":
        gl = ("", "/%d" % ch([48, 56, 64]))
    if det == "ipv6" and form == "link_local_zone":
        gl = ("", "%" + ch(["eth0", "en0", "wlan0"]))
    if det == "phone" and form == "tel_link":
        gl = ("tel:", "")
    gv = gl[0] + v + gl[1]
    if pos < 0.12:
        s = noun + ":\n    " + gv + "\n"
        form_pos = "indented"
    else:
        s = ch(LANG[lang]["g"]).replace("{k}", noun).replace("{v}", gv)
    t, ctx = wrap_context(s, lang)
    return t, [dict(detector=det, value=v, form=form)], lang, form, ctx


# ---------------------------------------------------------------- multi-value layouts
def V(det, lang="en"):
    if det == "person_name":
        v, f = render_name(pick_name(lang if lang in NAME_SRC else None))
        return (det, v, f)
    if det == "street_address":
        e = ch(STREETS)
        v, f = render_street(e)
        return (det, v, f, e[0])
    v, f = gen_value(det, lang)
    return (det, v, f)


def lay_openai_chat(lang):
    n, e, ph = V("person_name", lang), V("email"), V("phone")
    sent = ch(LANG[lang]["g"]).replace("{k}", LANG[lang]["n"]["email"]).replace("{v}", e[1])
    body = {"model": "gpt-4o", "temperature": 0.2, "messages": [
        {"role": "system", "content": "You draft short, polite replies."},
        {"role": "user", "content": ch(LANG[lang]["p"]).replace("{v}", n[1]) + " " + sent + " / " + ph[1]}]}
    return json.dumps(body, ensure_ascii=False, indent=2), [n, e, ph]


def lay_anthropic_curl(lang):
    k, n, a = V("anthropic_key"), V("person_name", lang), V("street_address")
    body = json.dumps({"model": "claude-sonnet-4", "max_tokens": 512, "messages": [{"role": "user", "content": [
        {"type": "text", "text": ch(LANG[lang]["a"]).replace("{v}", a[1]).replace("{loc}", locality(a[3])) +
         " — " + n[1]}]}]}, ensure_ascii=False)
    return ("curl https://api.anthropic.com/v1/messages \\\n  -H \"x-api-key: %s\" \\\n  -H \"content-type: application/json\" \\\n"
            "  -d '%s'" % (k[1], body)), [k, n, a]


def lay_quoted_reply(lang):
    n1, n2, ph, a = V("person_name", lang), V("person_name", lang), V("phone"), V("street_address")
    return ("%s\n\n> %s\n> %s\n>\n>> %s\n>> %s" % (
        ch(LANG[lang]["p"]).replace("{v}", n1[1]), ch(LANG[lang]["a"]).replace("{v}", a[1]).replace("{loc}", locality(a[3])),
        "-- ", ch(LANG[lang]["g"]).replace("{k}", LANG[lang]["n"]["phone"]).replace("{v}", ph[1]),
        ch(LANG[lang]["p"]).replace("{v}", n2[1]))), [n1, a, ph, n2]


def lay_notebook(lang):
    k, ip, e = V(ch(["openai_key", "github_token", "aws_access_key"])), V("ipv4"), V("email")
    nb = {"cells": [{"cell_type": "code", "execution_count": 3, "metadata": {},
                     "source": ["import os\n", "os.environ[\"API_TOKEN\"] = \"%s\"\n" % k[1], "HOST = \"%s\"\n" % ip[1]],
                     "outputs": []},
                    {"cell_type": "markdown", "metadata": {}, "source": [
                        ch(LANG[lang]["g"]).replace("{k}", LANG[lang]["n"]["email"]).replace("{v}", e[1])]}],
          "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(nb, ensure_ascii=False, indent=1), [k, ip, e]


def lay_latex_cv(lang):
    n, a, ph, e = V("person_name", lang), V("street_address"), V("phone"), V("email")
    return ("\\documentclass{moderncv}\n\\name{%s}{}\n\\address{%s}{%s}\n\\phone[mobile]{%s}\n\\email{%s}\n"
            "\\begin{document}\n\\makecvtitle\n\\end{document}" % (n[1], a[1], locality(a[3]), ph[1], e[1])), [n, a, ph, e]


def lay_toml(lang):
    ip, e, k = V("ipv4"), V("email"), V(ch(["github_token", "openai_key", "bearer_token"]))
    return ("# %s\n[database]\nhost = \"%s\"\nport = 5432\n\n[alerts]\nnotify = \"%s\"\n\n[api]\ntoken = \"%s\"\n" % (
        LANG[lang]["c"], ip[1], e[1], k[1])), [ip, e, k]


def lay_compose(lang):
    k, ip, j = V("aws_access_key"), V("ipv6"), V("jwt")
    return ("services:\n  uploader:\n    image: uploader:2.3\n    environment:\n      AWS_ACCESS_KEY_ID: %s\n"
            "      BIND_ADDR: \"%s\"\n      SERVICE_JWT: %s\n    # %s\n" % (k[1], ip[1], j[1], LANG[lang]["c"])), [k, ip, j]


def lay_access_log(lang):
    ips = [V(ch(["ipv4", "ipv4", "ipv6"])) for _ in range(3)]
    ips = [x for i, x in enumerate(ips) if x[1] not in [y[1] for y in ips[:i]]]
    lines = []
    for x in ips:
        lines.append('%s - - [1%d/Mar/2025:0%d:2%d:1%d +0000] "GET /api/v2/%s HTTP/1.1" %d %d "-" "Mozilla/5.0"' % (
            x[1], R.randint(0, 9), R.randint(0, 9), R.randint(0, 9), R.randint(0, 9), ch(["items", "health", "export"]),
            ch([200, 304, 404]), R.randint(100, 9999)))
    return "\n".join(lines), ips


def lay_syslog(lang):
    ip, e = V("ipv4"), V("email")
    return ("<86>1 2025-04-0%dT11:0%d:12.118Z bastion sshd 3312 - - Accepted publickey for deploy from %s port 5%d22 ssh2\n"
            "<30>1 2025-04-0%dT11:0%d:13.004Z bastion mailer 771 - - queued report for %s" % (
                R.randint(1, 9), R.randint(0, 9), ip[1], R.randint(0, 9), R.randint(1, 9), R.randint(0, 9), e[1])), [ip, e]


def lay_graphql(lang):
    n, e, ph = V("person_name", lang), V("email"), V("phone")
    vars_ = json.dumps({"input": {"fullName": n[1], "email": e[1], "phone": ph[1]}}, ensure_ascii=False, indent=2)
    return "mutation CreateContact($input: ContactInput!) {\n  createContact(input: $input) { id }\n}\n\nvariables:\n" + vars_, [n, e, ph]


def lay_protobuf(lang):
    n, a, ib = V("person_name", lang), V("street_address"), V("iban")
    return ('customer {\n  display_name: "%s"\n  address {\n    line1: "%s"\n    locality: "%s"\n  }\n  payout {\n'
            '    iban: "%s"\n  }\n}' % (n[1], a[1], locality(a[3]), ib[1])), [n, a, ib]


def lay_itinerary(lang):
    n, ph, e = V("person_name", lang), V("phone"), V("email")
    return ("BOOKING REF %s\nPassenger: %s\nFlight %s%d  gate %s  seat %d%s\nContact: %s / %s" % (
        rstr("BCDFGHJKLMNPQRSTVWXZ", 6), n[1], ch(["KX", "LH", "QV"]), R.randint(100, 999), ch(["A", "B", "C"]) + str(R.randint(2, 40)),
        R.randint(2, 40), ch("ABCDEF"), ph[1], e[1])), [n, ph, e]


def lay_listing(lang):
    a, n, ph = V("street_address"), V("person_name", lang), V("phone")
    return ("## %s\n\n%s m² · %d rooms · %s\n\n%s\n" % (a[1], R.randint(40, 180), R.randint(1, 6), locality(a[3]),
            ch(LANG[lang]["p"]).replace("{v}", n[1]) + " " + ph[1])), [a, n, ph]


def lay_shell(lang):
    k, b, ip = V("aws_access_key"), V("bearer_token"), V("ipv4")
    return (" 501  export AWS_ACCESS_KEY_ID=%s\n 502  curl -H \"Authorization: Bearer %s\" https://api.%s/v1/jobs\n"
            " 503  ssh ops@%s\n 504  history | tail" % (k[1], b[1], ch(DOMAINS), ip[1])), [k, b, ip]


def lay_crash(lang):
    ip, e, j = V("ipv6"), V("email"), V("jwt")
    return ("Crash report\nProcess: billing-worker [4411]\nException: NullPointerException in InvoiceMapper\nPeer: %s\n"
            "User: %s\nRequest header: Authorization: Bearer %s\n" % (ip[1], e[1], j[1])), [ip, e, j]


def lay_issue(lang):
    k, ip, n = V(ch(["openai_key", "github_token", "anthropic_key"])), V("ipv6"), V("person_name", lang)
    return ("%s\n\n```ini\n[client]\nkey = %s\nendpoint = [%s]:8443\n```\n" % (
        ch(LANG[lang]["p"]).replace("{v}", n[1]), k[1], ip[1])), [n, k, ip]


def lay_support(lang):
    n, c, s = V("person_name", lang), V("credit_card"), V("ssn")
    return ("Agent: Hello %s, how can I help?\nCustomer: card %s was charged twice.\nAgent: to verify, last SSN used: %s\n" % (
        n[1], c[1], s[1])), [n, c, s]


def lay_pk_issue(lang):
    t, v, form, ctx = pk_text(lang)
    e = V("email")
    return "Leaked in CI logs, reported by %s:\n\n%s" % (e[1], t), [e, ("private_key", v, form)]


LAYOUTS = [("openai_chat_request", lay_openai_chat, "chat_request_json"), ("anthropic_messages_curl", lay_anthropic_curl, "api_request"),
           ("quoted_reply_thread", lay_quoted_reply, "email_reply_quote"), ("jupyter_notebook", lay_notebook, "notebook"),
           ("latex_cv", lay_latex_cv, "latex"), ("toml_config", lay_toml, "toml_config"), ("docker_compose", lay_compose, "docker_compose"),
           ("nginx_access_log", lay_access_log, "access_log"), ("syslog_rfc5424", lay_syslog, "syslog_5424"),
           ("graphql_variables", lay_graphql, "graphql"), ("protobuf_text", lay_protobuf, "protobuf_text"),
           ("airline_itinerary", lay_itinerary, "itinerary"), ("real_estate_listing", lay_listing, "listing"),
           ("shell_history", lay_shell, "shell_history"), ("crash_report", lay_crash, "crash_report"),
           ("github_issue_comment", lay_issue, "issue_comment"), ("support_chat_transcript", lay_support, "support_chat"),
           ("pem_in_issue", lay_pk_issue, "issue_comment")]


# ---------------------------------------------------------------- hard negatives
def neg_frame(x, noun_key="ref"):
    lang = ch(LANGS)
    return ch(LANG[lang]["g"]).replace("{k}", LANG[lang]["n"][noun_key]).replace("{v}", x), lang


def n_iban_bad():
    s = make_iban(ch(sorted(IBAN_SPECS)))
    bad = s[:2] + "%02d" % ((int(s[2:4]) + R.randint(1, 9)) % 97 + 2)
    s2 = bad + s[4:]
    if iban_mod(s2) == 1:
        return None
    return neg_frame(s2, "iban")


def n_luhn_bad():
    d = luhn_complete(ch(["4", "51", "53", "37", "6011"]), 16)
    d = d[:-1] + str((int(d[-1]) + R.randint(1, 9)) % 10)
    return neg_frame(" ".join(d[i:i + 4] for i in range(0, 16, 4)), "card")


NEG = {
    "iban_bad_checksum": n_iban_bad,
    "luhn_invalid_card": n_luhn_bad,
    "nine_digit_id_no_context": lambda: neg_frame(str(R.randint(100000000, 999999999))),
    "invalid_ssn_with_word": lambda: ("SSN on the form: %s (rejected by payroll)" % ch([
        "000-%02d-%04d" % (R.randint(1, 99), R.randint(1, 9999)), "666-%02d-%04d" % (R.randint(1, 99), R.randint(1, 9999)),
        "9%02d-%02d-%04d" % (R.randint(0, 99), R.randint(1, 99), R.randint(1, 9999)),
        "%03d-00-%04d" % (R.randint(1, 665), R.randint(1, 9999)), "%03d-%02d-0000" % (R.randint(1, 665), R.randint(1, 99))]), "en"),
    "version_string": lambda: neg_frame("v%d.%d.%d%s" % (R.randint(0, 9), R.randint(0, 40), R.randint(0, 99), ch(["", "-rc.1", "+build.7", "-beta"]))),
    "build_number": lambda: neg_frame("build %d.%d" % (R.randint(20240000, 20251231), R.randint(1, 9))),
    "hash_digest": lambda: neg_frame(rstr(HEX, ch([32, 40, 64]))),
    "uuid": lambda: neg_frame("%s-%s-4%s-%s%s-%s" % (rstr(HEX, 8), rstr(HEX, 4), rstr(HEX, 3), ch("89ab"), rstr(HEX, 3), rstr(HEX, 12))),
    "mac_address": lambda: neg_frame(ch([":", "-"]).join(rstr(HEX, 2) for _ in range(6))),
    "colon_hex_non_ipv6": lambda: neg_frame(":".join(rstr(HEX, 2) for _ in range(5))),
    "base64_blob": lambda: neg_frame(base64.b64encode(bytes(R.getrandbits(8) for _ in range(R.randint(18, 40)))).decode()),
    "timestamp": lambda: neg_frame(ch(["2025-0%d-1%dT0%d:4%d:1%dZ" % (R.randint(1, 9), R.randint(0, 9), R.randint(0, 9), R.randint(0, 5), R.randint(0, 9)),
                                       str(R.randint(1700000000, 1760000000))])),
    "price": lambda: neg_frame(ch(["€%d,%02d" % (R.randint(10, 999), R.randint(0, 99)), "US$ %d.%02d" % (R.randint(10, 9999), R.randint(0, 99)),
                                   "¥%d" % R.randint(100, 99999)])),
    "tracking_number": lambda: neg_frame("1Z" + rstr("ABCDEFGHJKLMNPRSTUVWXYZ0123456789", 16)),
    "isbn_issn": lambda: neg_frame(ch(["ISBN 978-%d-%d%d-%d" % (R.randint(1, 9), R.randint(10, 99), R.randint(1000, 9999), R.randint(0, 9)),
                                       "ISSN %d%03d-%03d%s" % (R.randint(1, 9), R.randint(0, 999), R.randint(0, 999), ch("0123456789X"))])),
    "coordinates": lambda: neg_frame("%.4f, %.4f" % (R.uniform(-60, 70), R.uniform(-170, 170))),
    "postcode": lambda: neg_frame(postcode(ch(CITIES[ch(sorted(CITIES))])[1])),
    "masked_value": lambda: neg_frame(ch(["**** **** **** %04d" % R.randint(0, 9999), "XXX-XX-%04d" % R.randint(0, 9999),
                                          "•••• %04d" % R.randint(0, 9999), "j***@***.com"])),
    "placeholder_key": lambda: neg_frame(ch(["sk-...", "YOUR_API_KEY", "<OPENAI_API_KEY>", "sk-proj-XXXX", "AKIA…", "ghp_<redacted>",
                                             "sk-ant-api03-…", "${GITHUB_TOKEN}"]), "key"),
    "truncated_key": lambda: neg_frame(ch(["sk-" + rstr(ALNUM, 10), "sk-ant-api03-" + rstr(ALNUM, 8), "AKIA" + rstr(B32, 6),
                                           "ghp_" + rstr(ALNUM, 9), "github_pat_" + rstr(ALNUM, 8)]), "key"),
    "public_key_or_cert": lambda: ("Public material only, safe to share:\n" + public_pem(), "en"),
    "social_handle": lambda: neg_frame("@" + ch(["kestrel", "lumen", "fjord", "quill"]) + "_" + ch(["studio", "makes", "ops", "news"])),
    "at_sign_prose": lambda: (ch(["Dinner @ 8 at the usual spot?", "Two coffees @ €3 each.", "@here standup moved to noon",
                                  "Use @Override on the handler.", "@media print { body { color: black } }"]) + " " + rstr("abcdef", 3), "en"),
    "capitalised_sentence": lambda: (ch(["Annual Planning Review Moves To Thursday", "Quarterly Numbers Beat The Forecast Again",
                                         "Grand Opening Of The Riverside Pavilion", "Winter Timetable Starts Next Week",
                                         "Board Approves New Travel Policy"]) + ch([".", "!", ""]) + " (" + rstr("abcdefgh", 4) + ")", "en"),
    "city_names": lambda: ("Route: %s → %s → %s" % tuple(R.sample(["Porto", "Gdańsk", "Zürich", "Tampere", "Bilbao", "Graz", "Riga", "Plovdiv"], 3)), "en"),
    "company_name": lambda: neg_frame(ch(COMPANIES)),
    "product_model": lambda: neg_frame(ch(["Aerolite X%d headphones" % R.randint(2, 9), "Nimbus %d Pro" % R.randint(3, 12),
                                           "Stratos M%d router" % R.randint(100, 900)])),
    "street_without_number": lambda: ("The bakery on %s closed for the holidays." % ch(STREET_BASES), "en"),
    "room_gate_seat": lambda: neg_frame(ch(["gate B%d" % R.randint(2, 60), "seat %d%s" % (R.randint(1, 40), ch("ABCDEF")),
                                            "room %d" % R.randint(100, 999)])),
    "score": lambda: ("Final score %d–%d after extra time." % (R.randint(0, 6), R.randint(0, 6)), "en"),
    "chemical_formula": lambda: neg_frame(ch(["C6H12O6", "H2SO4", "Ca(OH)2", "NaHCO3", "C8H10N4O2"])),
    "legal_page_ref": lambda: neg_frame(ch(["§ %d Abs. %d BGB" % (R.randint(100, 999), R.randint(1, 4)), "Art. %d(1)(f) GDPR" % R.randint(5, 9),
                                            "pp. %d–%d" % (R.randint(10, 200), R.randint(201, 400))])),
    "jwt_lookalike_non_jose": lambda: neg_frame(b64u(json.dumps({"page": R.randint(2, 40), "sort": ch(["date", "name"])}).encode()) +
                                               "." + b64u(json.dumps({"cursor": rstr(HEX, 8)}).encode()) + "." + rstr(B64URL, 20)),
    "dotted_quad_out_of_range": lambda: neg_frame("%d.%d.%d.%d" % (R.randint(256, 999), R.randint(0, 99), R.randint(256, 9999), R.randint(0, 99))),
    "bic_swift_code": lambda: neg_frame(ch(["KSTR", "LMBV", "QUIL", "FJRD"]) + ch(["DE", "FR", "NL", "SE"]) + ch(["2X", "FF", "MM"]) + ch(["", "XXX"])),
    "license_plate": lambda: neg_frame(ch(["B-KX %d" % R.randint(100, 9999), "AB-%d-CD" % R.randint(10, 99), "KA %02d MN %04d" % (R.randint(1, 99), R.randint(1, 9999))])),
    "bare_digit_run": lambda: neg_frame("0" + rdig(9)),
}
NEG_KINDS = sorted(NEG)
_inv = NEG["invalid_ssn_with_word"]
NEG["invalid_ssn_with_word"] = lambda: (lambda r: (r[0].replace("-", ""), r[1]))(_inv())


# ---------------------------------------------------------------- checks and assembly
ASIAN = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uff10-\uff19]")
REJECT = Counter()


def boundary_ok(text, v):
    i = text.find(v)
    while i >= 0:
        b = text[i - 1] if i > 0 else " "
        a = text[i + len(v)] if i + len(v) < len(text) else " "
        for x, y in ((b, v[0]), (a, v[-1])):
            if x.isalnum() and y.isalnum() and not (ASIAN.match(x) or ASIAN.match(y)):
                return False
        i = text.find(v, i + 1)
    return True


def count_overlapping(text, v):
    c, i = 0, text.find(v)
    while i >= 0:
        c += 1
        i = text.find(v, i + 1)
    return c


def check_sample(text, labels):
    # 1. substrings, counts, no overlaps
    cnt = Counter(l["value"] for l in labels)
    spans = []
    for v in sorted(cnt):
        if count_overlapping(text, v) != cnt[v]:
            return "count"
        if not boundary_ok(text, v):
            return "boundary"
        i = text.find(v)
        while i >= 0:
            spans.append((i, i + len(v)))
            i = text.find(v, i + 1)
    spans.sort()
    for (a1, b1), (a2, b2) in zip(spans, spans[1:]):
        if a2 < b1:
            return "overlap"
    # 2. validity
    for l in labels:
        if not validate(l["detector"], l["value"], l["form"]):
            return "invalid_" + l["detector"]
        if l["detector"] == "ssn" and not re.search(r"(?i)ssn|social security number", text):
            return "ssn_context"
    # 3 + 4. scan the masked text
    hits = scan(mask(text, labels))
    if hits:
        return "scan_" + hits[0][0]
    # well-known values also in the unmasked text
    compact = re.sub(r"[\s\-.\u00a0\u2009]", "", text)
    if any(wk in compact for wk in WELL_KNOWN):
        return "well_known"
    return None


def self_test():
    assert ed25519_pub(bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")).hex() == \
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
    pos = ["mail me at lena.k@quillnest.org", "lena (at) quillnest (dot) org", "lena at quillnest dot org",
           "lena＠quillnest.org", "4539 1488 0343 6467", "SSN 219-45-8812", "DE44 5001 0517 5407 3249 31",
           "10.4.19.33", "10[.]4[.]19[.]33", "2a02:c7f:1e::9", "+49 30 1234 5678", "0049 30 1234 5678",
           "(415) 823-4417", "AKIA" + "Q" * 16, "ghp_" + "a1" * 18, "Bearer Zx81kPq0LmN3vB7tR2sY",
           "-----BEGIN PRIVATE KEY-----", "Kirschgartenweg 12", "12 Harebell Close", NAME_POOL[0]["given"] + " x"]
    for p in pos:
        assert scan(p), p
    for n in ["The meeting moved to Thursday.", "Order 483920175 shipped.", "v2.14.3", "ce:49:3a:c3:dd:77",
              "Final score 3–1.", "SSN 666123456 is invalid", "sk-...", "@kestrel_ops"]:
        assert not scan(n), (n, scan(n))
    # validator/scanner agreement on generated values
    for det in ["email", "credit_card", "iban", "ipv4", "ipv6", "openai_key", "anthropic_key", "aws_access_key",
                "github_token", "jwt"]:
        for _ in range(40):
            v, f = gen_value(det, "en")
            assert validate(det, v, f) and scan("x " + v + " ."), (det, v)


def main():
    self_test()
    samples = []
    seen = {}

    def add(text, labels, lang, form, ctx, why):
        if text in seen:
            REJECT[why + ":dup"] += 1
            return False
        err = check_sample(text, labels)
        if err:
            REJECT[why + ":" + err] += 1
            return False
        seen[text] = True
        samples.append(dict(text=text, labels=labels, lang=lang, form=form, context=ctx))
        return True

    quota = [("email", 110), ("phone", 130), ("credit_card", 90), ("ssn", 60), ("iban", 90), ("ipv4", 70), ("ipv6", 70),
             ("openai_key", 50), ("anthropic_key", 40), ("aws_access_key", 45), ("github_token", 50), ("jwt", 70),
             ("bearer_token", 50), ("private_key", 55), ("person_name", 140), ("street_address", 130)]
    for det, n in quota:
        got = tries = 0
        while got < n and tries < n * 40:
            tries += 1
            t, labels, lang, form, ctx = single(det)
            got += add(t, labels, lang, form, ctx, "single_" + det)
    for name, fn, ctx in LAYOUTS:
        got = tries = 0
        while got < 17 and tries < 17 * 40:
            tries += 1
            lang = ch(LANGS)
            text, vals = fn(lang)
            labels = [dict(detector=x[0], value=x[1], form=x[2]) for x in vals]
            got += add(text, labels, lang, name, ctx, "multi_" + name)
    for kind in NEG_KINDS:
        got = tries = 0
        while got < 26 and tries < 26 * 60:
            tries += 1
            r = NEG[kind]()
            if not r:
                continue
            s, lang = r
            t, ctx = wrap_context(s, lang)
            got += add(t, [], lang, kind, ctx, "neg_" + kind)
    out = os.path.join(HERE, "heldout11.jsonl")
    data = "".join(json.dumps(s, ensure_ascii=False) + "\n" for s in samples).encode("utf-8")
    with open(out, "wb") as fh:
        fh.write(data)
    sha = hashlib.sha256(data).hexdigest()
    write_readme(samples, sha)
    print(len(samples))
    print(sha)
    return samples


def table(counter, h1, h2="count"):
    rows = ["| %s | %s |" % (h1, h2), "|---|---|"]
    for k in sorted(counter):
        rows.append("| %s | %d |" % (k, counter[k]))
    return "\n".join(rows)


def write_readme(samples, sha):
    singles = [s for s in samples if len(s["labels"]) == 1]
    multis = [s for s in samples if len(s["labels"]) > 1]
    negs = [s for s in samples if not s["labels"]]
    per_det = Counter(l["detector"] for s in samples for l in s["labels"])
    per_form = Counter("%s / %s" % (l["detector"], l["form"]) for s in samples for l in s["labels"])
    rej = Counter({k: v for k, v in REJECT.items()})
    langs = Counter(s["lang"] for s in samples)
    ctxs = Counter(s["context"] for s in samples)
    md = ["# heldout11 — blind held-out PII test corpus", "",
          "Provenance: written blind from the brief `COMMON11.md` only. No other corpus, detector code or git history",
          "was read. All sentence frames, layouts, names, streets, domains, companies and negatives were invented for",
          "this corpus (given and family names are real common names combined at random).", "",
          "Generator: `make_heldout11.py` (Python 3 standard library only, no input files, `SEED = 111111`).",
          "Run `python3 make_heldout11.py`; it writes `heldout11.jsonl` and this README and prints the count and SHA-256.", "",
          "- samples: **%d** (single-value %d, multi-value %d, hard negatives %d)" % (len(samples), len(singles), len(multis), len(negs)),
          "- SHA-256 of heldout11.jsonl: `%s`" % sha,
          "- languages: %d; contexts: %d; multi-value layouts: %d; negative kinds: %d" % (
              len(langs), len(ctxs), len(LAYOUTS), len(NEG_KINDS)),
          "- pools: %d person-name combinations from %d language sources, %d street names in %d countries, %d domains, %d companies" % (
              len(NAME_POOL), len(NAME_SRC), len(STREETS), len(list(dict.fromkeys(c for c, _, _ in STREETS))),
              len(DOMAINS), len(COMPANIES)), "",
          "## Format", "",
          "One JSON object per line (UTF-8, `ensure_ascii=False`): `text`, `labels` (list of `detector`, `value`, `form`),",
          "`lang` (ISO 639-1 of the prose), `form` (label form for single-value samples, layout name for multi-value,",
          "look-alike kind for negatives), `context`. `labels: []` marks a hard negative.", "",
          "Label conventions follow the brief's table (email address alone incl. obfuscated forms as written; phone with its own",
          "separators, `tel:` links label the part after `tel:`; private keys from BEGIN to END as written; names without",
          "titles/honorifics; street + house number only). Names written as `...ja-Latn` in the pool are romanised Japanese",
          "used in Latin-script text; their samples carry the prose language.", "",
          "## Checks performed by the generator (a draw is discarded when one fails)", "",
          "1. every value is a substring occurring exactly as often as labelled (overlapping count); labelled spans do not overlap;",
          "   alphanumeric value edges do not touch alphanumeric neighbours (except CJK/Thai/full-width script);",
          "2. per-detector validity: Luhn + brand IIN + length; IBAN country length + mod-97; SSN ranges; IPv4 octets without",
          "   leading zeros and outside loopback/0/8/link-local/documentation/benchmark/CGNAT/multicast/reserved and .0/.255 hosts;",
          "   IPv6 parses and is outside 2001:db8::/32, ::1, ::; key regex shapes; JWT header and payload decode as JSON with",
          "   signature length matching the alg (`jose_other`: JOSE header only); PEM body base64 decoding to a DER structure",
          "   (PKCS#1 with 9 INTEGERs, PKCS#8, SEC1, PBES2 EncryptedPrivateKeyInfo) or an `openssh-key-v1` blob; RSA keys are real",
          "   (Miller-Rabin primes), EC keys real P-256 points, Ed25519 public keys derived from the seed (RFC 8032 vector tested);",
          "   every text with an SSN label contains `SSN` or `social security number`;",
          "3. no well-known sample values (list in `WELL_KNOWN`), checked on the text with separators removed;",
          "4. with labelled values masked, a conservative scanner (`scan`) reports nothing: plain and obfuscated e-mails, Luhn-valid",
          "   13–19 digit windows, mod-97-valid IBANs, any four dotted numbers ≤255 (incl. defanged), parseable IPv6 substrings,",
          "   provider key/JWT/PEM shapes, Bearer tokens with digits, `+`/`00` phone shapes and separated national/NANP shapes,",
          "   valid SSNs (with SSN wording, or dashed anywhere), any pool name word (as written or CAPS) or full native-script name,",
          "   any pool street or street-type word next to a number. The same scan runs over every hard negative.",
          "   The scanner is self-tested on positive and clean strings and on generated values before generation.",
          "5. no duplicate texts. Determinism: byte-identical output checked under two different PYTHONHASHSEED values.", "",
          "Discarded draws per reason (generator run):", "", table(rej, "reason", "discarded"), "",
          "## Values per detector", "", table(per_det, "detector"), "",
          "## Values per detector and form", "", table(per_form, "detector / form"), "",
          "## Multi-value layouts", "", table(Counter(s["form"] for s in multis), "layout"), "",
          "## Hard-negative kinds", "", table(Counter(s["form"] for s in negs), "kind"), "",
          "## Languages", "", table(langs, "lang"), "",
          "## Contexts", "", table(ctxs, "context"), ""]
    with open(os.path.join(HERE, "README.md"), "w", encoding="utf-8") as fh:
        fh.write("\n".join(md))


if __name__ == "__main__":
    main()
