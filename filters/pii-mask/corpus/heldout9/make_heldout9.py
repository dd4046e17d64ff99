#!/usr/bin/env python3
"""make_heldout9.py -- ninth blind held-out PII test corpus.

Written blind from the brief only. Python 3 standard library only, no input files,
fully deterministic (SEED = 90909). Writes heldout9.jsonl and README.md next to this
script and prints the sample count and the SHA-256 of the jsonl.
"""
import base64
import hashlib
import ipaddress
import json
import math
import os
import re
import random
import string
import struct
import sys
import unicodedata
import zlib

SEED = 90909
R = random.Random(SEED)
HERE = os.path.dirname(os.path.abspath(__file__))

NBSP = '\u00a0'
THIN = '\u2009'
ZWSP = '\u200b'
MASK = '\ue000'

DIG = string.digits
UP = string.ascii_uppercase
LO = string.ascii_lowercase
ALNUM = DIG + UP + LO
B64U = ALNUM + '-_'
HEX = '0123456789abcdef'


def ch(seq):
    return seq[R.randrange(len(seq))]


def chd(d):
    return d[ch(sorted(d))]


def wch(pairs):
    """weighted choice from a list of (item, weight)."""
    tot = sum(w for _, w in pairs)
    x = R.random() * tot
    for it, w in pairs:
        x -= w
        if x < 0:
            return it
    return pairs[-1][0]


def rnd(alpha, n):
    return ''.join(alpha[R.randrange(len(alpha))] for _ in range(n))


def digs(n):
    return rnd(DIG, n)


def fullwidth(s):
    return ''.join(chr(ord(c) + 0xFEE0) if '0' <= c <= '9' else c for c in s)


def b64u(b):
    return base64.urlsafe_b64encode(b).rstrip(b'=').decode()


def b64u_dec(s):
    return base64.urlsafe_b64decode(s + '=' * (-len(s) % 4))


def rbytes(n):
    return bytes(R.randrange(256) for _ in range(n))


# ---------------------------------------------------------------- checksums
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


def luhn_digit(partial):
    for d in DIG:
        if luhn_ok(partial + d):
            return d
    raise AssertionError


def mod97(s):
    n = ''
    for c in s:
        n += str(int(c, 36))
    return int(n) % 97


def iban_valid_compact(s):
    s = s.upper()
    if len(s) < 5:
        return False
    return mod97(s[4:] + s[:4]) == 1


# ---------------------------------------------------------------- DER helpers
def der_len(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, 'big')
    return bytes([0x80 | len(b)]) + b


def der(tag, content):
    return bytes([tag]) + der_len(len(content)) + content


def der_int(x):
    return der(0x02, x.to_bytes(x.bit_length() // 8 + 1, 'big'))


def der_seq(*items):
    return der(0x30, b''.join(items))


def der_oid(dotted):
    parts = [int(p) for p in dotted.split('.')]
    body = bytes([40 * parts[0] + parts[1]])
    for p in parts[2:]:
        enc = [p & 0x7F]
        p >>= 7
        while p:
            enc.append(0x80 | (p & 0x7F))
            p >>= 7
        body += bytes(reversed(enc))
    return der(0x06, body)


DER_NULL = b'\x05\x00'


def der_oct(b):
    return der(0x04, b)


def der_bits(b):
    return der(0x03, b'\x00' + b)


def der_parse(b, i=0):
    """parse one TLV; returns (tag, content_start, content_end)."""
    tag = b[i]
    ln = b[i + 1]
    j = i + 2
    if ln & 0x80:
        k = ln & 0x7F
        ln = int.from_bytes(b[j:j + k], 'big')
        j += k
    return tag, j, j + ln


def der_children(b, start, end):
    out = []
    i = start
    while i < end:
        t, s, e = der_parse(b, i)
        out.append((t, s, e))
        i = e
    if i != end:
        raise ValueError('bad DER')
    return out


# ---------------------------------------------------------------- primes / RSA
SMALL_PRIMES = [p for p in range(3, 3000) if all(p % q for q in range(2, int(p ** 0.5) + 1))]


def probable_prime(n):
    for p in SMALL_PRIMES:
        if n % p == 0:
            return n == p
    d, s = n - 1, 0
    while d % 2 == 0:
        d //= 2
        s += 1
    for a in (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37):
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
        if probable_prime(c):
            return c


def rsa_key(bits):
    e = 65537
    while True:
        p, q = gen_prime(bits // 2), gen_prime(bits // 2)
        if p == q:
            continue
        if p < q:
            p, q = q, p
        phi = (p - 1) * (q - 1)
        if math.gcd(e, phi) != 1:
            continue
        n = p * q
        if n.bit_length() != bits:
            continue
        d = pow(e, -1, phi)
        return (n, e, d, p, q, d % (p - 1), d % (q - 1), pow(q, -1, p))


def rsa_pkcs1_der(k):
    return der_seq(der_int(0), *[der_int(x) for x in k])


OID_RSA = '1.2.840.113549.1.1.1'
OID_ECPUB = '1.2.840.10045.2.1'
OID_P256 = '1.2.840.10045.3.1.7'
OID_ED25519 = '1.3.101.112'


def rsa_pkcs8_der(k):
    return der_seq(der_int(0), der_seq(der_oid(OID_RSA), DER_NULL), der_oct(rsa_pkcs1_der(k)))


def rsa_spki_der(k):
    return der_seq(der_seq(der_oid(OID_RSA), DER_NULL), der_bits(der_seq(der_int(k[0]), der_int(k[1]))))


# ---------------------------------------------------------------- P-256
P256_P = 2 ** 256 - 2 ** 224 + 2 ** 192 + 2 ** 96 - 1
P256_A = P256_P - 3
P256_B = 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b
P256_G = (0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296,
          0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5)
P256_N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551


def ec_add(P, Q):
    p = P256_P
    if P is None:
        return Q
    if Q is None:
        return P
    if P[0] == Q[0] and (P[1] + Q[1]) % p == 0:
        return None
    if P == Q:
        lam = (3 * P[0] * P[0] + P256_A) * pow(2 * P[1], -1, p) % p
    else:
        lam = (Q[1] - P[1]) * pow(Q[0] - P[0], -1, p) % p
    x = (lam * lam - P[0] - Q[0]) % p
    return (x, (lam * (P[0] - x) - P[1]) % p)


def ec_mul(k, P):
    Rr = None
    while k:
        if k & 1:
            Rr = ec_add(Rr, P)
        P = ec_add(P, P)
        k >>= 1
    return Rr


def ec_on_curve(P):
    x, y = P
    return (y * y - (x * x * x + P256_A * x + P256_B)) % P256_P == 0


def p256_key():
    d = R.randrange(1, P256_N)
    Q = ec_mul(d, P256_G)
    pub = b'\x04' + Q[0].to_bytes(32, 'big') + Q[1].to_bytes(32, 'big')
    return d.to_bytes(32, 'big'), pub


def sec1_der(priv, pub, params=True):
    items = [der_int(1), der_oct(priv)]
    if params:
        items.append(der(0xA0, der_oid(OID_P256)))
    items.append(der(0xA1, der_bits(pub)))
    return der_seq(*items)


def ec_pkcs8_der(priv, pub):
    return der_seq(der_int(0), der_seq(der_oid(OID_ECPUB), der_oid(OID_P256)), der_oct(sec1_der(priv, pub, False)))


def ec_spki_der(pub):
    return der_seq(der_seq(der_oid(OID_ECPUB), der_oid(OID_P256)), der_bits(pub))


# ---------------------------------------------------------------- Ed25519
ED_Q = 2 ** 255 - 19
ED_L = 2 ** 252 + 27742317777372353535851937790883648493
ED_D = -121665 * pow(121666, -1, ED_Q) % ED_Q
ED_I = pow(2, (ED_Q - 1) // 4, ED_Q)


def ed_xrecover(y):
    xx = (y * y - 1) * pow(ED_D * y * y + 1, -1, ED_Q)
    x = pow(xx, (ED_Q + 3) // 8, ED_Q)
    if (x * x - xx) % ED_Q != 0:
        x = (x * ED_I) % ED_Q
    if x % 2 != 0:
        x = ED_Q - x
    return x


ED_BY = 4 * pow(5, -1, ED_Q) % ED_Q
ED_B = (ed_xrecover(ED_BY), ED_BY)


def ed_add(P, Q):
    x1, y1 = P
    x2, y2 = Q
    x3 = (x1 * y2 + x2 * y1) * pow(1 + ED_D * x1 * x2 * y1 * y2, -1, ED_Q)
    y3 = (y1 * y2 + x1 * x2) * pow(1 - ED_D * x1 * x2 * y1 * y2, -1, ED_Q)
    return (x3 % ED_Q, y3 % ED_Q)


def ed_mul(k, P):
    Q = (0, 1)
    while k:
        if k & 1:
            Q = ed_add(Q, P)
        P = ed_add(P, P)
        k >>= 1
    return Q


def ed_pub(seed):
    h = hashlib.sha512(seed).digest()
    a = int.from_bytes(h[:32], 'little')
    a &= (1 << 254) - 8
    a |= 1 << 254
    x, y = ed_mul(a, ED_B)
    return (y | ((x & 1) << 255)).to_bytes(32, 'little')


def ed_pkcs8_der(seed):
    return der_seq(der_int(0), der_seq(der_oid(OID_ED25519)), der_oct(der_oct(seed)))


def ed_spki_der(pub):
    return der_seq(der_seq(der_oid(OID_ED25519)), der_bits(pub))


def ssh_str(b):
    return struct.pack('>I', len(b)) + b


def openssh_ed25519(seed, comment):
    pub = ed_pub(seed)
    pub_blob = ssh_str(b'ssh-ed25519') + ssh_str(pub)
    chk = R.getrandbits(32)
    priv = struct.pack('>II', chk, chk) + ssh_str(b'ssh-ed25519') + ssh_str(pub) + \
        ssh_str(seed + pub) + ssh_str(comment.encode())
    i = 1
    while len(priv) % 8:
        priv += bytes([i])
        i += 1
    blob = b'openssh-key-v1\x00' + ssh_str(b'none') + ssh_str(b'none') + ssh_str(b'') + \
        struct.pack('>I', 1) + ssh_str(pub_blob) + ssh_str(priv)
    return blob, pub_blob


def encrypted_pkcs8_der(enc_len):
    salt = rbytes(R.choice([8, 16]))
    iters = R.choice([2048, 10000, 100000, 600000])
    iv = rbytes(16)
    alg = der_seq(
        der_oid('1.2.840.113549.1.5.13'),
        der_seq(
            der_seq(der_oid('1.2.840.113549.1.5.12'),
                    der_seq(der_oct(salt), der_int(iters),
                            der_seq(der_oid('1.2.840.113549.2.9'), DER_NULL))),
            der_seq(der_oid('2.16.840.1.101.3.4.1.42'), der_oct(iv))))
    return der_seq(alg, der_oct(rbytes(enc_len)))


def pem_wrap(label, der_bytes, width=64):
    b = base64.b64encode(der_bytes).decode()
    lines = [b[i:i + width] for i in range(0, len(b), width)]
    return ['-----BEGIN %s-----' % label] + lines + ['-----END %s-----' % label]


def self_test_crypto():
    # RFC 8032 test vector 1
    seed = bytes.fromhex('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60')
    assert ed_pub(seed).hex() == 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a'
    assert ec_on_curve(P256_G)
    assert ec_mul(P256_N, P256_G) is None
    assert probable_prime(2 ** 127 - 1) and not probable_prime(2 ** 128 + 1)
    assert luhn_ok('79927398713') and not luhn_ok('79927398710')
    assert iban_valid_compact('GB82WEST12345698765432')  # registry example, used only as a self-test


# ================================================================ pools
# Person names: per language, given names with gender, family names as (male, female).
# Real common given and family names; combinations are drawn at random below.
NAME_LANGS = {
    'en': (['Oliver/m', 'Hannah/f', 'Gareth/m', 'Megan/f', 'Trevor/m', 'Shannon/f'],
           ['Whitlock', 'Pemberton', 'Ashworth', 'Fletcher', 'Holloway', 'Bennett']),
    'de': (['Jonas/m', 'Katrin/f', 'Matthias/m', 'Birgit/f', 'Sven/m', 'Ulrike/f'],
           ['Hoffmann', 'Schröder', 'Krüger', 'Lehmann', 'Vogt', 'Brandt', 'von Bredow']),
    'fr': (['Julien/m', 'Élodie/f', 'Mathieu/m', 'Sandrine/f', 'Thibault/m', 'Camille/f'],
           ['Lefebvre', 'Moreau', 'Girard', 'Fontaine', 'Chevalier', 'Mercier', 'de Villiers']),
    'es': (['Alejandro/m', 'Lucía/f', 'Javier/m', 'Nerea/f', 'Sergio/m', 'Marta/f'],
           ['Fernández Navarro', 'Romero', 'Ortega', 'Delgado Castillo', 'Castillo', 'Navarro Ruiz']),
    'it': (['Matteo/m', 'Giulia/f', 'Lorenzo/m', 'Federica/f', 'Davide/m', 'Chiara/f'],
           ['Esposito', 'Colombo', 'Ricci', 'Marino', 'Greco', 'De Santis']),
    'pt': (['João/m', 'Beatriz/f', 'Tiago/m', 'Inês/f', 'Rafael/m', 'Mariana/f'],
           ['Ferreira', 'Carvalho', 'Almeida', 'Ribeiro da Costa', 'dos Santos', 'Pereira']),
    'nl': (['Daan/m', 'Sanne/f', 'Thijs/m', 'Femke/f', 'Bram/m', 'Lotte/f'],
           ['van Dijk', 'de Vries', 'van den Berg', 'Bakker', 'Visser', 'Jansen']),
    'sv': (['Johan/m', 'Elin/f', 'Oskar/m', 'Frida/f', 'Anders/m', 'Maja/f'],
           ['Lindqvist', 'Sjöberg', 'Nyström', 'Berglund', 'Åkesson', 'Holmgren']),
    'da': (['Rasmus/m', 'Mette/f', 'Mikkel/m', 'Sofie/f', 'Jesper/m', 'Ida/f'],
           ['Kristensen', 'Thomsen', 'Poulsen', 'Madsen', 'Østergaard', 'Kjær']),
    'nb': (['Håkon/m', 'Ingrid/f', 'Eirik/m', 'Sigrid/f', 'Vegard/m', 'Tuva/f'],
           ['Haugen', 'Solheim', 'Bakken', 'Haugland', 'Brekke', 'Dahl']),
    'fi': (['Juha/m', 'Aino/f', 'Mikko/m', 'Kaisa/f', 'Ville/m', 'Riikka/f'],
           ['Virtanen', 'Korhonen', 'Mäkinen', 'Heikkinen', 'Koskinen', 'Järvinen']),
    'pl': (['Tomasz/m', 'Agnieszka/f', 'Paweł/m', 'Katarzyna/f', 'Krzysztof/m', 'Magdalena/f'],
           [('Kowalczyk', 'Kowalczyk'), ('Wiśniewski', 'Wiśniewska'), ('Zieliński', 'Zielińska'),
            ('Wójcik', 'Wójcik'), ('Kamiński', 'Kamińska'), ('Szymański', 'Szymańska')]),
    'cs': (['Jakub/m', 'Petra/f', 'Ondřej/m', 'Lucie/f', 'Marek/m', 'Tereza/f'],
           [('Dvořák', 'Dvořáková'), ('Novotný', 'Novotná'), ('Procházka', 'Procházková'),
            ('Černý', 'Černá'), ('Kučera', 'Kučerová'), ('Veselý', 'Veselá')]),
    'sk': (['Lukáš/m', 'Zuzana/f', 'Peter/m', 'Jana/f', 'Michal/m', 'Katarína/f'],
           [('Horváth', 'Horváthová'), ('Kováč', 'Kováčová'), ('Baláž', 'Balážová'),
            ('Tóth', 'Tóthová'), ('Szabó', 'Szabóová')]),
    'hu': (['Balázs/m', 'Eszter/f', 'Gergely/m', 'Zsófia/f', 'Levente/m', 'Réka/f'],
           ['Nagy', 'Kovács', 'Szűcs', 'Varga', 'Molnár', 'Farkas']),
    'ro': (['Andrei/m', 'Ioana/f', 'Bogdan/m', 'Cristina/f', 'Mihai/m', 'Alina/f'],
           ['Popescu', 'Ionescu', 'Dumitrescu', 'Stoica', 'Munteanu', 'Georgescu']),
    'hr': (['Luka/m', 'Ivana/f', 'Marko/m', 'Maja/f', 'Ivan/m', 'Nikolina/f'],
           ['Horvat', 'Kovačević', 'Babić', 'Marić', 'Jurić', 'Knežević']),
    'sl': (['Matej/m', 'Urška/f', 'Žiga/m', 'Špela/f', 'Jure/m', 'Nina/f'],
           ['Krajnc', 'Zupančič', 'Potočnik', 'Kovačič', 'Mlakar', 'Vidmar']),
    'tr': (['Burak/m', 'Elif/f', 'Emre/m', 'Zeynep/f', 'Mert/m', 'Ayşe/f'],
           ['Yılmaz', 'Öztürk', 'Arslan', 'Doğan', 'Kılıç', 'Aksoy']),
    'el': (['Γιώργος/m', 'Ελένη/f', 'Νίκος/m', 'Κατερίνα/f', 'Δημήτρης/m', 'Σοφία/f'],
           ['Αλεξίου', 'Νικολάου', 'Γεωργίου', 'Οικονόμου', 'Βασιλείου', 'Ιωάννου']),
    'ru': (['Дмитрий/m', 'Екатерина/f', 'Сергей/m', 'Ольга/f', 'Алексей/m', 'Наталья/f'],
           [('Смирнов', 'Смирнова'), ('Кузнецов', 'Кузнецова'), ('Соколов', 'Соколова'),
            ('Лебедев', 'Лебедева'), ('Морозов', 'Морозова'), ('Волков', 'Волкова')]),
    'uk': (['Тарас/m', 'Оксана/f', 'Богдан/m', 'Ірина/f', 'Андрій/m', 'Олена/f'],
           ['Бондаренко', 'Коваленко', 'Ткаченко', 'Кравченко', 'Мельник', 'Литвиненко']),
    'bg': (['Георги/m', 'Десислава/f', 'Стоян/m', 'Милена/f', 'Ивайло/m', 'Радостина/f'],
           [('Петров', 'Петрова'), ('Георгиев', 'Георгиева'), ('Димитров', 'Димитрова'),
            ('Христов', 'Христова'), ('Илиев', 'Илиева')]),
    'ar': (['عمر/m', 'ليلى/f', 'يوسف/m', 'فاطمة/f', 'خالد/m', 'نور/f'],
           ['الحسن', 'العمري', 'الزهراني', 'حداد', 'منصور', 'الخطيب']),
    'he': (['איתי/m', 'נועה/f', 'יונתן/m', 'מיכל/f', 'עומר/m', 'שירה/f'],
           ['כהן', 'לוי', 'מזרחי', 'פרץ', 'ביטון', 'אברהם']),
    'fa': (['علی/m', 'سارا/f', 'رضا/m', 'مریم/f', 'حمید/m', 'نگار/f'],
           ['رضایی', 'محمدی', 'حسینی', 'کریمی', 'احمدی', 'موسوی']),
    'hi': (['राहुल/m', 'प्रिया/f', 'विकास/m', 'अनीता/f', 'अमित/m', 'नेहा/f'],
           ['शर्मा', 'वर्मा', 'गुप्ता', 'सिंह', 'पटेल', 'जोशी']),
    'bn': (['সৌরভ/m', 'তানিয়া/f', 'অর্ণব/m', 'মৌমিতা/f', 'রাকিব/m', 'ফারহানা/f'],
           ['চৌধুরী', 'রহমান', 'সরকার', 'হোসেন', 'দাস', 'মজুমদার']),
    'ja': (['健太/m', '美咲/f', '翔太/m', '陽菜/f', '大輔/m', '結衣/f'],
           ['佐藤', '鈴木', '高橋', '渡辺', '伊藤', '中村']),
    'zh': (['伟/m', '芳/f', '磊/m', '秀英/f', '浩然/m', '静怡/f'],
           ['王', '李', '张', '刘', '陈', '杨']),
    'ko': (['민준/m', '서연/f', '지훈/m', '하은/f', '도윤/m', '수빈/f'],
           ['김', '박', '최', '정', '강', '윤']),
    'th': (['ธนพล/m', 'กมลชนก/f', 'ณัฐวุฒิ/m', 'ศิริพร/f', 'ปิยะ/m', 'อรุณี/f'],
           ['ศรีสุข', 'วงศ์ใหญ่', 'แสงทอง', 'บุญมา', 'ทองดี', 'จันทร์เพ็ญ']),
    'vi': (['Văn Hùng/m', 'Thị Lan/f', 'Minh Tuấn/m', 'Thu Hương/f', 'Quốc Bảo/m', 'Ngọc Thảo/f'],
           ['Nguyễn', 'Trần', 'Phạm', 'Hoàng', 'Võ', 'Đặng']),
    'id': (['Budi/m', 'Dewi/f', 'Agus/m', 'Rina/f', 'Eko/m', 'Wulan/f'],
           ['Santoso', 'Wijaya', 'Kusuma', 'Saputra', 'Hidayat', 'Pratama']),
    'tl': (['Jomar/m', 'Maricel/f', 'Arnel/m', 'Rowena/f', 'Ramil/m', 'Lorna/f'],
           ['dela Cruz', 'Bautista', 'Villanueva', 'Mendoza', 'Reyes', 'Manalo']),
    'sw': (['Otieno/m', 'Wanjiru/f', 'Kibet/m', 'Achieng/f', 'Mwangi/m', 'Halima/f'],
           ['Kamau', 'Njoroge', 'Mutua', 'Wekesa', 'Odhiambo', 'Chebet']),
    'et': (['Priit/m', 'Kadri/f', 'Tarmo/m', 'Liis/f', 'Indrek/m', 'Kertu/f'],
           ['Tamm', 'Sepp', 'Kask', 'Rebane', 'Ilves', 'Kuusk']),
    'lt': (['Mindaugas/m', 'Rūta/f', 'Darius/m', 'Eglė/f', 'Tomas/m', 'Aistė/f'],
           [('Petrauskas', 'Petrauskienė'), ('Jankauskas', 'Jankauskienė'),
            ('Stankevičius', 'Stankevičienė'), ('Vasiliauskas', 'Vasiliauskienė')]),
    'lv': (['Jānis/m', 'Ilze/f', 'Andris/m', 'Līga/f', 'Mārtiņš/m', 'Dace/f'],
           [('Bērziņš', 'Bērziņa'), ('Kalniņš', 'Kalniņa'), ('Ozoliņš', 'Ozoliņa'), ('Liepiņš', 'Liepiņa')]),
}
FAMILY_FIRST = {'hu', 'ja', 'zh', 'ko', 'vi'}
NO_SPACE = {'ja', 'zh', 'ko'}
PARTICLES = {'van', 'de', 'den', 'der', 'von', 'da', 'dos', 'das', 'del', 'dela', 'di', 'le', 'la', 'du'}
COMBOS_PER_LANG = 7


def build_name_pool():
    pool = []
    for lang in sorted(NAME_LANGS):
        givens, fams = NAME_LANGS[lang]
        seen = []
        tries = 0
        while len(seen) < COMBOS_PER_LANG and tries < 500:
            tries += 1
            g, sex = ch(givens).split('/')
            f = ch(fams)
            if isinstance(f, tuple):
                f = f[0] if sex == 'm' else f[1]
            key = (g, f)
            if key in seen:
                continue
            seen.append(key)
        for g, f in seen:
            sex = [x.split('/')[1] for x in givens if x.split('/')[0] == g][0]
            pool.append({'lang': lang, 'given': g, 'family': f, 'sex': sex})
    return pool


NAME_POOL = build_name_pool()

# Streets: invented names (nature, trades, landscape; none named after people).
# style: after = "Name N", before = "N Name", comma = "Name, N", fr = "N rue ..",
# lu = "N, rue ..", slash = "Name N/M", tr = "Name No: N", id = "Jl. Name No. N"
STREETS = {
    'DE': ('after', ['Lindenweg', 'Mühlbachstraße', 'Am Kiesgrund', 'Birkenallee', 'Quellenweg', 'Ahornring', 'Hopfengarten']),
    'AT': ('after', ['Feldgasse', 'Weidenweg', 'Mühlgasse', 'Am Lerchenfeld', 'Kastaniengasse']),
    'CH': ('after', ['Rebbergstrasse', 'Seefeldweg', 'Sonnenhalde', 'Im Grünhof', 'Obstgartenweg']),
    'NL': ('after', ['Populierenlaan', 'Zandpad', 'Beukenhof', 'Waterkant', 'Duinroosstraat', 'Korenbloemstraat']),
    'BE': ('after', ['Kouterstraat', 'Meersstraat', 'Rue des Tilleuls', 'Chaussée des Alouettes']),
    'FR': ('fr', ['rue des Tanneurs', 'avenue des Glycines', 'impasse du Moulin', 'chemin des Vignes', 'allée des Mésanges', 'boulevard des Ormeaux']),
    'LU': ('lu', ['rue des Prés', 'rue de la Forge', 'route des Vergers']),
    'ES': ('comma', ['Calle del Olmo', 'Avenida de los Almendros', 'Paseo de las Acacias', 'Calle de la Sal', 'Travesía del Pozo', 'Calle de los Tintoreros']),
    'PT': ('comma', ['Rua das Flores', 'Travessa do Moinho', 'Avenida das Oliveiras', 'Rua do Vale Fundo', 'Largo da Fonte']),
    'IT': ('itc', ['Via dei Mulini', 'Via delle Ginestre', 'Viale dei Pini', 'Vicolo del Pozzo', 'Via della Fornace']),
    'GB': ('before', ['Kestrel Lane', 'Mill Race Road', 'Orchard Close', 'Hawthorn Crescent', 'Quarry Hill', 'Ashgrove Terrace']),
    'IE': ('before', ['Harbour View', 'Rowan Park', 'Bog Road', 'Heather Drive']),
    'US': ('before', ['Maple Hollow Rd', 'Cedar Bluff Drive', 'N Willow Creek Blvd', 'Sycamore Ave', 'Old Mill Pike', 'Prairie Wind Ct']),
    'CA': ('before', ['Spruce Ridge Rd', 'Beaver Pond Lane', 'Tamarack Way']),
    'AU': ('before', ['Banksia Street', 'Wattle Grove', 'Bottlebrush Parade', 'Ironbark Road']),
    'NZ': ('before', ['Kowhai Street', 'Tui Crescent', 'Pohutukawa Drive']),
    'PL': ('after', ['ul. Polna', 'ul. Jaśminowa', 'ul. Kwiatowa', 'ul. Leśna', 'ul. Wrzosowa', 'al. Lipowa']),
    'CZ': ('slash', ['Lipová', 'Na Výsluní', 'Za Mlýnem', 'Ke Studánce', 'Sadová', 'Jabloňová']),
    'SK': ('slash', ['Jarná', 'Orgovánová', 'Pod Hájom', 'Záhradnícka']),
    'HU': ('after', ['Rózsa utca', 'Hársfa utca', 'Malom köz', 'Szőlőhegy út', 'Gesztenyés sor']),
    'RO': ('after', ['Strada Teilor', 'Strada Morii', 'Aleea Castanilor', 'Strada Fântânii']),
    'SE': ('after', ['Björkvägen', 'Sjögatan', 'Lingonstigen', 'Ekbacken', 'Hamngatan']),
    'NO': ('after', ['Furuveien', 'Bjørkelia', 'Sjøgata', 'Granstien', 'Fjellvegen']),
    'DK': ('after', ['Bøgevej', 'Engtoften', 'Lærkevej', 'Møllegade', 'Hyldebærvej']),
    'FI': ('after', ['Koivukuja', 'Rantatie', 'Pihlajatie', 'Myllykatu', 'Kuusitie']),
    'EE': ('after', ['Kase tänav', 'Männi tee', 'Pärna põik', 'Sadama tänav']),
    'LV': ('after', ['Liepu iela', 'Ozolu iela', 'Dzirnavu iela', 'Priežu iela']),
    'LT': ('after', ['Liepų g.', 'Beržų g.', 'Klevų g.', 'Pušų g.']),
    'HR': ('after', ['Ulica lipa', 'Vinogradska ulica', 'Ulica kestena', 'Mlinska ulica']),
    'SI': ('after', ['Lipova ulica', 'Cesta na Brdo', 'Vrtna ulica', 'Pod gozdom']),
    'GR': ('after', ['Οδός Πλατάνων', 'Λεωφόρος Ελαιών', 'Οδός Κυπαρίσσων', 'Οδός Μύλων']),
    'TR': ('tr', ['Lale Sokak', 'Çınar Caddesi', 'Menekşe Sokağı', 'Zeytin Sokak', 'Akasya Caddesi']),
    'BR': ('comma', ['Rua das Acácias', 'Avenida dos Ipês', 'Rua do Riacho', 'Travessa das Palmeiras']),
    'MX': ('after', ['Calle Jacarandas', 'Avenida de los Fresnos', 'Calle Nogal', 'Privada del Sauce']),
    'AR': ('after', ['Av. de los Olmos', 'Calle Los Aromos', 'Pasaje Las Tunas']),
    'ID': ('id', ['Jl. Melati', 'Jl. Kenanga', 'Jl. Cempaka', 'Jl. Anggrek']),
    'RU': ('comma', ['ул. Садовая', 'ул. Лесная', 'ул. Речная']),
    'UA': ('comma', ['вул. Вишнева', 'вул. Озерна', 'вул. Джерельна']),
    'BG': ('after', ['ул. Люляк', 'ул. Явор']),
    'KR': ('after', ['은행나무로', '솔숲길', '느티나무길']),
}
CITY = {
    'DE': ['10437 Berlin', '34117 Kassel', '79098 Freiburg'], 'AT': ['8010 Graz', '4020 Linz'],
    'CH': ['8004 Zürich', '3012 Bern'], 'NL': ['3512 JK Utrecht', '9711 LM Groningen'],
    'BE': ['9000 Gent', '1050 Ixelles'], 'FR': ['69003 Lyon', '35000 Rennes'], 'LU': ['L-1618 Luxembourg'],
    'ES': ['48005 Bilbao', '46001 Valencia'], 'PT': ['4050-262 Porto', '1100-148 Lisboa'],
    'IT': ['40126 Bologna', '10121 Torino'], 'GB': ['Leeds LS6 2QE', 'Bristol BS3 4RT'],
    'IE': ['Galway H91 E2K7'], 'US': ['Boise, ID 83702', 'Tulsa, OK 74103'], 'CA': ['Halifax, NS B3H 1X2'],
    'AU': ['Hobart TAS 7000'], 'NZ': ['Nelson 7010'], 'PL': ['80-831 Gdańsk', '31-042 Kraków'],
    'CZ': ['602 00 Brno', '779 00 Olomouc'], 'SK': ['040 01 Košice'], 'HU': ['6720 Szeged'],
    'RO': ['400001 Cluj-Napoca'], 'SE': ['753 20 Uppsala'], 'NO': ['5003 Bergen'], 'DK': ['8000 Aarhus C'],
    'FI': ['33100 Tampere'], 'EE': ['51004 Tartu'], 'LV': ['LV-1050 Rīga'], 'LT': ['44280 Kaunas'],
    'HR': ['21000 Split'], 'SI': ['2000 Maribor'], 'GR': ['546 22 Θεσσαλονίκη'], 'TR': ['35210 İzmir'],
    'BR': ['Curitiba - PR, 80010-010'], 'MX': ['44100 Guadalajara, Jal.'], 'AR': ['C1425 CABA'],
    'ID': ['Bandung 40115'], 'RU': ['Казань, 420111'], 'UA': ['Львів, 79000'], 'BG': ['4000 Пловдив'],
    'KR': ['대전광역시 유성구'],
}
STREET_LANG = {'DE': 'de', 'AT': 'de', 'CH': 'de', 'NL': 'nl', 'BE': 'nl', 'FR': 'fr', 'LU': 'fr', 'ES': 'es',
               'PT': 'pt', 'IT': 'it', 'GB': 'en', 'IE': 'en', 'US': 'en', 'CA': 'en', 'AU': 'en', 'NZ': 'en',
               'PL': 'pl', 'CZ': 'cs', 'SK': 'sk', 'HU': 'hu', 'RO': 'ro', 'SE': 'sv', 'NO': 'nb', 'DK': 'da',
               'FI': 'fi', 'EE': 'et', 'LV': 'lv', 'LT': 'lt', 'HR': 'hr', 'SI': 'sl', 'GR': 'el', 'TR': 'tr',
               'BR': 'pt', 'MX': 'es', 'AR': 'es', 'ID': 'id', 'RU': 'ru', 'UA': 'uk', 'BG': 'bg', 'KR': 'ko'}
STREET_POOL = [s for c in sorted(STREETS) for s in STREETS[c][1]]

DOMAINS = ['quillfern.io', 'marrowgate.net', 'tindelbrook.de', 'halvmoon.no', 'brisquet.fr', 'oakhollow.co.uk',
           'verdanta.es', 'lumenkraft.at', 'pelicanrow.com', 'saltmarsh-dev.ie', 'kettlewick.org', 'nordvane.se',
           'ambertide.nl', 'corvalis.it', 'mirabunda.pt', 'hollowreed.ca', 'sprucewell.com.au', 'tavernix.pl',
           'glimmerfold.cz', 'ruskavale.sk', 'dunehaven.gr', 'kestrelpoint.com', 'fernquay.nz', 'tsubamelink.jp',
           'hanbitworks.kr', 'yunqiao-tech.cn', 'darzinet.in', 'kahawalabs.co.ke', 'solmarino.com.br',
           'aguaclara.mx', 'vientosur.com.ar', 'baltivere.ee', 'meadowbyte.dk', 'pajupuu.fi', 'kirschblatt.ch',
           'tulpenhof.be', 'zeytinli.com.tr', 'rigasvejs.lv', 'brightmoor.co', 'pinecrest-mail.org', 'gulfwind.ae']
SUBDOMAINS = ['mail', 'eu', 'support', 'billing.eu', 'corp', 'staff', 'lists', 'dev', 'hr.intra']
COMPANIES = ['Brightmoor Tiles GmbH', 'Quillfern Analytics Ltd', 'Nordvane Pumps AS', 'Kestrel & Oak LLP',
             'Marrowgate Freight B.V.', 'Tindelbrook Bau AG', 'Verdanta Agro S.L.', 'Corvalis Ottica S.r.l.',
             'Ambertide Media BV', 'Halvmoon Fiskeri AS', 'Glimmerfold s.r.o.', 'Pelicanrow Holdings Inc.',
             'Saltmarsh Brewing Co.', 'Tavernix Sp. z o.o.', 'Dunehaven Shipping S.A.', 'Lumenkraft Optik GmbH',
             'Sprucewell Pty Ltd', 'Yunqiao Robotics Co., Ltd.', 'Kahawa Labs Ltd', 'Solmarino Turismo Ltda.',
             'Pajupuu Oy', 'Meadowbyte ApS', 'Zeytinli Gıda A.Ş.', 'Baltivere OÜ', 'Kirschblatt Treuhand AG']
CITIES = ['Lisbon', 'Tallinn', 'Rotterdam', 'Gdańsk', 'Bilbao', 'Tampere', 'Brno', 'Graz', 'Lyon', 'Porto',
          'Thessaloniki', 'Izmir', 'Kyoto', 'Busan', 'Pune', 'Cebu', 'Mombasa', 'Valparaíso', 'Winnipeg',
          'Reykjavík', 'Ljubljana', 'Kaunas', 'Bergen', 'Aarhus', 'Cluj-Napoca', 'Plovdiv', 'Lviv', 'Tbilisi',
          'Marrakesh', 'Hanoi', 'Chiang Mai', 'Surabaya', 'Osaka', 'Chengdu', 'Daejeon', 'Haifa', 'Isfahan']


def fold_ascii(s):
    s = s.replace('ß', 'ss').replace('ø', 'o').replace('Ø', 'O').replace('æ', 'ae').replace('Æ', 'AE')
    s = s.replace('ł', 'l').replace('Ł', 'L').replace('đ', 'd').replace('Đ', 'D').replace('ı', 'i')
    s = unicodedata.normalize('NFKD', s)
    return ''.join(c for c in s if not unicodedata.combining(c))


def is_latin(s):
    return all(ord(c) < 0x250 or c in ' -.' for c in s)


# ================================================================ prose frames (written for this corpus)
# n: nouns per value kind; f: frames with {n}/{N} (noun) and {v} (value); g: neutral frames with {x}
NK = ['email', 'phone', 'card', 'iban', 'ip', 'key', 'token', 'name', 'addr', 'ssn', 'pkey']


def L(nouns, frames, neutral):
    return {'n': dict(zip(NK, nouns)), 'f': frames, 'g': neutral}


LANGS = {
    'en': L(['email address', 'phone number', 'card number', 'IBAN', 'IP address', 'API key', 'token',
             'contact person', 'street address', 'SSN', 'private key'],
            ['Can you update my {n}? The new one is {v}', '{N}: {v}', '{v} — that is the {n} we have on file.',
             'Quick note: the {n} changed to {v}, thanks!', 'Please use {v} as the {n} from now on.',
             'hey, the {n} you asked for → {v}'],
            ['Note for later: {x}', 'FYI — {x}. No action needed.', 'Copied from the old doc: {x}',
             'can someone explain this line? {x}']),
    'de': L(['E-Mail-Adresse', 'Telefonnummer', 'Kartennummer', 'IBAN', 'IP-Adresse', 'API-Schlüssel', 'Token',
             'Ansprechperson', 'Anschrift', 'US-Sozialversicherungsnummer (SSN)', 'privater Schlüssel'],
            ['Bitte im System ändern – {N}: {v}', '{v} ist die aktuelle Angabe ({n}).',
             'Kurze Info: {N} ab sofort {v}, danke!', 'Hier noch die fehlende Angabe, {n}: {v}'],
            ['Notiz für später: {x}', 'Nur zur Info – {x}. Kein Handlungsbedarf.', 'Aus dem alten Dokument kopiert: {x}']),
    'fr': L(['adresse e-mail', 'numéro de téléphone', 'numéro de carte', 'IBAN', 'adresse IP', 'clé API', 'jeton',
             'personne à contacter', 'adresse postale', 'numéro SSN américain', 'clé privée'],
            ['Pouvez-vous mettre à jour ce champ ? {N} : {v}', '{v} — c’est bien l’info à retenir ({n}).',
             'Petite correction, {n} : {v}. Merci !', 'Voici ce que vous m’avez demandé ({n}) : {v}'],
            ['Note pour plus tard : {x}', 'Pour info — {x}. Rien à faire.', 'Copié depuis l’ancien document : {x}']),
    'es': L(['correo electrónico', 'número de teléfono', 'número de tarjeta', 'IBAN', 'dirección IP', 'clave de API',
             'token', 'persona de contacto', 'dirección', 'número SSN (EE. UU.)', 'clave privada'],
            ['¿Me actualizan este dato? {N}: {v}', '{v} es el dato correcto ({n}).',
             'Corrijo lo anterior, {n}: {v}. ¡Gracias!', 'Les paso lo que pidieron → {n}: {v}'],
            ['Nota para luego: {x}', 'Para que conste — {x}. No hace falta hacer nada.', 'Copiado del documento viejo: {x}']),
    'it': L(['indirizzo email', 'numero di telefono', 'numero della carta', 'IBAN', 'indirizzo IP', 'chiave API',
             'token', 'referente', 'indirizzo', 'numero SSN statunitense', 'chiave privata'],
            ['Potete aggiornare questo dato? {N}: {v}', '{v} è il dato giusto ({n}).',
             'Piccola correzione, {n}: {v}. Grazie mille!', 'Come richiesto, vi giro il dato ({n}): {v}'],
            ['Appunto per dopo: {x}', 'Per info — {x}. Nessuna azione richiesta.', 'Copiato dal vecchio documento: {x}']),
    'pt': L(['e-mail', 'telefone', 'número do cartão', 'IBAN', 'endereço IP', 'chave de API', 'token',
             'pessoa de contato', 'endereço', 'número SSN (EUA)', 'chave privada'],
            ['Podem atualizar este campo? {N}: {v}', '{v} é o dado certo ({n}).',
             'Só corrigindo, {n}: {v}. Valeu!', 'Segue o que pediram ({n}): {v}'],
            ['Anotação para depois: {x}', 'Só para constar — {x}. Nada a fazer.', 'Copiado do documento antigo: {x}']),
    'nl': L(['e-mailadres', 'telefoonnummer', 'kaartnummer', 'IBAN', 'IP-adres', 'API-sleutel', 'token',
             'contactpersoon', 'adres', 'Amerikaans SSN-nummer', 'privésleutel'],
            ['Kunnen jullie dit aanpassen? {N}: {v}', '{v} is het juiste gegeven ({n}).',
             'Kleine correctie, {n}: {v}. Bedankt!', 'Zoals gevraagd, {n}: {v}'],
            ['Notitie voor later: {x}', 'Ter info — {x}. Geen actie nodig.', 'Gekopieerd uit het oude document: {x}']),
    'sv': L(['e-postadress', 'telefonnummer', 'kortnummer', 'IBAN', 'IP-adress', 'API-nyckel', 'token',
             'kontaktperson', 'gatuadress', 'amerikanskt SSN-nummer', 'privat nyckel'],
            ['Kan ni uppdatera uppgiften? {N}: {v}', '{v} är rätt uppgift ({n}).',
             'Liten rättelse, {n}: {v}. Tack!', 'Som ni bad om, {n}: {v}'],
            ['Anteckning till senare: {x}', 'För kännedom – {x}. Ingen åtgärd krävs.', 'Kopierat från det gamla dokumentet: {x}']),
    'da': L(['e-mailadresse', 'telefonnummer', 'kortnummer', 'IBAN', 'IP-adresse', 'API-nøgle', 'token',
             'kontaktperson', 'adresse', 'amerikansk SSN-nummer', 'privat nøgle'],
            ['Kan I opdatere oplysningen? {N}: {v}', '{v} er den rigtige oplysning ({n}).',
             'Lille rettelse, {n}: {v}. Tak!', 'Som aftalt, {n}: {v}'],
            ['Note til senere: {x}', 'Til orientering – {x}. Ingen handling nødvendig.', 'Kopieret fra det gamle dokument: {x}']),
    'nb': L(['e-postadresse', 'telefonnummer', 'kortnummer', 'IBAN', 'IP-adresse', 'API-nøkkel', 'token',
             'kontaktperson', 'adresse', 'amerikansk SSN-nummer', 'privat nøkkel'],
            ['Kan dere oppdatere opplysningen? {N}: {v}', '{v} er riktig opplysning ({n}).',
             'Liten retting, {n}: {v}. Takk!', 'Som avtalt, {n}: {v}'],
            ['Notat til senere: {x}', 'Til orientering – {x}. Ingen handling nødvendig.', 'Kopiert fra det gamle dokumentet: {x}']),
    'fi': L(['sähköpostiosoite', 'puhelinnumero', 'kortin numero', 'IBAN', 'IP-osoite', 'API-avain', 'tunniste',
             'yhteyshenkilö', 'katuosoite', 'yhdysvaltalainen SSN-numero', 'yksityinen avain'],
            ['Voisitteko päivittää tiedon? {N}: {v}', '{v} on oikea tieto ({n}).',
             'Pieni korjaus, {n}: {v}. Kiitos!', 'Pyynnöstänne, {n}: {v}'],
            ['Muistiinpano myöhemmäksi: {x}', 'Tiedoksi – {x}. Ei toimenpiteitä.', 'Kopioitu vanhasta dokumentista: {x}']),
    'pl': L(['adres e-mail', 'numer telefonu', 'numer karty', 'IBAN', 'adres IP', 'klucz API', 'token',
             'osoba kontaktowa', 'adres', 'amerykański numer SSN', 'klucz prywatny'],
            ['Czy możecie zaktualizować dane? {N}: {v}', '{v} — to aktualna informacja ({n}).',
             'Mała poprawka, {n}: {v}. Dzięki!', 'Zgodnie z prośbą, {n}: {v}'],
            ['Notatka na później: {x}', 'Dla informacji — {x}. Nic nie trzeba robić.', 'Skopiowane ze starego dokumentu: {x}']),
    'cs': L(['e-mailová adresa', 'telefonní číslo', 'číslo karty', 'IBAN', 'IP adresa', 'klíč API', 'token',
             'kontaktní osoba', 'adresa', 'americké číslo SSN', 'soukromý klíč'],
            ['Můžete prosím aktualizovat údaj? {N}: {v}', '{v} – to je správný údaj ({n}).',
             'Drobná oprava, {n}: {v}. Díky!', 'Jak jste chtěli, {n}: {v}'],
            ['Poznámka na později: {x}', 'Pro informaci – {x}. Není třeba nic dělat.', 'Zkopírováno ze starého dokumentu: {x}']),
    'sk': L(['e-mailová adresa', 'telefónne číslo', 'číslo karty', 'IBAN', 'IP adresa', 'kľúč API', 'token',
             'kontaktná osoba', 'adresa', 'americké číslo SSN', 'súkromný kľúč'],
            ['Môžete prosím aktualizovať údaj? {N}: {v}', '{v} – to je správny údaj ({n}).',
             'Malá oprava, {n}: {v}. Vďaka!', 'Ako ste žiadali, {n}: {v}'],
            ['Poznámka na neskôr: {x}', 'Pre informáciu – {x}. Netreba nič robiť.', 'Skopírované zo starého dokumentu: {x}']),
    'hu': L(['e-mail-cím', 'telefonszám', 'kártyaszám', 'IBAN', 'IP-cím', 'API-kulcs', 'token',
             'kapcsolattartó', 'utcacím', 'amerikai SSN-szám', 'privát kulcs'],
            ['Frissítenétek az adatot? {N}: {v}', '{v} – ez a helyes adat ({n}).',
             'Apró javítás, {n}: {v}. Köszi!', 'Ahogy kértétek, {n}: {v}'],
            ['Jegyzet későbbre: {x}', 'Tájékoztatásul – {x}. Nincs teendő.', 'A régi dokumentumból másolva: {x}']),
    'ro': L(['adresa de e-mail', 'numărul de telefon', 'numărul cardului', 'IBAN', 'adresa IP', 'cheia API',
             'tokenul', 'persoana de contact', 'adresa', 'numărul SSN american', 'cheia privată'],
            ['Puteți actualiza datele? {N}: {v}', '{v} – aceasta este informația corectă ({n}).',
             'O mică corectură, {n}: {v}. Mulțumesc!', 'Cum ați cerut, {n}: {v}'],
            ['Notă pentru mai târziu: {x}', 'Spre informare – {x}. Nu e nevoie de nimic.', 'Copiat din documentul vechi: {x}']),
    'hr': L(['adresa e-pošte', 'broj telefona', 'broj kartice', 'IBAN', 'IP adresa', 'API ključ', 'token',
             'osoba za kontakt', 'adresa', 'američki SSN broj', 'privatni ključ'],
            ['Možete li ažurirati podatak? {N}: {v}', '{v} – to je točan podatak ({n}).',
             'Mali ispravak, {n}: {v}. Hvala!', 'Kako ste tražili, {n}: {v}'],
            ['Bilješka za kasnije: {x}', 'Za informaciju – {x}. Nije potrebna radnja.', 'Kopirano iz starog dokumenta: {x}']),
    'sl': L(['e-poštni naslov', 'telefonska številka', 'številka kartice', 'IBAN', 'IP-naslov', 'ključ API', 'žeton',
             'kontaktna oseba', 'naslov', 'ameriška številka SSN', 'zasebni ključ'],
            ['Lahko posodobite podatek? {N}: {v}', '{v} – to je pravilen podatek ({n}).',
             'Manjši popravek, {n}: {v}. Hvala!', 'Kot ste prosili, {n}: {v}'],
            ['Opomba za pozneje: {x}', 'V vednost – {x}. Ni treba ukrepati.', 'Kopirano iz starega dokumenta: {x}']),
    'tr': L(['e-posta adresi', 'telefon numarası', 'kart numarası', 'IBAN', 'IP adresi', 'API anahtarı', 'belirteç',
             'irtibat kişisi', 'sokak adresi', 'ABD SSN numarası', 'özel anahtar'],
            ['Bilgiyi günceller misiniz? {N}: {v}', '{v} – doğru bilgi bu ({n}).',
             'Küçük bir düzeltme, {n}: {v}. Teşekkürler!', 'İstediğiniz gibi, {n}: {v}'],
            ['Sonrası için not: {x}', 'Bilginize – {x}. Bir şey yapmanıza gerek yok.', 'Eski belgeden kopyalandı: {x}']),
    'el': L(['διεύθυνση email', 'αριθμός τηλεφώνου', 'αριθμός κάρτας', 'IBAN', 'διεύθυνση IP', 'κλειδί API', 'token',
             'υπεύθυνος επικοινωνίας', 'διεύθυνση', 'αμερικανικός αριθμός SSN', 'ιδιωτικό κλειδί'],
            ['Μπορείτε να ενημερώσετε το στοιχείο; {N}: {v}', '{v} – αυτό είναι το σωστό στοιχείο ({n}).',
             'Μικρή διόρθωση, {n}: {v}. Ευχαριστώ!', 'Όπως ζητήσατε, {n}: {v}'],
            ['Σημείωση για αργότερα: {x}', 'Για ενημέρωση – {x}. Δεν χρειάζεται ενέργεια.', 'Αντιγραμμένο από το παλιό έγγραφο: {x}']),
    'ru': L(['адрес электронной почты', 'номер телефона', 'номер карты', 'IBAN', 'IP-адрес', 'API-ключ', 'токен',
             'контактное лицо', 'адрес', 'американский номер SSN', 'закрытый ключ'],
            ['Обновите, пожалуйста, данные. {N}: {v}', '{v} — это актуальные данные ({n}).',
             'Небольшая поправка, {n}: {v}. Спасибо!', 'Как вы просили, {n}: {v}'],
            ['Заметка на потом: {x}', 'К сведению — {x}. Ничего делать не нужно.', 'Скопировано из старого документа: {x}']),
    'uk': L(['адреса електронної пошти', 'номер телефону', 'номер картки', 'IBAN', 'IP-адреса', 'API-ключ', 'токен',
             'контактна особа', 'адреса', 'американський номер SSN', 'приватний ключ'],
            ['Оновіть, будь ласка, дані. {N}: {v}', '{v} — це актуальні дані ({n}).',
             'Невелике виправлення, {n}: {v}. Дякую!', 'Як ви просили, {n}: {v}'],
            ['Нотатка на потім: {x}', 'До відома — {x}. Нічого робити не потрібно.', 'Скопійовано зі старого документа: {x}']),
    'bg': L(['имейл адрес', 'телефонен номер', 'номер на карта', 'IBAN', 'IP адрес', 'API ключ', 'токен',
             'лице за контакт', 'адрес', 'американски номер SSN', 'частен ключ'],
            ['Може ли да обновите данните? {N}: {v}', '{v} – това са верните данни ({n}).',
             'Малка корекция, {n}: {v}. Благодаря!', 'Както поискахте, {n}: {v}'],
            ['Бележка за по-късно: {x}', 'За сведение – {x}. Не е нужно действие.', 'Копирано от стария документ: {x}']),
    'ar': L(['البريد الإلكتروني', 'رقم الهاتف', 'رقم البطاقة', 'رقم الآيبان IBAN', 'عنوان IP', 'مفتاح API', 'رمز الوصول',
             'جهة الاتصال', 'العنوان', 'رقم الضمان الاجتماعي الأمريكي SSN', 'المفتاح الخاص'],
            ['هل يمكنكم تحديث البيانات؟ {n}: {v}', '{v} — هذه هي المعلومة الصحيحة ({n}).',
             'تصحيح بسيط، {n}: {v}. شكرًا!', 'كما طلبتم، {n}: {v}'],
            ['ملاحظة لوقت لاحق: {x}', 'للعلم فقط — {x}. لا حاجة لأي إجراء.', 'منسوخ من المستند القديم: {x}']),
    'he': L(['כתובת דוא״ל', 'מספר טלפון', 'מספר כרטיס', 'IBAN', 'כתובת IP', 'מפתח API', 'טוקן',
             'איש קשר', 'כתובת', 'מספר SSN אמריקאי', 'מפתח פרטי'],
            ['אפשר לעדכן את הפרט? {n}: {v}', '{v} — זה הפרט הנכון ({n}).',
             'תיקון קטן, {n}: {v}. תודה!', 'כפי שביקשתם, {n}: {v}'],
            ['הערה להמשך: {x}', 'לידיעתכם — {x}. אין צורך בפעולה.', 'הועתק מהמסמך הישן: {x}']),
    'fa': L(['نشانی ایمیل', 'شماره تلفن', 'شماره کارت', 'IBAN', 'نشانی IP', 'کلید API', 'توکن',
             'فرد رابط', 'نشانی', 'شماره SSN آمریکایی', 'کلید خصوصی'],
            ['می‌شود این مورد را به‌روز کنید؟ {n}: {v}', '{v} — این اطلاعات درست است ({n}).',
             'یک اصلاح کوچک، {n}: {v}. ممنون!', 'همان‌طور که خواستید، {n}: {v}'],
            ['یادداشت برای بعد: {x}', 'جهت اطلاع — {x}. نیازی به اقدام نیست.', 'از سند قدیمی کپی شده: {x}']),
    'hi': L(['ईमेल पता', 'फ़ोन नंबर', 'कार्ड नंबर', 'IBAN', 'IP पता', 'API कुंजी', 'टोकन',
             'संपर्क व्यक्ति', 'पता', 'अमेरिकी SSN नंबर', 'निजी कुंजी'],
            ['कृपया यह जानकारी अपडेट करें। {n}: {v}', '{v} — यही सही जानकारी है ({n})।',
             'छोटा सा सुधार, {n}: {v}. धन्यवाद!', 'जैसा आपने माँगा था, {n}: {v}'],
            ['बाद के लिए नोट: {x}', 'सूचना के लिए — {x}। कुछ करने की ज़रूरत नहीं।', 'पुराने दस्तावेज़ से कॉपी किया: {x}']),
    'bn': L(['ইমেইল ঠিকানা', 'ফোন নম্বর', 'কার্ড নম্বর', 'IBAN', 'IP ঠিকানা', 'API কী', 'টোকেন',
             'যোগাযোগের ব্যক্তি', 'ঠিকানা', 'মার্কিন SSN নম্বর', 'প্রাইভেট কী'],
            ['অনুগ্রহ করে তথ্যটি হালনাগাদ করুন। {n}: {v}', '{v} — এটাই সঠিক তথ্য ({n})।',
             'ছোট একটা সংশোধন, {n}: {v}। ধন্যবাদ!', 'আপনি যেমন চেয়েছিলেন, {n}: {v}'],
            ['পরের জন্য নোট: {x}', 'জানিয়ে রাখছি — {x}। কিছু করতে হবে না।', 'পুরনো ডকুমেন্ট থেকে কপি করা: {x}']),
    'ja': L(['メールアドレス', '電話番号', 'カード番号', 'IBAN', 'IPアドレス', 'APIキー', 'トークン',
             '担当者', '住所', '米国SSN番号', '秘密鍵'],
            ['{n}の更新をお願いします：{v}', '【{n}】{v}', '{n}は「{v}」です。よろしくお願いします。',
             '訂正です。{n}→ {v}'],
            ['後で確認用メモ：{x}', '参考までに――{x}。対応は不要です。', '旧資料からのコピー：{x}']),
    'zh': L(['电子邮箱', '电话号码', '卡号', 'IBAN', 'IP地址', 'API密钥', '令牌',
             '联系人', '地址', '美国SSN号码', '私钥'],
            ['麻烦更新一下{n}：{v}', '【{n}】{v}', '{n}是「{v}」，谢谢。', '更正一下，{n}为 {v}。'],
            ['备忘：{x}', '仅供参考——{x}。无需处理。', '从旧文档复制：{x}']),
    'ko': L(['이메일 주소', '전화번호', '카드 번호', 'IBAN', 'IP 주소', 'API 키', '토큰',
             '담당자', '주소', '미국 SSN 번호', '개인 키'],
            ['{n} 변경 부탁드립니다: {v}', '[{n}] {v}', '{n}: {v} 로 업데이트해 주세요.', '정정합니다. {n} → {v}'],
            ['나중에 볼 메모: {x}', '참고로 — {x}. 조치는 필요 없습니다.', '예전 문서에서 복사: {x}']),
    'th': L(['อีเมล', 'เบอร์โทรศัพท์', 'หมายเลขบัตร', 'IBAN', 'ที่อยู่ IP', 'คีย์ API', 'โทเคน',
             'ผู้ติดต่อ', 'ที่อยู่', 'หมายเลข SSN ของสหรัฐฯ', 'คีย์ส่วนตัว'],
            ['รบกวนอัปเดต{n}ให้ด้วยนะคะ: {v}', '{v} คือข้อมูลที่ถูกต้อง ({n})',
             'ขอแก้ไขนิดหนึ่ง {n}: {v} ขอบคุณครับ', 'ตามที่ขอไว้ {n}: {v}'],
            ['บันทึกไว้ดูทีหลัง: {x}', 'แจ้งไว้เฉย ๆ — {x} ไม่ต้องดำเนินการอะไร', 'คัดลอกมาจากเอกสารเก่า: {x}']),
    'vi': L(['địa chỉ email', 'số điện thoại', 'số thẻ', 'IBAN', 'địa chỉ IP', 'khóa API', 'mã token',
             'người liên hệ', 'địa chỉ', 'số SSN của Mỹ', 'khóa riêng tư'],
            ['Nhờ anh chị cập nhật giúp, {n}: {v}', '{v} — đây là thông tin đúng ({n}).',
             'Sửa lại một chút, {n}: {v}. Cảm ơn!', 'Như đã yêu cầu, {n}: {v}'],
            ['Ghi chú để xem sau: {x}', 'Để biết thôi — {x}. Không cần làm gì.', 'Sao chép từ tài liệu cũ: {x}']),
    'id': L(['alamat email', 'nomor telepon', 'nomor kartu', 'IBAN', 'alamat IP', 'kunci API', 'token',
             'narahubung', 'alamat', 'nomor SSN Amerika', 'kunci privat'],
            ['Tolong perbarui datanya ya, {n}: {v}', '{v} — ini data yang benar ({n}).',
             'Koreksi sedikit, {n}: {v}. Makasih!', 'Sesuai permintaan, {n}: {v}'],
            ['Catatan untuk nanti: {x}', 'Sekadar info — {x}. Tidak perlu tindakan.', 'Disalin dari dokumen lama: {x}']),
    'ms': L(['alamat e-mel', 'nombor telefon', 'nombor kad', 'IBAN', 'alamat IP', 'kunci API', 'token',
             'orang untuk dihubungi', 'alamat', 'nombor SSN Amerika', 'kunci persendirian'],
            ['Boleh kemas kini maklumat ini? {N}: {v}', '{v} — inilah maklumat yang betul ({n}).',
             'Pembetulan kecil, {n}: {v}. Terima kasih!', 'Seperti yang diminta, {n}: {v}'],
            ['Nota untuk kemudian: {x}', 'Untuk makluman — {x}. Tiada tindakan diperlukan.', 'Disalin daripada dokumen lama: {x}']),
    'tl': L(['email address', 'numero ng telepono', 'numero ng card', 'IBAN', 'IP address', 'API key', 'token',
             'contact person', 'address', 'US SSN', 'private key'],
            ['Pakiupdate naman po, {n}: {v}', '{v} — ito po ang tamang detalye ({n}).',
             'Maliit na pagtatama, {n}: {v}. Salamat po!', 'Gaya ng hiningi ninyo, {n}: {v}'],
            ['Paalala para mamaya: {x}', 'Para lang alam ninyo — {x}. Walang kailangang gawin.', 'Kinopya mula sa lumang dokumento: {x}']),
    'sw': L(['anwani ya barua pepe', 'namba ya simu', 'namba ya kadi', 'IBAN', 'anwani ya IP', 'ufunguo wa API',
             'tokeni', 'mtu wa kuwasiliana', 'anwani ya mtaa', 'namba ya SSN ya Marekani', 'ufunguo binafsi'],
            ['Tafadhali sasisha taarifa hii, {n}: {v}', '{v} — hii ndiyo taarifa sahihi ({n}).',
             'Marekebisho kidogo, {n}: {v}. Asante!', 'Kama mlivyoomba, {n}: {v}'],
            ['Kumbukumbu ya baadaye: {x}', 'Kwa taarifa tu — {x}. Hakuna hatua inayohitajika.', 'Imenakiliwa kutoka hati ya zamani: {x}']),
    'et': L(['e-posti aadress', 'telefoninumber', 'kaardi number', 'IBAN', 'IP-aadress', 'API-võti', 'token',
             'kontaktisik', 'aadress', 'USA SSN-number', 'privaatvõti'],
            ['Palun uuendage andmeid, {n}: {v}', '{v} – see on õige info ({n}).',
             'Väike parandus, {n}: {v}. Aitäh!', 'Nagu palusite, {n}: {v}'],
            ['Märkus hilisemaks: {x}', 'Teadmiseks – {x}. Midagi pole vaja teha.', 'Kopeeritud vanast dokumendist: {x}']),
    'lt': L(['el. pašto adresas', 'telefono numeris', 'kortelės numeris', 'IBAN', 'IP adresas', 'API raktas',
             'žetonas', 'kontaktinis asmuo', 'adresas', 'JAV SSN numeris', 'privatusis raktas'],
            ['Gal galite atnaujinti duomenis? {N}: {v}', '{v} – tai teisingi duomenys ({n}).',
             'Nedidelis pataisymas, {n}: {v}. Ačiū!', 'Kaip prašėte, {n}: {v}'],
            ['Pastaba vėlesniam laikui: {x}', 'Žiniai – {x}. Nieko daryti nereikia.', 'Nukopijuota iš seno dokumento: {x}']),
    'lv': L(['e-pasta adrese', 'tālruņa numurs', 'kartes numurs', 'IBAN', 'IP adrese', 'API atslēga', 'marķieris',
             'kontaktpersona', 'adrese', 'ASV SSN numurs', 'privātā atslēga'],
            ['Vai varat atjaunināt datus? {N}: {v}', '{v} – tie ir pareizie dati ({n}).',
             'Neliels labojums, {n}: {v}. Paldies!', 'Kā lūdzāt, {n}: {v}'],
            ['Piezīme vēlākam: {x}', 'Zināšanai – {x}. Nekas nav jādara.', 'Nokopēts no vecā dokumenta: {x}']),
}
LANG_CODES = sorted(LANGS)
CJK_LANGS = {'ja', 'zh'}
EN_SSN_FRAMES = ['My social security number is {v}, please keep it private.',
                 'SSN on the W-4 copy: {v}', 'Could you confirm the SSN {v} matches the payroll record?',
                 '{v} is the Social Security Number printed on the card.']


def cap(s):
    return s[:1].upper() + s[1:]


# ================================================================ value generators
# Each returns a dict: v (labelled value), form, pre/post (glue that belongs to the form, unlabelled)
def mk(v, form, pre='', post='', **kw):
    d = {'v': v, 'form': form, 'pre': pre, 'post': post}
    d.update(kw)
    return d


# ---------------- email
ROLE_LOCALS = ['billing', 'accounts.payable', 'support-desk', 'ops', 'hello', 'alerts-noreply', 'press',
               'invoices', 'recruiting', 'it.helpdesk', 'kx.lumen', 'tiderunner77', 'q3-reports', 'office',
               'grants.team', 'frontdesk', 'dpo', 'security-reports', 'orders', 'pilot.program']


def latin_pool():
    return [p for p in NAME_POOL if is_latin(p['given'] + p['family'])]


def email_local():
    r = R.random()
    if r < 0.7:
        p = ch(latin_pool())
        g = fold_ascii(p['given']).lower().replace(' ', '')
        f = fold_ascii(p['family']).lower().replace(' ', '')
        return ch([g + '.' + f, g[0] + '.' + f, f + g[0], g + '_' + f, g + '-' + f, g + f[:3], f + '.' + g,
                   g + '.' + f + str(R.randrange(2, 99))])
    return ch(ROLE_LOCALS)


def gen_email(form=None):
    form = form or wch([('plain', 18), ('upper', 6), ('plus_tag', 8), ('subdomain', 8), ('obf_bracket_at', 6),
                        ('obf_paren_at', 5), ('obf_words', 6), ('obf_spaced_at', 5), ('obf_bracket_dot', 5),
                        ('fullwidth_at', 5), ('zwsp_at', 4), ('mailto', 6), ('angle', 6)])
    local, dom = email_local(), ch(DOMAINS)
    pre = post = ''
    if form == 'plain':
        v = local + '@' + dom
    elif form == 'upper':
        v = (local + '@' + dom).upper() if R.random() < 0.6 else local.upper() + '@' + dom.upper()
    elif form == 'plus_tag':
        v = local + '+' + ch(['newsletter', 'shop', 'invoices', 'tag7', 'github', 'travel']) + '@' + dom
    elif form == 'subdomain':
        v = local + '@' + ch(SUBDOMAINS) + '.' + dom
    elif form == 'obf_bracket_at':
        v = local + ch(['[at]', ' [at] ', '[AT]']) + dom
    elif form == 'obf_paren_at':
        v = local + ch(['(at)', ' (at) ']) + dom
    elif form == 'obf_words':
        parts = dom.split('.')
        v = local + ' at ' + ' dot '.join(parts)
    elif form == 'obf_spaced_at':
        v = local + ' @ ' + dom
    elif form == 'obf_bracket_dot':
        v = local + '@' + dom.replace('.', '[.]')
    elif form == 'fullwidth_at':
        v = local + '＠' + dom
    elif form == 'zwsp_at':
        v = local + ZWSP + '@' + ZWSP + dom
    elif form == 'mailto':
        v = local + '@' + dom
        pre = 'mailto:'
        post = ch(['', '?subject=Invoice%20query', '?cc=' + 'office@' + ch(DOMAINS)])
        if 'office@' in post:
            post = '?subject=Re%3A%20booking'
    elif form == 'angle':
        v = local + '@' + dom
        pre, post = '<', '>'
    return mk(v, form, pre, post)


# ---------------- phone
# iso: (cc, trunk, brackets_ok, [(kind, pattern)]); X = any digit, N = 2-9
PHONES = {
    'DE': ('49', '0', 1, [('m', '151 XXXXXXXX'), ('m', '160 XXXXXXX'), ('m', '176 XXXXXXXX'), ('l', '30 XXXXXXXX'), ('l', '89 XXXXXXX'), ('l', '221 XXXXXXX')]),
    'AT': ('43', '0', 1, [('m', '664 XXXXXXX'), ('m', '699 XXXXXXXX'), ('l', '1 XXXXXXX'), ('l', '316 XXXXXX')]),
    'CH': ('41', '0', 0, [('m', '79 XXX XX XX'), ('m', '78 XXX XX XX'), ('l', '44 XXX XX XX'), ('l', '31 XXX XX XX')]),
    'FR': ('33', '0', 0, [('m', '6 XX XX XX XX'), ('m', '7 XX XX XX XX'), ('l', '1 XX XX XX XX'), ('l', '4 XX XX XX XX')]),
    'BE': ('32', '0', 0, [('m', '47X XX XX XX'), ('m', '49X XX XX XX'), ('l', '2 XXX XX XX'), ('l', '9 XXX XX XX')]),
    'NL': ('31', '0', 0, [('m', '6 XXXXXXXX'), ('l', '20 XXX XXXX'), ('l', '10 XXX XXXX')]),
    'ES': ('34', '', 0, [('m', '6XX XXX XXX'), ('m', '6XX XX XX XX'), ('l', '91 XXX XX XX'), ('l', '93 XXX XX XX')]),
    'PT': ('351', '', 0, [('m', '91X XXX XXX'), ('m', '96X XXX XXX'), ('l', '21X XXX XXX')]),
    'IT': ('39', '', 0, [('m', '34X XXX XXXX'), ('m', '33X XXX XXXX'), ('l', '06 XXXX XXXX'), ('l', '02 XXXX XXXX')]),
    'GB': ('44', '0', 1, [('m', '7NXX XXXXXX'), ('l', '20 NXXX XXXX'), ('l', '161 NXX XXXX'), ('l', '131 NXX XXXX')]),
    'IE': ('353', '0', 1, [('m', '87 XXX XXXX'), ('m', '86 XXX XXXX'), ('l', '1 NXX XXXX')]),
    'US': ('1', '', 1, [('l', '212 NXX XXXX'), ('l', '415 NXX XXXX'), ('l', '312 NXX XXXX'), ('l', '617 NXX XXXX'), ('l', '206 NXX XXXX'), ('l', '512 NXX XXXX'), ('l', '808 NXX XXXX')]),
    'CA': ('1', '', 1, [('l', '604 NXX XXXX'), ('l', '416 NXX XXXX'), ('l', '514 NXX XXXX')]),
    'PL': ('48', '', 0, [('m', '5XX XXX XXX'), ('m', '6XX XXX XXX'), ('m', '7XX XXX XXX'), ('l', '22 XXX XX XX')]),
    'CZ': ('420', '', 0, [('m', '6XX XXX XXX'), ('m', '7XX XXX XXX'), ('l', '2XX XXX XXX')]),
    'SK': ('421', '0', 0, [('m', '9XX XXX XXX'), ('l', '2 XXXX XXXX')]),
    'HU': ('36', '06', 0, [('m', '20 XXX XXXX'), ('m', '30 XXX XXXX'), ('l', '1 XXX XXXX')]),
    'RO': ('40', '0', 0, [('m', '7XX XXX XXX'), ('l', '21 XXX XXXX')]),
    'SE': ('46', '0', 0, [('m', '70 XXX XX XX'), ('m', '73 XXX XX XX'), ('l', '8 XXX XXX XX')]),
    'NO': ('47', '', 0, [('m', '4XX XX XXX'), ('m', '9XX XX XXX'), ('l', '22 XX XX XX')]),
    'DK': ('45', '', 0, [('m', '2X XX XX XX'), ('m', '4X XX XX XX'), ('l', '3X XX XX XX')]),
    'FI': ('358', '0', 0, [('m', '40 XXX XXXX'), ('m', '50 XXX XXXX'), ('l', '9 XXXX XXXX')]),
    'EE': ('372', '', 0, [('m', '5XXX XXXX'), ('l', '6XX XXXX')]),
    'LV': ('371', '', 0, [('m', '2XXX XXXX'), ('l', '67XX XXXX')]),
    'LT': ('370', '8', 0, [('m', '6XX XXXXX'), ('l', '5 XXX XXXX')]),
    'HR': ('385', '0', 0, [('m', '91 XXX XXXX'), ('m', '98 XXX XXXX'), ('l', '1 XXXX XXX')]),
    'SI': ('386', '0', 0, [('m', '41 XXX XXX'), ('m', '31 XXX XXX'), ('l', '1 XXX XX XX')]),
    'GR': ('30', '', 0, [('m', '69X XXX XXXX'), ('l', '21X XXX XXXX')]),
    'TR': ('90', '0', 0, [('m', '53X XXX XX XX'), ('m', '54X XXX XX XX'), ('l', '212 XXX XX XX')]),
    'RU': ('7', '8', 1, [('m', '9XX XXX-XX-XX'), ('l', '495 XXX-XX-XX')]),
    'UA': ('380', '0', 0, [('m', '67 XXX XX XX'), ('m', '50 XXX XX XX'), ('l', '44 XXX XX XX')]),
    'BG': ('359', '0', 0, [('m', '87 XXX XXXX'), ('m', '88 XXX XXXX'), ('l', '2 XXX XXXX')]),
    'IL': ('972', '0', 0, [('m', '5X-XXX-XXXX'), ('l', '3-XXX-XXXX')]),
    'AE': ('971', '0', 0, [('m', '5X XXX XXXX'), ('l', '4 XXX XXXX')]),
    'SA': ('966', '0', 0, [('m', '5X XXX XXXX'), ('l', '11 XXX XXXX')]),
    'EG': ('20', '0', 0, [('m', '10 XXXX XXXX'), ('m', '12 XXXX XXXX'), ('l', '2 XXXX XXXX')]),
    'IN': ('91', '0', 0, [('m', '98XXX XXXXX'), ('m', '70XXX XXXXX'), ('l', '11 XXXX XXXX'), ('l', '22 XXXX XXXX')]),
    'BD': ('880', '0', 0, [('m', '17XX-XXXXXX'), ('m', '18XX-XXXXXX')]),
    'JP': ('81', '0', 1, [('m', '90-XXXX-XXXX'), ('m', '80-XXXX-XXXX'), ('l', '3-XXXX-XXXX'), ('l', '6-XXXX-XXXX')]),
    'KR': ('82', '0', 0, [('m', '10-XXXX-XXXX'), ('l', '2-XXXX-XXXX'), ('l', '31-XXX-XXXX')]),
    'CN': ('86', '', 0, [('m', '13X XXXX XXXX'), ('m', '18X XXXX XXXX'), ('m', '15X XXXX XXXX')]),
    'TW': ('886', '0', 0, [('m', '9XX XXX XXX'), ('l', '2 XXXX XXXX')]),
    'HK': ('852', '', 0, [('m', '9XXX XXXX'), ('m', '6XXX XXXX'), ('l', '2XXX XXXX')]),
    'SG': ('65', '', 0, [('m', '9XXX XXXX'), ('m', '8XXX XXXX'), ('l', '6XXX XXXX')]),
    'MY': ('60', '0', 0, [('m', '12-XXX XXXX'), ('m', '17-XXX XXXX'), ('l', '3-XXXX XXXX')]),
    'TH': ('66', '0', 0, [('m', '8X XXX XXXX'), ('m', '9X XXX XXXX'), ('l', '2 XXX XXXX')]),
    'VN': ('84', '0', 0, [('m', '9X XXX XX XX'), ('m', '3X XXX XX XX'), ('l', '24 XXXX XXXX')]),
    'ID': ('62', '0', 0, [('m', '812-XXXX-XXXX'), ('m', '857-XXXX-XXXX'), ('l', '21 XXXX XXXX')]),
    'PH': ('63', '0', 0, [('m', '917 XXX XXXX'), ('m', '928 XXX XXXX'), ('l', '2 XXXX XXXX')]),
    'AU': ('61', '0', 1, [('m', '4XX XXX XXX'), ('l', '2 9XXX XXXX'), ('l', '3 9XXX XXXX')]),
    'NZ': ('64', '0', 1, [('m', '21 XXX XXXX'), ('m', '22 XXX XXXX'), ('l', '9 XXX XXXX')]),
    'ZA': ('27', '0', 1, [('m', '82 XXX XXXX'), ('m', '72 XXX XXXX'), ('l', '21 XXX XXXX')]),
    'NG': ('234', '0', 0, [('m', '803 XXX XXXX'), ('m', '806 XXX XXXX')]),
    'KE': ('254', '0', 0, [('m', '7XX XXXXXX'), ('m', '1XX XXXXXX')]),
    'BR': ('55', '0', 1, [('m', '11 9XXXX-XXXX'), ('m', '21 9XXXX-XXXX'), ('l', '11 3XXX-XXXX')]),
    'MX': ('52', '', 1, [('m', '55 XXXX XXXX'), ('m', '33 XXXX XXXX')]),
    'AR': ('54', '', 0, [('m', '9 11 XXXX-XXXX'), ('m', '9 351 XXX-XXXX')]),
    'CL': ('56', '', 0, [('m', '9 XXXX XXXX')]),
    'CO': ('57', '', 0, [('m', '3XX XXX XXXX')]),
}
PHONE_LANG = {'DE': 'de', 'AT': 'de', 'CH': 'de', 'FR': 'fr', 'BE': 'nl', 'NL': 'nl', 'ES': 'es', 'PT': 'pt',
              'IT': 'it', 'GB': 'en', 'IE': 'en', 'US': 'en', 'CA': 'en', 'PL': 'pl', 'CZ': 'cs', 'SK': 'sk',
              'HU': 'hu', 'RO': 'ro', 'SE': 'sv', 'NO': 'nb', 'DK': 'da', 'FI': 'fi', 'EE': 'et', 'LV': 'lv',
              'LT': 'lt', 'HR': 'hr', 'SI': 'sl', 'GR': 'el', 'TR': 'tr', 'RU': 'ru', 'UA': 'uk', 'BG': 'bg',
              'IL': 'he', 'AE': 'ar', 'SA': 'ar', 'EG': 'ar', 'IN': 'hi', 'BD': 'bn', 'JP': 'ja', 'KR': 'ko',
              'CN': 'zh', 'TW': 'zh', 'HK': 'zh', 'SG': 'ms', 'MY': 'ms', 'TH': 'th', 'VN': 'vi', 'ID': 'id',
              'PH': 'tl', 'AU': 'en', 'NZ': 'en', 'ZA': 'en', 'NG': 'en', 'KE': 'sw', 'BR': 'pt', 'MX': 'es',
              'AR': 'es', 'CL': 'es', 'CO': 'es'}
FICTIONAL_PHONE = ['7700 900', '20 7946 0', '161 496 0', '131 496 0', '113 496 0', '491 570', '2 5550', '2 7010']


def fill_pattern(p):
    out = ''
    for c in p:
        if c == 'X':
            out += str(R.randrange(10))
        elif c == 'N':
            out += str(R.randrange(2, 10))
        else:
            out += c
    return out


def phone_number(iso=None):
    while True:
        iso = iso or ch(sorted(PHONES))
        cc, trunk, br, pats = PHONES[iso]
        kind, pat = ch(pats)
        sub = fill_pattern(pat)
        if any(sub.startswith(f) for f in FICTIONAL_PHONE):
            continue
        if iso in ('US', 'CA') and sub.split(' ')[1] == '555':
            continue
        return iso, cc, trunk, br, kind, sub


PHONE_FORMS = [('intl_space', 26), ('intl_dash', 7), ('intl_00', 9), ('intl_trunk0', 6), ('intl_compact', 5),
               ('national_space', 10), ('national_dash', 5), ('national_dot', 3), ('national_slash', 3),
               ('area_brackets', 7), ('intl_nbsp', 4), ('intl_thin', 3), ('fullwidth', 4), ('tel_link', 6)]


def gen_phone(form=None, iso=None):
    for _ in range(200):
        f = form or wch(PHONE_FORMS)
        iso2, cc, trunk, br, kind, sub = phone_number(iso)
        groups = re.split(r'[ \-]', sub)
        pre = ''
        if f == 'intl_space':
            v = '+' + cc + ' ' + ' '.join(groups)
        elif f == 'intl_dash':
            v = '+' + cc + '-' + '-'.join(groups)
        elif f == 'intl_00':
            v = '00' + cc + ' ' + ' '.join(groups)
        elif f == 'intl_trunk0':
            if trunk != '0':
                continue
            v = '+' + cc + ' (0)' + ' '.join(groups)
        elif f == 'intl_compact':
            v = '+' + cc + ''.join(groups)
        elif f in ('national_space', 'national_dash', 'national_dot', 'national_slash'):
            sep = {'national_space': ' ', 'national_dash': '-', 'national_dot': '.', 'national_slash': ' '}[f]
            if f == 'national_dot' and iso2 not in ('US', 'CA', 'FR', 'BE', 'ES', 'PT', 'IT', 'CH', 'SK'):
                continue
            if f == 'national_slash':
                if iso2 not in ('DE', 'AT', 'CH', 'CZ', 'SK', 'HR'):
                    continue
                v = trunk + groups[0] + '/' + ''.join(groups[1:])
            else:
                v = trunk + sep.join(groups) if trunk != '06' else '06 ' + ' '.join(groups)
        elif f == 'area_brackets':
            if not br:
                continue
            rest = sub[len(groups[0]) + 1:]
            if iso2 == 'RU':
                v = trunk + ' (' + groups[0] + ') ' + rest
            elif iso2 in ('US', 'CA'):
                v = '(' + groups[0] + ') ' + groups[1] + '-' + groups[2]
            else:
                v = '(' + trunk + groups[0] + ') ' + rest
        elif f == 'intl_nbsp':
            v = '+' + cc + NBSP + NBSP.join(groups)
        elif f == 'intl_thin':
            v = '+' + cc + THIN + THIN.join(groups)
        elif f == 'fullwidth':
            v = fullwidth('+' + cc + ' ' + ' '.join(groups))
        elif f == 'tel_link':
            v = '+' + cc + ch(['', '-']).join(groups) if R.random() < 0.5 else '+' + cc + ''.join(groups)
            pre = 'tel:'
        else:
            raise ValueError(f)
        return mk(v, f, pre, '', iso=iso2, kind=kind)
    raise RuntimeError('phone')


def phone_digits(v):
    return re.sub(r'\D', '', unicodedata.normalize('NFKC', v))


def phone_valid(v):
    n = unicodedata.normalize('NFKC', v)
    if not re.fullmatch(r'[+0-9 ()\-./]+', n):
        return False
    d = phone_digits(v)
    if not 7 <= len(d) <= 15 + (2 if n.startswith('00') else 0):
        return False
    return n.startswith('+') or n.startswith('00') or re.search(r'\d[ ()\-./]+\d', n) is not None


# ---------------- credit card
def card_brand(num):
    n = len(num)
    p2, p3, p4, p6 = int(num[:2]), int(num[:3]), int(num[:4]), int(num[:6])
    if num[0] == '4' and n in (13, 16, 19):
        return 'visa'
    if (51 <= p2 <= 55 or 2221 <= p4 <= 2720) and n == 16:
        return 'mastercard'
    if p2 in (34, 37) and n == 15:
        return 'amex'
    if (p2 in (36, 38) or 300 <= p3 <= 305) and n == 14:
        return 'diners'
    if (p4 == 6011 or p2 == 65 or 644 <= p3 <= 649) and n == 16:
        return 'discover'
    if 3528 <= p4 <= 3589 and n == 16:
        return 'jcb'
    if p2 == 62 and 16 <= n <= 19:
        return 'unionpay'
    if p4 in (5018, 5020, 5038, 6304, 6759) and 12 <= n <= 19:
        return 'maestro'
    return None


CARD_BRANDS = [('visa', 20), ('mastercard', 16), ('amex', 10), ('diners', 5), ('discover', 8), ('jcb', 7),
               ('unionpay', 7), ('maestro', 6), ('mastercard2', 6), ('visa13', 2), ('visa19', 2)]
KNOWN_CARDS = {'4111111111111111', '4242424242424242', '4012888888881881', '5555555555554444', '5105105105105100',
               '378282246310005', '371449635398431', '6011111111111117', '6011000990139424', '3530111333300000',
               '3566002020360505', '30569309025904', '38520000023237', '6200000000000005', '4000056655665556',
               '5200828282828210', '2223003122003222', '4222222222222', '6759649826438453', '6304000000000000'}


def card_number(brand):
    if brand == 'visa':
        pre, n = '4' + digs(1), 16
    elif brand == 'visa13':
        pre, n = '4', 13
    elif brand == 'visa19':
        pre, n = '4', 19
    elif brand == 'mastercard':
        pre, n = str(R.randint(51, 55)), 16
    elif brand == 'mastercard2':
        pre, n = str(R.randint(2221, 2720)), 16
    elif brand == 'amex':
        pre, n = ch(['34', '37']), 15
    elif brand == 'diners':
        pre, n = ch(['36', '38', str(R.randint(300, 305))]), 14
    elif brand == 'discover':
        pre, n = ch(['6011', '65', str(R.randint(644, 649))]), 16
    elif brand == 'jcb':
        pre, n = str(R.randint(3528, 3589)), 16
    elif brand == 'unionpay':
        pre, n = '62' + ch(['2', '4', '5', '8']), ch([16, 16, 19])
    elif brand == 'maestro':
        pre, n = ch(['6759', '5018', '5020', '5038', '6304']), ch([16, 19])
    body = pre + digs(n - 1 - len(pre))
    return body + luhn_digit(body)


def card_groups(num):
    n = len(num)
    if n == 15:
        sizes = [4, 6, 5]
    elif n == 14:
        sizes = [4, 6, 4]
    elif n == 13:
        sizes = [4, 4, 5]
    else:
        sizes = [4] * (n // 4) + ([n % 4] if n % 4 else [])
    out, i = [], 0
    for s in sizes:
        out.append(num[i:i + s])
        i += s
    return out


CARD_FORMS = [('space', 30), ('dash', 14), ('compact', 18), ('nbsp', 7), ('thin', 5), ('fullwidth', 6)]


def fmt_card(num, f):
    g = card_groups(num)
    if f == 'space':
        return ' '.join(g)
    if f == 'dash':
        return '-'.join(g)
    if f == 'compact':
        return num
    if f == 'nbsp':
        return NBSP.join(g)
    if f == 'thin':
        return THIN.join(g)
    if f == 'fullwidth':
        return fullwidth(ch([' '.join(g), num]))
    raise ValueError(f)


def gen_card(form=None, brand=None):
    while True:
        b = brand or wch(CARD_BRANDS)
        num = card_number(b)
        if num in KNOWN_CARDS or re.search(r'(\d)\1{4}', num):
            continue
        f = form or wch(CARD_FORMS)
        return mk(fmt_card(num, f), f, brand=card_brand(num))


def card_valid(v):
    d = re.sub(r'[ \-\u00a0\u2009]', '', unicodedata.normalize('NFKC', v).replace('\u2009', ' '))
    return d.isdigit() and luhn_ok(d) and card_brand(d) is not None and d not in KNOWN_CARDS


# ---------------- SSN
KNOWN_SSN = {'078051120', '219099999', '123456789', '111111111', '987654320', '457555462'}


def ssn_ok(a, g, s):
    return 1 <= a <= 899 and a != 666 and 1 <= g <= 99 and 1 <= s <= 9999


def gen_ssn(form=None):
    while True:
        a, g, s = R.randint(1, 899), R.randint(1, 99), R.randint(1, 9999)
        if not ssn_ok(a, g, s):
            continue
        A, G, S = '%03d' % a, '%02d' % g, '%04d' % s
        if A + G + S in KNOWN_SSN or len(set(A + G + S)) < 4:
            continue
        f = form or wch([('dashed', 50), ('spaced', 15), ('dotted', 12), ('bare', 23)])
        sep = {'dashed': '-', 'spaced': ' ', 'dotted': '.', 'bare': ''}[f]
        return mk(A + sep + G + sep + S, f)


def ssn_valid(v):
    m = re.fullmatch(r'(\d{3})([- .]?)(\d{2})\2(\d{4})', v)
    return bool(m) and ssn_ok(int(m.group(1)), int(m.group(3)), int(m.group(4))) and \
        re.sub(r'\D', '', v) not in KNOWN_SSN


# ---------------- IBAN
IBAN_SPECS = {
    'AD': '4n4n12c', 'AT': '5n11n', 'BE': '3n7n2n', 'BG': '4a4n2n8c', 'CH': '5n12c', 'CY': '3n5n16c',
    'CZ': '4n6n10n', 'DE': '8n10n', 'DK': '4n9n1n', 'EE': '2n2n11n1n', 'ES': '4n4n1n1n10n', 'FI': '3n11n',
    'FR': '5n5n11c2n', 'GB': '4a6n8n', 'GR': '3n4n16c', 'HR': '7n10n', 'HU': '3n4n1n15n1n', 'IE': '4a6n8n',
    'IS': '4n2n6n10n', 'IT': '1a5n5n12c', 'LI': '5n12c', 'LT': '5n11n', 'LU': '3n13c', 'LV': '4a13c',
    'MC': '5n5n11c2n', 'MT': '4a5n18c', 'NL': '4a10n', 'NO': '4n6n1n', 'PL': '8n16n', 'PT': '4n4n11n2n',
    'RO': '4a16c', 'SE': '3n16n1n', 'SI': '5n8n2n', 'SK': '4n6n10n', 'SM': '1a5n5n12c', 'TR': '5n1n16c',
    'SA': '2n18c', 'AE': '3n16n', 'IL': '3n3n13n', 'QA': '4a21c', 'KW': '4a22c', 'BH': '4a14c',
    'JO': '4a4n18c', 'UA': '6n19c', 'BR': '8n5n10n1a1c', 'MU': '4a2n2n12n3n3a', 'TN': '2n3n13n2n',
    'GE': '2a16n', 'AZ': '4a20c', 'KZ': '3n13c', 'PK': '4a16c', 'DO': '4c20n', 'EG': '4n4n17n',
}


def bban_len(spec):
    return sum(int(x) for x in re.findall(r'(\d+)[nac]', spec))


IBAN_LEN = {c: 4 + bban_len(s) for c, s in IBAN_SPECS.items()}
KNOWN_IBANS = {'DE89370400440532013000', 'GB82WEST12345698765432', 'GB29NWBK60161331926819',
               'FR1420041010050500013M02606', 'NL91ABNA0417164300', 'ES9121000418450200051332',
               'IT60X0542811101000000123456', 'CH9300762011623852957', 'BE68539007547034',
               'AT611904300234573201', 'PL61109010140000071219812874', 'SE4550000000058398257466',
               'DK5000400440116243', 'NO9386011117947', 'FI2112345600000785', 'PT50000201231234567890154',
               'IE29AIBK93115212345678', 'LU280019400644750000', 'CZ6508000000192000145399',
               'SA0380000000608010167519', 'AE070331234567890123456', 'TR330006100519786457841326'}


def gen_bban(spec):
    out = ''
    for n, t in re.findall(r'(\d+)([nac])', spec):
        n = int(n)
        if t == 'n':
            out += digs(n)
        elif t == 'a':
            out += rnd(UP, n)
        else:
            out += ''.join(ch(DIG) if R.random() < 0.75 else ch(UP) for _ in range(n))
    return out


def make_iban(cc):
    bban = gen_bban(IBAN_SPECS[cc])
    if cc == 'BE':
        k = int(bban[:10]) % 97
        bban = bban[:10] + '%02d' % (k if k else 97)
    chk = 98 - mod97(bban + cc + '00')
    return cc + '%02d' % chk + bban


IBAN_FORMS = [('compact', 30), ('space4', 34), ('nbsp4', 6), ('dash4', 6), ('lower_compact', 6), ('lower_space4', 8)]
IBAN_COUNTRY_W = [(c, 6 if c in ('DE', 'FR', 'ES', 'IT', 'NL', 'GB', 'PL', 'AT', 'BE', 'CH', 'PT', 'IE') else 2)
                  for c in sorted(IBAN_SPECS)]


def group4(s, sep):
    return sep.join(s[i:i + 4] for i in range(0, len(s), 4))


def gen_iban(form=None, cc=None):
    while True:
        c = cc or wch(IBAN_COUNTRY_W)
        ib = make_iban(c)
        if ib in KNOWN_IBANS or re.search(r'(\d)\1{5}', ib):
            continue
        f = form or wch(IBAN_FORMS)
        v = {'compact': ib, 'space4': group4(ib, ' '), 'nbsp4': group4(ib, NBSP), 'dash4': group4(ib, '-'),
             'lower_compact': ib.lower(), 'lower_space4': group4(ib.lower(), ' ')}[f]
        return mk(v, f, cc=c)


def iban_valid(v):
    s = re.sub(r'[ \-\u00a0]', '', v).upper()
    c = s[:2]
    if c not in IBAN_SPECS or len(s) != IBAN_LEN[c] or not iban_valid_compact(s):
        return False
    pat = ''
    for n, t in re.findall(r'(\d+)([nac])', IBAN_SPECS[c]):
        pat += {'n': '[0-9]', 'a': '[A-Z]', 'c': '[A-Z0-9]'}[t] + '{%s}' % n
    return re.fullmatch(c + r'\d\d' + pat, s) is not None and s not in KNOWN_IBANS


# ---------------- IPv4
V4_BAD_NETS = [ipaddress.ip_network(n) for n in (
    '0.0.0.0/8', '127.0.0.0/8', '169.254.0.0/16', '100.64.0.0/10', '192.0.0.0/24', '192.0.2.0/24',
    '198.18.0.0/15', '198.51.100.0/24', '203.0.113.0/24', '224.0.0.0/4', '240.0.0.0/4', '255.0.0.0/8')]
PUBLIC_FIRST = [23, 31, 37, 45, 46, 51, 62, 77, 78, 80, 81, 82, 83, 85, 86, 87, 88, 89, 91, 93, 94, 95, 104, 109,
                141, 145, 151, 176, 178, 185, 188, 193, 194, 195, 212, 213, 217]


def ipv4_ok(s):
    parts = s.split('.')
    if len(parts) != 4 or any(not p.isdigit() or (len(p) > 1 and p[0] == '0') or int(p) > 255 for p in parts):
        return False
    a = ipaddress.ip_address(s)
    if any(a in n for n in V4_BAD_NETS):
        return False
    if parts[3] in ('0', '255'):
        return False
    return True


def rand_v4(kind):
    while True:
        if kind == 'private':
            r = R.random()
            if r < 0.4:
                s = '10.%d.%d.%d' % (R.randrange(256), R.randrange(256), R.randint(1, 254))
            elif r < 0.7:
                s = '172.%d.%d.%d' % (R.randint(16, 31), R.randrange(256), R.randint(1, 254))
            else:
                s = '192.168.%d.%d' % (R.randrange(256), R.randint(1, 254))
        else:
            s = '%d.%d.%d.%d' % (ch(PUBLIC_FIRST), R.randrange(256), R.randrange(256), R.randint(1, 254))
            if not ipaddress.ip_address(s).is_global:
                continue
        if ipv4_ok(s):
            return s


def gen_ipv4(form=None):
    f = form or wch([('private', 28), ('public', 30), ('defanged', 10), ('with_port', 12), ('in_url', 10), ('cidr_host', 10)])
    pre = post = ''
    if f == 'private':
        v = rand_v4('private')
    elif f == 'public':
        v = rand_v4('public')
    elif f == 'defanged':
        v = rand_v4('public').replace('.', '[.]')
    elif f == 'with_port':
        v = rand_v4(ch(['private', 'public']))
        post = ':' + str(ch([22, 443, 5432, 6379, 8080, 8443, 3306, 9200, 51820]))
    elif f == 'in_url':
        v = rand_v4(ch(['private', 'public']))
        pre = ch(['http://', 'https://', 'ssh://deploy@', 'postgres://app@'])
        post = ch(['/', '/healthz', ':8080/api/v1/status', '/admin/login', ''])
        if pre.startswith(('ssh', 'postgres')):
            pre = ch(['http://', 'https://'])  # user@host would look like an e-mail address
    elif f == 'cidr_host':
        v = rand_v4('private')
        post = '/' + str(ch([16, 20, 24, 28]))
    return mk(v, f, pre, post)


# ---------------- IPv6
V6_PREFIXES = ['2a02', '2a01', '2a00', '2a03', '2a05', '2600', '2604', '2607', '2001:67c', '2001:470', '2001:41d0',
               '2001:16b8', '2001:1c00', '2400', '2404', '2406', '2c0f', '2800', '2803', '2a0e', '2620']
V6_BAD = [ipaddress.ip_network('2001:db8::/32')]


def ipv6_ok(s):
    try:
        a = ipaddress.IPv6Address(s)
    except ValueError:
        return False
    return not (a.is_loopback or a.is_unspecified or any(a in n for n in V6_BAD))


def rand_v6_groups(kind):
    if kind == 'ula':
        g = ['fd' + rnd(HEX, 2)] + [rnd(HEX, 4) for _ in range(3)]
    elif kind == 'link':
        g = ['fe80', '0', '0', '0']
    else:
        p = ch(V6_PREFIXES).split(':')
        g = p + [rnd(HEX, ch([3, 4])) for _ in range(3 - len(p) + 1)]
        g = g[:4]
        if len(p) == 1:
            g[1] = rnd(HEX, ch([3, 4]))
    iid_style = R.random()
    if iid_style < 0.35:
        iid = ['0', '0', '0', format(R.randint(1, 0xfff), 'x')]
    elif iid_style < 0.55:
        iid = [format(R.randint(1, 0xffff), 'x'), '0', '0', format(R.randint(1, 0xffff), 'x')]
    else:
        iid = [rnd(HEX, 4) for _ in range(4)]
    return [x.lstrip('0') or '0' for x in g + iid]


def v6_compress(groups):
    return str(ipaddress.IPv6Address(':'.join(groups)))


def gen_ipv6(form=None):
    f = form or wch([('compressed', 28), ('full', 10), ('upper', 8), ('leading_zeros', 10), ('ula', 12),
                     ('embedded_ipv4', 8), ('bracket_port', 8), ('with_prefix', 8), ('link_local_zone', 6)])
    pre = post = ''
    for _ in range(100):
        if f == 'ula':
            v = v6_compress(rand_v6_groups('ula'))
        elif f == 'link_local_zone':
            g = rand_v6_groups('link')
            v = v6_compress(g[:4] + [rnd(HEX, 4) for _ in range(4)])
            post = '%' + ch(['eth0', 'en0', 'wlan0', 'ens192', '12'])
        elif f == 'embedded_ipv4':
            v4 = rand_v4('public')
            if R.random() < 0.5:
                v = '::ffff:' + v4
            else:
                v = '64:ff9b::' + v4
        else:
            g = rand_v6_groups('global')
            if f == 'compressed':
                v = v6_compress(g)
            elif f == 'full':
                v = ':'.join(g)
                if '::' in v:
                    continue
            elif f == 'upper':
                v = v6_compress(g).upper()
            elif f == 'leading_zeros':
                v = ipaddress.IPv6Address(':'.join(g)).exploded
            elif f == 'bracket_port':
                v = v6_compress(g)
                pre, post = ('[', ']:' + str(ch([443, 8443, 8080, 22])))
                if R.random() < 0.5:
                    pre = 'https://['
            elif f == 'with_prefix':
                g[4:7] = ['0', '0', '0']
                v = v6_compress(g)
                post = '/' + str(ch([48, 56, 64]))
        if ipv6_ok(v) and v.count(':') >= 2 and not v.endswith('::'):
            return mk(v, f, pre, post)
    raise RuntimeError('v6')


# ---------------- secrets
def b64u_tok(n):
    s = rnd(B64U, n)
    return ch(ALNUM) + s[1:-1] + ch(ALNUM) if n > 2 else s


def mixed(n):
    while True:
        s = rnd(ALNUM, n)
        if re.search(r'\d', s) and re.search('[a-z]', s) and re.search('[A-Z]', s):
            return s


def gen_openai(form=None):
    f = form or wch([('legacy', 20), ('proj', 40), ('svcacct', 15), ('admin', 10)])
    if f == 'legacy':
        v = 'sk-' + mixed(20) + 'T3BlbkFJ' + mixed(20)
    elif f == 'proj':
        v = 'sk-proj-' + b64u_tok(74) + 'T3BlbkFJ' + b64u_tok(74)
    elif f == 'svcacct':
        v = 'sk-svcacct-' + b64u_tok(74) + 'T3BlbkFJ' + b64u_tok(74)
    else:
        v = 'sk-admin-' + b64u_tok(58) + 'T3BlbkFJ' + b64u_tok(58)
    return mk(v, f)


def openai_valid(v):
    return bool(re.fullmatch(r'sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}', v) or
                re.fullmatch(r'sk-(proj|svcacct)-[A-Za-z0-9_\-]{74}T3BlbkFJ[A-Za-z0-9_\-]{74}', v) or
                re.fullmatch(r'sk-admin-[A-Za-z0-9_\-]{58}T3BlbkFJ[A-Za-z0-9_\-]{58}', v))


def gen_anthropic(form=None):
    f = form or wch([('api03', 80), ('admin01', 20)])
    body = b64u_tok(93)
    v = ('sk-ant-api03-' if f == 'api03' else 'sk-ant-admin01-') + body + 'AA'
    return mk(v, f)


def anthropic_valid(v):
    return bool(re.fullmatch(r'sk-ant-(api03|admin01)-[A-Za-z0-9_\-]{93}AA', v)) and \
        (len(v) == 108 if 'api03' in v else len(v) == 110)


def gen_aws(form=None):
    f = form or wch([('akia', 70), ('asia', 30)])
    while True:
        v = ('AKIA' if f == 'akia' else 'ASIA') + rnd(UP + '234567', 16)
        if 'EXAMPLE' not in v:
            return mk(v, f)


def aws_valid(v):
    return bool(re.fullmatch(r'(AKIA|ASIA)[A-Z2-7]{16}', v)) and v != 'AKIAIOSFODNN7EXAMPLE'


B62 = DIG + UP + LO


def b62(n, width):
    out = ''
    while n:
        out = B62[n % 62] + out
        n //= 62
    return out.rjust(width, '0')


def gen_github(form=None):
    f = form or wch([('ghp', 35), ('gho', 12), ('ghu', 10), ('ghs', 15), ('ghr', 8), ('fine_grained_pat', 20)])
    if f == 'fine_grained_pat':
        v = 'github_pat_' + '11' + rnd(UP + DIG, 20) + '_' + mixed(59)
    else:
        ent = mixed(30)
        v = f + '_' + ent + b62(zlib.crc32(ent.encode()), 6)
    return mk(v, f)


def github_valid(v):
    return bool(re.fullmatch(r'gh[pousr]_[A-Za-z0-9]{36}', v) or
                re.fullmatch(r'github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}', v))


JWT_ALGS = {'HS256': 32, 'HS384': 48, 'HS512': 64, 'RS256': 256, 'RS384': 256, 'RS512': 256, 'PS256': 256,
            'PS384': 256, 'ES256': 64, 'ES384': 96, 'ES512': 132, 'EdDSA': 64}


def gen_jwt(form=None):
    alg = form or wch([('HS256', 30), ('RS256', 25), ('ES256', 12), ('HS512', 6), ('RS512', 5), ('PS256', 5),
                       ('ES384', 5), ('EdDSA', 6), ('HS384', 3), ('ES512', 3)])
    hdr = {'alg': alg, 'typ': 'JWT'}
    if alg[0] in 'REP' and R.random() < 0.7:
        hdr['kid'] = rnd(HEX, 16)
        if R.random() < 0.5:
            hdr = {'kid': hdr['kid'], 'alg': alg, 'typ': 'JWT'}
    t = R.randint(1690000000, 1735000000)
    pl = {'sub': ch(['usr_', 'acct-', '']) + rnd(DIG + LO, 12), 'iat': t, 'exp': t + ch([300, 900, 3600, 86400])}
    if R.random() < 0.7:
        pl['iss'] = 'https://auth.' + ch(DOMAINS)
    if R.random() < 0.5:
        pl['scope'] = ch(['read:orders', 'openid profile', 'admin', 'billing:write', 'reports'])
    if R.random() < 0.3:
        pl['role'] = ch(['viewer', 'editor', 'service'])
    h = b64u(json.dumps(hdr, separators=(',', ':')).encode())
    p = b64u(json.dumps(pl, separators=(',', ':')).encode())
    v = h + '.' + p + '.' + b64u(rbytes(JWT_ALGS[alg]))
    return mk(v, alg)


def jwt_valid(v):
    parts = v.split('.')
    if len(parts) != 3:
        return False
    try:
        hdr = json.loads(b64u_dec(parts[0]))
        json.loads(b64u_dec(parts[1]))
        sig = b64u_dec(parts[2])
    except Exception:
        return False
    return isinstance(hdr, dict) and hdr.get('alg') in JWT_ALGS and len(sig) == JWT_ALGS[hdr['alg']]


def bearer_ok(tok):
    if len(tok) < 16:
        return False
    if re.search(r'\d', tok) and re.search('[a-z]', tok) and re.search('[A-Z]', tok):
        return True
    return bool(re.fullmatch(r'[0-9a-fA-F]+', tok) and re.search(r'\d', tok))


def gen_bearer(form=None):
    f = form or wch([('opaque_mixed', 45), ('hex', 25), ('dotted_opaque', 15), ('dashed_opaque', 15)])
    while True:
        if f == 'opaque_mixed':
            v = mixed(R.randint(24, 48))
        elif f == 'hex':
            v = rnd(HEX, ch([32, 40, 48, 64]))
        elif f == 'dotted_opaque':
            v = ch(['at', 'tk', 'v1', 'ya31']) + '.' + mixed(R.randint(20, 36)) + '_' + mixed(R.randint(6, 12))
        else:
            v = mixed(8) + '-' + mixed(12) + '-' + mixed(10)
        if bearer_ok(v) and not v.startswith(('eyJ', 'sk-', 'gh', 'AKIA', 'ASIA', 'github_pat')) \
                and v.count('.') != 2 and re.search('[a-f]', v) and re.search(r'\d', v):
            return mk(v, f)


# ---------------- private keys
KEY_COUNTER = [0]


def key_material(kind):
    """returns (pem_label, der_or_blob, width)"""
    if kind == 'rsa_pkcs1':
        return 'RSA PRIVATE KEY', rsa_pkcs1_der(rsa_key(ch([1024, 1024, 2048]))), 64
    if kind == 'rsa_pkcs8':
        return 'PRIVATE KEY', rsa_pkcs8_der(rsa_key(ch([1024, 2048]))), 64
    if kind == 'ec_sec1':
        priv, pub = p256_key()
        return 'EC PRIVATE KEY', sec1_der(priv, pub), 64
    if kind == 'ec_pkcs8':
        priv, pub = p256_key()
        return 'PRIVATE KEY', ec_pkcs8_der(priv, pub), 64
    if kind == 'ed25519_pkcs8':
        return 'PRIVATE KEY', ed_pkcs8_der(rbytes(32)), 64
    if kind == 'openssh_ed25519':
        blob, _ = openssh_ed25519(rbytes(32), ch(['deploy-2024', 'ci-runner', 'backup@nas', 'build-agent-7']).replace('@', '-'))
        return 'OPENSSH PRIVATE KEY', blob, 70
    if kind == 'encrypted_pkcs8':
        return 'ENCRYPTED PRIVATE KEY', encrypted_pkcs8_der(16 * R.randint(4, 80)), 64
    raise ValueError(kind)


PK_KINDS = [('rsa_pkcs1', 22), ('rsa_pkcs8', 16), ('ec_sec1', 16), ('ec_pkcs8', 8), ('ed25519_pkcs8', 8),
            ('openssh_ed25519', 18), ('encrypted_pkcs8', 12)]
PK_STYLES = [('lf', 30), ('crlf', 12), ('json_escaped', 16), ('yaml_block', 14), ('flattened', 12), ('env_quoted', 16)]


def pem_lines(kind):
    label, blob, width = key_material(kind)
    return pem_wrap(label, blob, width)


def render_pem(lines, style, indent='    '):
    if style == 'lf':
        return '\n'.join(lines)
    if style == 'crlf':
        return '\r\n'.join(lines)
    if style in ('json_escaped', 'env_quoted'):
        return '\\n'.join(lines)
    if style == 'yaml_block':
        return ('\n' + indent).join(lines)
    if style == 'flattened':
        return ' '.join(lines)
    raise ValueError(style)


def gen_pkey(kind=None, style=None, indent='    '):
    kind = kind or wch(PK_KINDS)
    style = style or wch(PK_STYLES)
    return mk(render_pem(pem_lines(kind), style, indent), kind + ':' + style, kind=kind, style=style)


def pem_body_ok(v):
    m = re.match(r'-----BEGIN ([A-Z ]+)-----(.*)-----END \1-----$', v, re.S)
    if not m:
        return False
    label = m.group(1)
    body = re.sub(r'(\\n|\\r|\s)+', '', m.group(2))
    try:
        raw = base64.b64decode(body, validate=True)
    except Exception:
        return False
    if label == 'OPENSSH PRIVATE KEY':
        return raw.startswith(b'openssh-key-v1\x00')
    try:
        t, s, e = der_parse(raw)
        if t != 0x30 or e != len(raw):
            return False
        kids = der_children(raw, s, e)
    except Exception:
        return False
    if label == 'RSA PRIVATE KEY':
        if len(kids) != 9:
            return False
        ints = [int.from_bytes(raw[a:b], 'big') for _, a, b in kids]
        n, e_, d, p, q = ints[1:6]
        return n == p * q and pow(pow(7, e_, n), d, n) == 7
    if label == 'EC PRIVATE KEY':
        return kids[0][0] == 0x02 and kids[1][0] == 0x04 and kids[1][2] - kids[1][1] == 32
    if label == 'PRIVATE KEY':
        return kids[0][0] == 0x02 and kids[1][0] == 0x30 and kids[2][0] == 0x04
    if label == 'ENCRYPTED PRIVATE KEY':
        return len(kids) == 2 and kids[0][0] == 0x30 and kids[1][0] == 0x04
    return False


# ---------------- person names
TITLES = {'en': (['Mr ', 'Dr. ', 'Mr. '], ['Ms ', 'Dr. ', 'Mrs. ']), 'de': (['Herr ', 'Dr. '], ['Frau ', 'Dr. ']),
          'fr': (['M. ', 'Dr '], ['Mme ', 'Dr ']), 'es': (['Sr. '], ['Sra. ', 'Dra. ']),
          'it': (['Sig. ', 'Dott. '], ['Sig.ra ', 'Dott.ssa ']), 'pt': (['Sr. ', 'Dr. '], ['Sra. ', 'Dra. ']),
          'nl': (['dhr. '], ['mevr. ']), 'pl': (['Pan '], ['Pani ']), 'cs': (['pan '], ['paní ']),
          'sk': (['pán '], ['pani ']), 'el': (['κ. '], ['κ. ']), 'tr': (['Sayın '], ['Sayın ']),
          'id': (['Bapak '], ['Ibu ']), 'ar': (['السيد '], ['السيدة ']), 'he': (['מר '], ['גב׳ ']),
          'th': (['คุณ'], ['คุณ']), 'ro': (['dl. '], ['dna. ']), 'sv': (['Dr. '], ['Dr. '])}
HONORIFICS = {'ja': (['様', 'さん', ' 様'], ['様', 'さん', ' 様']), 'ko': (['님', ' 님'], ['님', ' 님']),
              'hi': (['जी', ' जी'], ['जी', ' जी']), 'zh': (['先生'], ['女士'])}


def name_parts(p, form):
    g, f = p['given'], p['family']
    lang = p['lang']
    if form == 'native_order':
        return f + ('' if lang in NO_SPACE and R.random() < 0.6 else ' ') + g
    if form == 'caps_family':
        return ch([g + ' ' + f.upper(), f.upper() + ' ' + g])
    if form == 'middle_initial':
        return g + ' ' + ch(UP.replace('Q', '').replace('X', '')) + '. ' + f
    return g + ' ' + f


def pick_name(lang=None, want=None):
    for _ in range(400):
        p = ch(NAME_POOL) if not lang else ch([q for q in NAME_POOL if q['lang'] == lang] or NAME_POOL)
        lat = is_latin(p['given'] + p['family'])
        fam_words = p['family'].split(' ')
        particle = any(w.lower() in PARTICLES for w in fam_words)
        compound = len([w for w in fam_words if w.lower() not in PARTICLES]) > 1
        if p['lang'] in FAMILY_FIRST:
            shape = 'native_order'
        elif particle:
            shape = 'particle'
        elif compound:
            shape = 'compound'
        elif not lat:
            shape = 'native_script'
        else:
            shape = wch([('given_family', 60), ('middle_initial', 15), ('caps_family', 15)])
        if want and shape != want:
            continue
        v = name_parts(p, shape)
        form = shape
        if shape == 'native_order' and not lat:
            form = 'native_order_script'
        return p, v, form
    raise RuntimeError('name')


NAME_WANT = [(None, 50), ('particle', 10), ('compound', 8), ('native_order', 14), ('native_script', 12),
             ('middle_initial', 6), ('caps_family', 6)]


def gen_name(want='draw', allow_title=True):
    if want == 'draw':
        want = wch(NAME_WANT)
    p, v, form = pick_name(None, want)
    pre = post = ''
    lang = p['lang']
    if allow_title and lang in HONORIFICS and R.random() < 0.7:
        post = ch(HONORIFICS[lang][p['sex'] == 'f'])
        form += '+honorific'
    elif allow_title and lang in TITLES and R.random() < 0.5 and not v.isupper():
        pre = ch(TITLES[lang][p['sex'] == 'f'])
        form += '+title'
    return mk(v, form, pre, post, lang=lang, person=p)


# ---------------- street addresses
def house_no(big=False):
    if big:
        return str(wch([(R.randint(1, 99), 4), (R.randint(100, 999), 4), (R.randint(1000, 9800), 2)]))
    return str(wch([(R.randint(1, 40), 7), (R.randint(41, 180), 3)]))


def gen_street(form=None, country=None):
    for _ in range(200):
        c = country or ch(sorted(STREETS))
        style, names = STREETS[c]
        name = ch(names)
        n = house_no(c in ('US', 'CA', 'AU', 'MX', 'AR', 'BR'))
        f = form or wch([('plain', 55), ('letter_suffix', 15), ('range', 10), ('special', 20)])
        if style == 'after':
            if f == 'plain':
                v = name + ' ' + n
            elif f == 'letter_suffix':
                v = name + ' ' + n + ch(['a', 'b', 'c', 'A', 'B'])
            elif f == 'range':
                v = name + ' ' + n + '-' + str(int(n) + 2)
            else:
                continue
        elif style == 'before':
            if f == 'plain':
                v = n + ' ' + name
            elif f == 'letter_suffix':
                v = n + ch(['A', 'B', 'a']) + ' ' + name
            elif f == 'range':
                v = n + '-' + str(int(n) + 2) + ' ' + name
            else:
                continue
        elif style in ('comma', 'itc'):
            if f == 'special' or (style == 'comma' and f == 'plain'):
                v = name + ', ' + n
                f = 'comma_number'
            elif f == 'plain':
                v = name + ' ' + n
            elif f == 'letter_suffix':
                v = name + (', ' if style == 'comma' else ' ') + n + ch(['A', 'B', 'a'])
            else:
                continue
        elif style == 'fr':
            if f == 'special':
                v = n + ' ' + ch(['bis', 'ter']) + ' ' + name
                f = 'bis_ter'
            elif f == 'plain':
                v = n + ' ' + name
            elif f == 'range':
                v = n + '-' + str(int(n) + 2) + ' ' + name
            else:
                continue
        elif style == 'lu':
            if f in ('plain', 'special'):
                v = n + ', ' + name
                f = 'number_comma_first'
            else:
                continue
        elif style == 'slash':
            if f in ('special', 'plain'):
                v = name + ' ' + str(R.randint(100, 2999)) + '/' + str(R.randint(1, 60))
                f = 'slash_number'
            elif f == 'letter_suffix':
                v = name + ' ' + n + ch(['a', 'b'])
            else:
                continue
        elif style == 'tr':
            if f in ('plain', 'special'):
                v = name + ' No: ' + n if R.random() < 0.5 else name + ' No:' + n
                f = 'no_marker'
            elif f == 'letter_suffix':
                v = name + ' No: ' + n + '/' + ch(['A', 'B', '3'])
            else:
                continue
        elif style == 'id':
            if f in ('plain', 'special'):
                v = name + ' No. ' + n
                f = 'no_marker'
            elif f == 'letter_suffix':
                v = name + ' No. ' + n + ch(['A', 'B'])
            else:
                continue
        return mk(v, f if f != 'special' else f, country=c)
    raise RuntimeError('street')


def street_post(c):
    r = R.random()
    if r < 0.45 and c in CITY:
        return ', ' + ch(CITY[c])
    if r < 0.55:
        return ch([', 2nd floor', ' (rear building)', ', Apt 4', ', 3. OG', ', piso 2', ' – entrance B'])
    return ''


GEN = {'email': gen_email, 'phone': gen_phone, 'credit_card': gen_card, 'ssn': gen_ssn, 'iban': gen_iban,
       'ipv4': gen_ipv4, 'ipv6': gen_ipv6, 'openai_key': gen_openai, 'anthropic_key': gen_anthropic,
       'aws_access_key': gen_aws, 'github_token': gen_github, 'jwt': gen_jwt, 'bearer_token': gen_bearer,
       'private_key': gen_pkey, 'person_name': gen_name, 'street_address': gen_street}


# ================================================================ conservative leak scanner
ZW_RE = re.compile('[\u200b\u200c\u200d\u2060\ufeff]')


def _name_terms():
    bparts, subs = [], []
    for p in NAME_POOL:
        if p['lang'] in NO_SPACE:
            g, f = p['given'], p['family']
            subs += [f + g, f + ' ' + g, g + f, g + ' ' + f]
        elif p['lang'] == 'th':
            subs += [p['given'], p['family']]
        else:
            for w in re.split(r'[ \-]', p['given'] + ' ' + p['family']):
                if w and w.lower() not in PARTICLES and len(w) >= 2:
                    bparts.append(w)
    bparts = sorted(set(bparts), key=lambda w: (-len(w), w))
    subs = sorted(set(subs), key=lambda w: (-len(w), w))
    return (re.compile(r'(?<!\w)(?:' + '|'.join(map(re.escape, bparts)) + r')(?!\w)', re.I),
            re.compile('|'.join(map(re.escape, subs))))


NAME_WORD_RE, NAME_SUB_RE = _name_terms()
STREET_RE = re.compile('|'.join(map(re.escape, sorted(STREET_POOL, key=lambda w: (-len(w), w)))), re.I)
SSN_WORD_RE = re.compile(r'ssn|social\s*security', re.I)
EMAIL_RES = [re.compile(r'[\w.%+\-]+\s?@\s?[\w\-]+(?:\.[\w\-]+)+'),
             re.compile(r'[\w.+\-]+\s*[\[\(\{]\s*(?:at|@)\s*[\]\)\}]\s*[\w\-]+', re.I),
             re.compile(r'[\w.+\-]+\s+at\s+[\w\-]+\s+dot\s+\w+', re.I),
             re.compile(r'[\w.+\-]+@[\w\-]+(?:\[\.\]|\(\.\)|\[dot\])\w+', re.I)]
KEY_RES = [re.compile(r'sk-[A-Za-z0-9_\-]{16,}'), re.compile('T3BlbkFJ'),
           re.compile(r'(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|APKA)[A-Z0-9]{16}'),
           re.compile(r'gh[pousr]_[A-Za-z0-9]{20,}'), re.compile(r'github_pat_[A-Za-z0-9_]{20,}'),
           re.compile(r'BEGIN [A-Z0-9 ]*PRIVATE KEY'), re.compile(r'PRIVATE KEY-----')]
JWT_RE = re.compile(r'eyJ[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]*')
BEARER_RE = re.compile(r'bearer\s+([^\s"\'<>,;)\]}`]+)', re.I)
PHONE_INTL_RE = re.compile(r'(?<![\w+])(?:\+|00)\s?\(?\d[\d\s().\-/]{5,}\d')
PHONE_NAT_RE = re.compile(r'(?<![\w.+\-/])(?<!\d )(?<!\d-)\(?0\d{1,4}\)?[ \-/.]\d{2,}(?:[ \-/.]\d{2,}){0,4}')
PHONE_US_RE = re.compile(r'\(\d{3}\)\s?\d{3}[\-.\s]\d{4}|(?<![\d.\-])\d{3}[\-.]\d{3}[\-.]\d{4}(?![\d.\-])')
DIGRUN_RE = re.compile(r'\d+(?:[ \-]\d+)*')
QUAD_RE = re.compile(r'(?<![\d.])(?=(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3}))')
V6_RE = re.compile(r'[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*')
SSN_SHAPE_RE = re.compile(r'(?<![\d\-.])(\d{3})([\- .]?)(\d{2})\2(\d{4})(?!\d)')
IBAN_START_RE = re.compile(r'(?<![A-Z0-9])([A-Z]{2})(\d{2})')
DATE_TIME_RE = re.compile(r'\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?)?|\d{1,2}[./]\d{1,2}[./]\d{2,4}|'
                          r'\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?')
PHONE_GEN_RE = re.compile(r'(?<![\w.,])\(?\d{1,6}\)?(?:[ \-./]\(?\d{2,6}\)?){1,5}(?!\w)')


def mask_text(text, values):
    for v in sorted(set(values), key=lambda x: -len(x)):
        text = text.replace(v, MASK)
    return text


def jwt_like(s):
    parts = s.split('.')
    try:
        hdr = json.loads(b64u_dec(parts[0]))
    except Exception:
        return False
    return isinstance(hdr, dict) and hdr.get('alg') in JWT_ALGS


def scan(text, street_rule='any', generic_phone=True):
    """return a list of findings in text (already masked). street_rule: 'any' or 'near_number'."""
    out = []
    raw = text
    norm = ZW_RE.sub('', unicodedata.normalize('NFKC', text))
    for rx in EMAIL_RES:
        for m in rx.finditer(norm):
            out.append(('email', m.group()))
    for rx in KEY_RES:
        for t in (raw, norm):
            m = rx.search(t)
            if m:
                out.append(('key', m.group()[:40]))
                break
    for m in JWT_RE.finditer(norm):
        if jwt_like(m.group()):
            out.append(('jwt', m.group()[:40]))
    for m in BEARER_RE.finditer(norm):
        if bearer_ok(m.group(1)):
            out.append(('bearer', m.group(1)))
    nd = DATE_TIME_RE.sub('D', norm)
    for rx in (PHONE_INTL_RE, PHONE_NAT_RE):
        for m in rx.finditer(norm if rx is PHONE_INTL_RE else nd):
            if len(re.sub(r'\D', '', m.group())) >= (7 if rx is PHONE_INTL_RE else 9):
                out.append(('phone', m.group()))
    for m in PHONE_US_RE.finditer(norm):
        out.append(('phone_us', m.group()))
    if generic_phone:
        for m in PHONE_GEN_RE.finditer(nd):
            if 8 <= len(re.sub(r'\D', '', m.group())) <= 15:
                out.append(('phone_grouped', m.group()))
    for m in DIGRUN_RE.finditer(norm):
        groups = re.split(r'[ \-]', m.group())
        for i in range(len(groups)):
            tot = ''
            for j in range(i, len(groups)):
                tot += groups[j]
                if len(tot) > 19:
                    break
                if len(tot) >= 13 and luhn_ok(tot):
                    out.append(('luhn', tot))
    up = norm.upper()
    for m in IBAN_START_RE.finditer(up):
        cc = m.group(1)
        if cc not in IBAN_LEN:
            continue
        comp, i, prev_sep = cc + m.group(2), m.end(), False
        while i < len(up) and len(comp) < 40:
            c = up[i]
            if c.isascii() and c.isalnum():
                comp += c
                prev_sep = False
            elif c in ' -' and not prev_sep:
                prev_sep = True
            else:
                break
            i += 1
        if len(comp) >= IBAN_LEN[cc] and iban_valid_compact(comp[:IBAN_LEN[cc]]):
            out.append(('iban', comp))
    n4 = norm.replace('[.]', '.').replace('(.)', '.').replace('[dot]', '.')
    for m in QUAD_RE.finditer(n4):
        if all(int(x) <= 255 for x in m.groups()):
            out.append(('ipv4', '.'.join(m.groups())))
    for m in V6_RE.finditer(norm):
        c = m.group().rstrip('.')
        if c.count(':') < 2:
            continue
        cands = [c, c.rstrip(':')]
        if c.startswith(':') and not c.startswith('::'):
            cands.append(c.lstrip(':'))
        for x in cands:
            if x.count(':') >= 2 and ipv6_ok(x):
                out.append(('ipv6', x))
                break
    if SSN_WORD_RE.search(norm):
        for m in SSN_SHAPE_RE.finditer(norm):
            if ssn_ok(int(m.group(1)), int(m.group(3)), int(m.group(4))):
                out.append(('ssn', m.group()))
    for m in NAME_WORD_RE.finditer(raw):
        out.append(('name', m.group()))
    for m in NAME_SUB_RE.finditer(raw):
        out.append(('name', m.group()))
    for m in STREET_RE.finditer(raw):
        if street_rule == 'any':
            out.append(('street', m.group()))
        else:
            ctx = raw[max(0, m.start() - 8):m.end() + 8]
            if re.search(r'\d', ctx):
                out.append(('street', m.group()))
    return out


def self_test_scanner():
    miss = []
    for det in sorted(GEN):
        for _ in range(120):
            d = GEN[det]()
            body = d['pre'] + d['v'] + d['post']
            if det == 'ssn':
                body = 'SSN ' + body
            if det == 'bearer_token':
                body = 'Authorization: Bearer ' + body
            if not scan('x ' + body + ' y'):
                miss.append((det, body))
    assert not miss, miss[:5]
    clean = ['Meeting moved to 14:30, room 4.12, see you there.', 'v2.14.3 released on 2024-03-15',
             'Order 48213 shipped; total €1.299,00.', 'Bearer <token>', 'Authorization: Bearer undefined',
             'sk-...', 'YOUR_API_KEY', 'ghp_xxxx', '3c:22:fb:91:0a:7e', '2001:db8::1', '::1',
             'follow @quietfern on the app', '12 units @ €4 each', 'SSN: 912-12-3456', 'SSN 666-40-1234',
             '312.45.19.8', '550e8400-e29b-41d4-a716-446655440000', 'the lindenweg is closed']
    for c in clean:
        f = scan(c, 'near_number', generic_phone=not c.startswith('SSN'))
        assert not f, (c, f)
    hits = ['mail me: anna.x@quillfern.io', 'SSN 219-44-5821', 'ping 10.2.3.4', 'call +49 30 1234567',
            'Bearer Ab12Cd34Ef56Gh78Ij90', 'Lindenweg 14', 'Jonas HOFFMANN']
    for h in hits:
        assert scan(h), h


# ================================================================ sample assembly
class B:
    def __init__(self):
        self.parts = []
        self.labels = []

    def t(self, s):
        self.parts.append(s)
        return self

    def v(self, det, d, glue=True):
        """append pre + value + post; d is a generator dict"""
        self.parts.append(d['pre'])
        self.parts.append(d['v'])
        self.labels.append({'detector': det, 'value': d['v'], 'form': d['form']})
        self.parts.append(d['post'])
        return self

    def text(self):
        return ''.join(self.parts)


NOUN_OF = {'email': 'email', 'phone': 'phone', 'credit_card': 'card', 'iban': 'iban', 'ipv4': 'ip', 'ipv6': 'ip',
           'openai_key': 'key', 'anthropic_key': 'key', 'aws_access_key': 'key', 'github_token': 'key',
           'jwt': 'token', 'bearer_token': 'token', 'person_name': 'name', 'street_address': 'addr',
           'ssn': 'ssn', 'private_key': 'pkey'}
GLUES = [(('', ''), 40), (('"', '"'), 6), (('“', '”'), 4), (('«', '»'), 3), (('„', '“'), 2), (("'", "'"), 3),
         (('(', ')'), 6), (('[', ']'), 3), (('**', '**'), 5), (('`', '`'), 4), (('*', '*'), 2)]
CJK_GLUES = [(('', ''), 30), (('「', '」'), 10), (('（', '）'), 6), (('『', '』'), 4), (('【', '】'), 3)]
SAFE_GLUE_DETS = {'person_name', 'street_address', 'phone', 'iban', 'credit_card', 'ipv4', 'ipv6', 'ssn'}


def pick_glue(det, lang):
    if det == 'private_key':
        return '', ''
    g = wch(CJK_GLUES if lang in CJK_LANGS and R.random() < 0.7 else GLUES)
    if det not in SAFE_GLUE_DETS and g[0] in ('*', "'"):
        return '', ''
    return g


def hhmm():
    return '%02d:%02d' % (R.randint(7, 22), R.randrange(60))


def iso_ts():
    return '2024-%02d-%02dT%02d:%02d:%02d%s' % (R.randint(1, 12), R.randint(1, 28), R.randrange(24), R.randrange(60),
                                                R.randrange(60), ch(['Z', '.%03dZ' % R.randrange(1000), '+01:00', '+09:00']))


def rid(n=10):
    return rnd(LO + DIG, n)


PROSE_WRAPS = [('chat', '{t}', 30), ('chat', '[{hm}] {t}', 10), ('chat', '> {t}', 4),
               ('email', 'Re: [#{tk}]\n\n{t}\n\n-- \n{sig}', 12), ('sms', '{t}', 10), ('note', '- {t}', 6),
               ('note', '{t}', 8), ('transcript', '[voice memo {ms}] {t}', 5), ('ticket_comment', '{t}\n\n(posted via portal)', 5)]
SIGS = ['sent from my phone', 'Support desk', 'Accounts team', '—', 'Front office']


def wrap_prose(t):
    ctx, pat = wch([((c, p), w) for c, p, w in PROSE_WRAPS])
    return ctx, pat.format(t=t, hm=hhmm(), tk=R.randint(1000, 99999), sig=ch(SIGS),
                           ms='%02d:%02d' % (R.randrange(10), R.randrange(60)))


def slot_for(det, d, lang, b_pre=None):
    """returns list of pieces: (kind, text|dict) for prose insertion"""
    l, r = pick_glue(det, lang)
    pieces = [('t', l)]
    if det == 'bearer_token' or (det == 'jwt' and R.random() < 0.45) or (det == 'openai_key' and R.random() < 0.2):
        pieces.append(('t', ch(['Authorization: Bearer ', 'authorization: Bearer ', '-H "Authorization: Bearer '])))
        pieces.append(('v', d))
        if pieces[-2][1].startswith('-H'):
            pieces.append(('t', '"'))
    elif det == 'private_key':
        st = d['style']
        if st in ('lf', 'crlf', 'flattened'):
            nl = '\r\n' if st == 'crlf' else '\n'
            pieces += [('t', nl if st != 'flattened' else ''), ('v', d), ('t', nl if st != 'flattened' else '')]
        elif st == 'json_escaped':
            pieces += [('t', '{"type": "service_account", "private_key": "'), ('v', d), ('t', '\\n"}')]
        elif st == 'yaml_block':
            pieces += [('t', '\nsigning:\n  key: |\n    '), ('v', d), ('t', '\n')]
        elif st == 'env_quoted':
            pieces += [('t', '\nSIGNING_KEY="'), ('v', d), ('t', '"\n')]
    else:
        pieces.append(('v', d))
    pieces.append(('t', r))
    return pieces


def compose_prose(det, d, lang):
    b = B()
    if det == 'ssn' and lang == 'en' and R.random() < 0.5:
        frame = ch(EN_SSN_FRAMES)
    else:
        frame = ch(LANGS[lang]['f'])
    noun = LANGS[lang]['n'][NOUN_OF[det]]
    pre_t, post_t = frame.split('{v}')
    pre_t = pre_t.format(n=noun, N=cap(noun))
    post_t = post_t.format(n=noun, N=cap(noun))
    b.t(pre_t)
    for k, x in slot_for(det, d, lang):
        if k == 't':
            b.t(x)
        else:
            b.v(det, x)
    b.t(post_t)
    ctx, wrapped = wrap_prose('\x00')
    a, z = wrapped.split('\x00')
    b.parts.insert(0, a)
    b.parts.append(z)
    return b, ctx


KEYNAME = {'email': ['email', 'contact_email', 'reply_to', 'owner_email'], 'phone': ['phone', 'mobile', 'tel', 'contact_phone'],
           'credit_card': ['card_number', 'pan', 'cc_number'], 'ssn': ['ssn', 'SSN', 'applicant_ssn'],
           'iban': ['iban', 'payout_iban', 'account_iban'], 'ipv4': ['client_ip', 'remote_addr', 'peer_ip', 'upstream'],
           'ipv6': ['client_ip6', 'peer', 'bind_address'], 'openai_key': ['OPENAI_API_KEY', 'openai_api_key'],
           'anthropic_key': ['ANTHROPIC_API_KEY', 'anthropic_api_key'], 'aws_access_key': ['aws_access_key_id', 'AWS_ACCESS_KEY_ID'],
           'github_token': ['GITHUB_TOKEN', 'GH_TOKEN', 'github_token'], 'jwt': ['id_token', 'access_token', 'session'],
           'bearer_token': ['Authorization'], 'private_key': ['private_key'], 'person_name': ['full_name', 'customer', 'assignee', 'patient_name'],
           'street_address': ['street', 'address_line1', 'addr1']}
STRUCT_CTX = ['json', 'jsonl_log', 'yaml_env', 'hcl', 'python', 'js', 'markdown_table', 'stacktrace', 'har_header',
              'ics', 'tsv', 'ocr', 'curl']


def compose_struct(det, d):
    b = B()
    k = ch(KEYNAME[det])
    bear = det == 'bearer_token' or (det == 'jwt' and R.random() < 0.4)
    ctx = ch(STRUCT_CTX)
    if det == 'private_key':
        ctx = {'json_escaped': 'json', 'yaml_block': 'yaml_env', 'env_quoted': 'python', 'lf': 'python',
               'crlf': 'tsv', 'flattened': 'jsonl_log'}[d['style']]
    if bear and ctx not in ('json', 'jsonl_log', 'python', 'js', 'har_header', 'curl', 'yaml_env'):
        ctx = ch(['har_header', 'curl', 'python', 'js'])
    if bear:
        k = 'Authorization'
    vpre = 'Bearer ' if bear else ''
    if ctx == 'json':
        b.t('{"id": "rec_%s", "%s": "%s' % (rid(), k, vpre)).v(det, d).t('", "updated_at": "%s"}' % iso_ts())
    elif ctx == 'jsonl_log':
        b.t('{"ts":"%s","level":"%s","svc":"%s","msg":"%s","%s":"%s' % (
            iso_ts(), ch(['info', 'warn', 'debug', 'error']), ch(['checkout', 'auth-gw', 'crm-sync', 'mailer']),
            ch(['profile updated', 'request rejected', 'retrying', 'cache miss']), k, vpre)).v(det, d).t('"}')
    elif ctx == 'yaml_env':
        if det == 'private_key':
            b.t('apiVersion: v1\nkind: Secret\nmetadata:\n  name: signer\nstringData:\n  %s: |\n    ' % k).v(det, d).t('\n')
        else:
            b.t('        env:\n          - name: %s\n            value: "%s' % (k.upper(), vpre)).v(det, d).t('"\n')
    elif ctx == 'hcl':
        b.t('locals {\n  %s = "' % k.lower()).v(det, d).t('"\n}\n')
    elif ctx == 'python':
        if det == 'private_key':
            if d['style'] == 'env_quoted':
                b.t('# .env.local\nSIGNING_KEY="').v(det, d).t('"\n')
            else:
                b.t('KEY_PEM = """').v(det, d).t('\n"""\n')
        elif bear:
            b.t('resp = requests.get(url, headers={"Authorization": "Bearer ').v(det, d).t('"}, timeout=10)')
        else:
            b.t('%s = "' % k.upper()).v(det, d).t('"  # TODO: move to the vault')
    elif ctx == 'js':
        if bear:
            b.t("await fetch(url, { headers: { Authorization: 'Bearer ").v(det, d).t("' } });")
        else:
            b.t("const %s = '" % re.sub(r'_(\w)', lambda m: m.group(1).upper(), k.lower())).v(det, d).t("';")
    elif ctx == 'markdown_table':
        b.t('| field | value |\n|---|---|\n| %s | ' % k).v(det, d).t(' |\n| status | pending |')
    elif ctx == 'stacktrace':
        b.t('Traceback (most recent call last):\n  File "/srv/app/handlers.py", line %d, in submit\n'
            '    validate(payload)\napp.errors.ValidationError: rejected %s=' % (R.randint(20, 400), k)).v(det, d)
    elif ctx == 'har_header':
        b.t('{"name": "%s", "value": "%s' % (k, vpre)).v(det, d).t('"}')
    elif ctx == 'curl':
        if bear:
            b.t("curl -s -H 'Authorization: Bearer ").v(det, d).t("' https://api.%s/v1/items" % ch(DOMAINS))
        else:
            b.t("curl -s -d '%s=" % k).v(det, d).t("' https://api.%s/v1/records" % ch(DOMAINS))
    elif ctx == 'ics':
        b.t('BEGIN:VEVENT\nSUMMARY:Onboarding\nDESCRIPTION:%s: ' % k).v(det, d).t('\nEND:VEVENT')
    elif ctx == 'tsv':
        if det == 'private_key':
            b.t('name\tkey\r\nsigner\t').v(det, d).t('\r\n')
        else:
            b.t('%s\tstatus\n' % k).v(det, d).t('\tactive')
    elif ctx == 'ocr':
        b.t('— scan p.%d —\n%s\n' % (R.randint(1, 4), k.upper().replace('_', ' '))).v(det, d).t('\n[illegible]')
    return b, ctx, 'en'


SINGLE_QUOTA = [('email', 110), ('phone', 130), ('credit_card', 95), ('ssn', 70), ('iban', 95), ('ipv4', 80),
                ('ipv6', 70), ('openai_key', 60), ('anthropic_key', 50), ('aws_access_key', 50), ('github_token', 55),
                ('jwt', 55), ('bearer_token', 50), ('private_key', 50), ('person_name', 120), ('street_address', 110)]


def draw_single(det):
    d = GEN[det]()
    if det == 'street_address':
        d['post'] = d['post'] + street_post(d['country'])
    if det == 'phone':
        lang = PHONE_LANG[d['iso']] if R.random() < 0.5 else ch(LANG_CODES)
    elif det == 'street_address':
        lang = STREET_LANG[d['country']] if R.random() < 0.6 else ch(LANG_CODES)
    elif det == 'person_name':
        lang = d['lang'] if (R.random() < 0.7 and d['lang'] in LANGS) else ch(LANG_CODES)
    elif det == 'ssn':
        lang = 'en' if R.random() < 0.4 else ch(LANG_CODES)
    else:
        lang = ch(LANG_CODES)
    structured = R.random() < (0.7 if det in ('private_key', 'openai_key', 'anthropic_key', 'aws_access_key',
                                                 'github_token', 'jwt', 'bearer_token') else 0.25)
    if det == 'private_key' and d['style'] in ('lf', 'crlf', 'flattened') and R.random() < 0.5:
        structured = False
    if structured:
        if det == 'person_name':
            d['pre'] = d['post'] = ''
            d['form'] = d['form'].split('+')[0]
        b, ctx, lang = compose_struct(det, d)
    else:
        b, ctx = compose_prose(det, d, lang)
    return b, lang, ctx, d['form']


# ================================================================ multi-value layouts
def G(det, **kw):
    d = GEN[det](**kw)
    return d


def plain_name():
    return gen_name(allow_title=False)


def L_slack(b):
    who = [plain_name() for _ in range(2)]
    msgs = [('email', 'new billing contact is {v}, please cc them'), ('phone', 'on call tonight: {v}'),
            ('ipv4', 'staging box moved to {v}, update your ssh config'), ('aws_access_key', 'rotated, new id {v} (secret in 1password)'),
            ('iban', 'refund goes to {v}'), ('github_token', 'temporary token for the runner: {v} – revoke friday'),
            ('ipv6', 'v6 for the edge node: {v}'), ('openai_key', 'quota key for the demo: {v}')]
    picks = R.sample(msgs, 2)
    b.t('[\n')
    for i, (det, tpl) in enumerate(picks):
        u = who[i % 2]
        d = G(det, form='plain') if det == 'email' else (G(det, form=ch(['intl_space', 'intl_dash', 'intl_00'])) if det == 'phone' else G(det))
        if det in ('ipv4', 'ipv6') and d['form'] in ('in_url', 'bracket_port', 'link_local_zone'):
            d = G(det, form='public' if det == 'ipv4' else 'compressed')
        pre_t, post_t = tpl.split('{v}')
        b.t('  {"type": "message", "user": "U0%s", "user_profile": {"real_name": "' % rnd(UP + DIG, 8)).v('person_name', u)
        b.t('"}, "ts": "%d.%06d", "text": "%s' % (R.randint(1700000000, 1730000000), R.randrange(10 ** 6), pre_t)).v(det, d)
        b.t('%s"}%s\n' % (post_t, ',' if i == 0 else ''))
    b.t(']')
    return 'en', 'slack_export_json'


def L_teams(b):
    n1, n2 = plain_name(), plain_name()
    e = G('email', form=ch(['plain', 'subdomain', 'plus_tag']))
    p = G('phone')
    b.v('person_name', n1).t('  %s\nhey, who is the contact at the warehouse?\n\n' % hhmm())
    b.v('person_name', n2).t('  %s\nwrite to ' % hhmm()).v('email', e).t(' or call ').v('phone', p).t('\n(they answer before noon)')
    return 'en', 'teams_chat_paste'


def L_mdtable(b):
    b.t('| # | Name | E-mail | Phone |\n|---|------|--------|-------|\n')
    for i in range(R.randint(2, 3)):
        b.t('| %d | ' % (i + 1)).v('person_name', plain_name()).t(' | ').v('email', G('email', form=ch(['plain', 'upper', 'subdomain'])))
        b.t(' | ').v('phone', G('phone', form=ch(['intl_space', 'intl_dash', 'intl_00', 'national_space']))).t(' |\n')
    b.t('\n_last synced %s_' % iso_ts()[:10])
    return 'en', 'markdown_table'


def L_jsonl(b):
    n = R.randint(2, 3)
    for i in range(n):
        ip = G('ipv4', form=ch(['private', 'public']))
        b.t('{"ts":"%s","level":"%s","event":"%s","client_ip":"' % (iso_ts(), ch(['INFO', 'WARN']), ch(['login', 'export', 'password_reset'])))
        b.v('ipv4', ip)
        if i == 0:
            b.t('","user":"').v('email', G('email', form='plain'))
        if i == n - 1 and R.random() < 0.6:
            b.t('","authorization":"Bearer ').v('bearer_token', G('bearer_token'))
        b.t('","ua":"Mozilla/5.0"}\n')
    return 'en', 'jsonl_log'


def L_k8s(b):
    k1 = ch(['openai_key', 'anthropic_key'])
    b.t('apiVersion: v1\nkind: Secret\nmetadata:\n  name: llm-gateway\n  namespace: %s\n  annotations:\n    owner: "' % ch(['prod', 'staging', 'ml']))
    b.v('email', G('email', form='plain')).t('"\ntype: Opaque\nstringData:\n  %s: "' % ('OPENAI_API_KEY' if k1 == 'openai_key' else 'ANTHROPIC_API_KEY'))
    b.v(k1, G(k1)).t('"\n  AWS_ACCESS_KEY_ID: "').v('aws_access_key', G('aws_access_key')).t('"\n')
    if R.random() < 0.5:
        b.t('  tls.key: |\n    ').v('private_key', gen_pkey(ch(['ec_sec1', 'rsa_pkcs1', 'ec_pkcs8']), 'yaml_block', '    ')).t('\n')
    return 'en', 'kubernetes_manifest'


def L_hcl(b):
    ip = G('ipv4', form='public')
    b.t('provider "aws" {\n  region     = "%s"\n  access_key = "' % ch(['eu-central-1', 'eu-west-3', 'us-east-2']))
    b.v('aws_access_key', G('aws_access_key')).t('"\n}\n\nresource "aws_security_group_rule" "office" {\n  type        = "ingress"\n'
                                                   '  from_port   = 22\n  to_port     = 22\n  cidr_blocks = ["')
    b.v('ipv4', ip).t('/32"]\n}\n\ntags = {\n  Owner = "').v('email', G('email', form=ch(['plain', 'subdomain']))).t('"\n}\n')
    return 'en', 'terraform_hcl'


def L_har(b):
    tokdet = ch(['jwt', 'bearer_token', 'openai_key'])
    dom = ch(DOMAINS)
    b.t('{"log": {"entries": [{"request": {"method": "POST", "url": "https://api.%s/v2/sessions", "headers": [' % dom)
    b.t('{"name": "Authorization", "value": "Bearer ').v(tokdet, G(tokdet)).t('"}, {"name": "Content-Type", "value": "application/json"}], ')
    b.t('"postData": {"mimeType": "application/json", "text": "{\\"email\\":\\"').v('email', G('email', form='plain'))
    b.t('\\",\\"phone\\":\\"').v('phone', G('phone', form=ch(['intl_space', 'intl_compact', 'intl_dash']))).t('\\"}"}}, ')
    ipdet = ch(['ipv4', 'ipv6'])
    b.t('"serverIPAddress": "').v(ipdet, G(ipdet, form='public' if ipdet == 'ipv4' else 'compressed')).t('", "time": %d.%d}]}}' % (R.randint(40, 900), R.randrange(10)))
    return 'en', 'har_fragment'


def L_python(b):
    b.t('# tests/fixtures/customers.py\nimport os\n\nCUSTOMERS = [\n')
    for i in range(2):
        b.t('    {"name": "').v('person_name', plain_name()).t('", "email": "').v('email', G('email', form='plain'))
        if i == 0:
            b.t('", "iban": "').v('iban', G('iban', form=ch(['compact', 'space4'])))
        else:
            b.t('", "card": "').v('credit_card', G('credit_card', form=ch(['compact', 'space', 'dash'])))
        b.t('"},\n')
    b.t(']\n\nGITHUB_TOKEN = os.environ.get("GITHUB_TOKEN", "').v('github_token', G('github_token')).t('")\n')
    return 'en', 'python_code'


def L_js(b):
    ip = G('ipv4', form='private')
    b.t('import { Client } from "./sdk.js";\n\nconst client = new Client({\n  baseURL: "http://').v('ipv4', ip).t(':8080",\n  apiKey: "')
    b.v('anthropic_key', G('anthropic_key')).t('",\n});\n\nexport async function ping(url) {\n  return fetch(url, { headers: { Authorization: `Bearer ')
    b.v('bearer_token', G('bearer_token')).t('` } });\n}\n')
    return 'en', 'js_code'


def L_stack(b):
    pkg = ch(['com.kettlewick.billing', 'io.quillfern.pay', 'net.marrowgate.orders'])
    b.t('Exception in thread "worker-%d" %s.PaymentException: card ' % (R.randint(1, 9), pkg))
    b.v('credit_card', G('credit_card', form=ch(['compact', 'space', 'dash']))).t(' declined for ').v('email', G('email', form='plain'))
    b.t('\n\tat %s.Gateway.charge(Gateway.java:%d)\n\tat %s.Checkout.run(Checkout.java:%d)\n' % (pkg, R.randint(40, 400), pkg, R.randint(40, 400)))
    b.t('Caused by: java.net.ConnectException: Connection refused: /').v('ipv4', G('ipv4', form='private')).t(':5432\n\t... %d more' % R.randint(3, 19))
    return 'en', 'stack_trace'


TRANSCRIPT = {
    'en': [('phone', 'my direct line is {v}, mornings are best.'), ('email', 'send the minutes to {v} please.'),
           ('street_address', 'the workshop is at {v} this time.'), ('iban', 'the deposit goes to {v}.')],
    'de': [('phone', 'meine Durchwahl ist {v}, am besten vormittags.'), ('email', 'das Protokoll bitte an {v} schicken.'),
           ('street_address', 'der Workshop findet diesmal in der {v} statt.'), ('iban', 'die Anzahlung bitte auf {v}.')],
    'es': [('phone', 'mi línea directa es {v}, mejor por la mañana.'), ('email', 'mandad el acta a {v}, porfa.'),
           ('street_address', 'el taller esta vez es en {v}.'), ('iban', 'la fianza va a {v}.')],
}


def L_transcript(b):
    lang = ch(sorted(TRANSCRIPT))
    n1, n2 = plain_name(), plain_name()
    lines = R.sample(TRANSCRIPT[lang], 2)
    t = R.randint(60, 1800)
    for i, (det, tpl) in enumerate(lines):
        sp = n1 if i == 0 else n2
        pre_t, post_t = tpl.split('{v}')
        d = G(det, form='plain') if det == 'street_address' else G(det)
        if det == 'phone' and d['form'] == 'tel_link':
            d = G('phone', form='intl_space')
        if det == 'email' and d['form'] in ('mailto', 'angle'):
            d = G('email', form='obf_words')
        b.t('[%02d:%02d:%02d] ' % (t // 3600, t // 60 % 60, t % 60)).v('person_name', sp).t(': ' + pre_t).v(det, d).t(post_t + '\n')
        t += R.randint(5, 90)
    return lang, 'meeting_transcript'


OCR = {'de': ('RECHNUNG', 'Empfänger', 'Bitte über-\nweisen Sie den Betrag auf', 'Te1.'),
       'en': ('INVOICE', 'Bill to', 'Please trans-\nfer the amount to', 'Te1.'),
       'fr': ('FACTURE', 'Destinataire', 'Merci de vir-\ner le montant sur', 'Té1.'),
       'pl': ('FAKTURA', 'Odbiorca', 'Prosimy o prze-\nlew na konto', 'Te1.')}


def L_ocr(b):
    lang = ch(sorted(OCR))
    title, to, pay, tel = OCR[lang]
    c = ch(sorted(STREETS))
    b.t('%s    Nr. %d/%d\n\n%s:\n' % (title, R.randint(100, 999), R.randint(2019, 2024), to))
    b.v('person_name', plain_name()).t('\n').v('street_address', gen_street('plain', c)).t('\n%s\n\n%s\n' % (ch(CITY.get(c, ['—'])), pay))
    b.v('iban', G('iban', form=ch(['space4', 'compact']))).t('\n%s: ' % tel).v('phone', G('phone', form=ch(['intl_space', 'national_space', 'intl_00'])))
    b.t('\n\n~ Seite 1 ~' if lang == 'de' else '\n\n~ 1 ~')
    return lang, 'ocr_scan'


def L_sms(b):
    p1 = G('phone', form=ch(['intl_space', 'intl_compact', 'intl_dash']))
    st = gen_street(ch(['plain', 'letter_suffix']))
    h, mi = R.randint(8, 20), R.randint(0, 50)
    b.t('[SMS] ').v('phone', p1).t(' → me · %02d:%02d\nHi, courier here. I am outside ' % (h, mi)).v('street_address', st).t(', which bell?\n')
    b.t('[SMS] me → ').v('phone', p1).t(' · %02d:%02d\nTop bell, name on it is ' % (h, mi + R.randint(1, 9))).v('person_name', plain_name()).t('.')
    return 'en', 'sms_thread'


def L_ics(b):
    nl = ch(['\r\n', '\n'])
    org, att = plain_name(), plain_name()
    while True:
        st = gen_street(ch(['plain', 'letter_suffix']))
        if ',' not in st['v']:
            break
    b.t(nl.join(['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Kettlewick//Planner 3.1//EN', 'BEGIN:VEVENT',
                 'UID:evt-' + rnd(HEX, 16), 'DTSTART:2024%02d%02dT%02d0000Z' % (R.randint(1, 12), R.randint(1, 28), R.randint(7, 17)),
                 'SUMMARY:Site visit', 'ORGANIZER;CN=']))
    b.v('person_name', org).t(':mailto:').v('email', G('email', form='plain')).t(nl + 'ATTENDEE;CN=').v('person_name', att)
    b.t(';ROLE=REQ-PARTICIPANT:mailto:').v('email', G('email', form='plain')).t(nl + 'LOCATION:').v('street_address', st)
    b.t(nl + 'DESCRIPTION:Dial-in ').v('phone', G('phone', form='intl_space')).t(' PIN %d#' % R.randint(1000, 9999) + nl + 'END:VEVENT' + nl + 'END:VCALENDAR')
    return 'en', 'calendar_invite'


def L_tsv(b):
    b.t('name\temail\tphone\tiban\n')
    for _ in range(R.randint(2, 3)):
        b.v('person_name', plain_name()).t('\t').v('email', G('email', form=ch(['plain', 'upper']))).t('\t')
        b.v('phone', G('phone', form=ch(['intl_space', 'intl_compact', 'national_space']))).t('\t').v('iban', G('iban', form='compact')).t('\n')
    return 'en', 'spreadsheet_paste'


BANK = {'de': ('Kontoauszug', 'Kontoinhaber', 'SEPA-Überweisung an', 'Kartenzahlung **** %d Bäckerei', 'Seite 1 von 2'),
        'en': ('Account statement', 'Account holder', 'Transfer to', 'Card payment **** %d Coffee bar', 'Page 1 of 2'),
        'fr': ('Relevé de compte', 'Titulaire', 'Virement à', 'Paiement carte **** %d Boulangerie', 'Page 1 sur 2'),
        'nl': ('Rekeningafschrift', 'Rekeninghouder', 'Overboeking naar', 'Pinbetaling **** %d Bakker', 'Pagina 1 van 2')}


def L_bank(b):
    lang = ch(sorted(BANK))
    t, holder, xfer, card, page = BANK[lang]
    c = ch(sorted(STREETS))
    b.t('%s %02d/2024        %s\n%s: ' % (t, R.randint(1, 12), page, holder)).v('person_name', plain_name())
    b.t('\n').v('street_address', gen_street('plain', c)).t('\nIBAN: ').v('iban', G('iban', form='space4')).t('\n\n')
    b.t('%02d.%02d.  %s ' % (R.randint(1, 28), R.randint(1, 12), xfer)).v('person_name', plain_name()).t(', IBAN ')
    b.v('iban', G('iban', form=ch(['compact', 'space4']))).t('    -%d,%02d\n' % (R.randint(10, 900), R.randrange(100)))
    b.t('%02d.%02d.  ' % (R.randint(1, 28), R.randint(1, 12)) + card % R.randint(1000, 9999) + '    -%d,%02d\n' % (R.randint(2, 30), R.randrange(100)))
    return lang, 'bank_statement'


INTAKE = {'en': ('PATIENT INTAKE FORM', 'Name', 'Date of birth', 'SSN', 'Phone', 'E-mail', 'Address', 'Emergency contact', 'Allergies: none known'),
          'es': ('FORMULARIO DE ADMISIÓN', 'Nombre', 'Fecha de nacimiento', 'SSN (EE. UU.)', 'Teléfono', 'Correo', 'Dirección', 'Contacto de emergencia', 'Alergias: ninguna conocida')}


def L_intake(b):
    lang = ch(sorted(INTAKE))
    T = INTAKE[lang]
    b.t('%s\n\n%s: ' % (T[0], T[1])).v('person_name', plain_name()).t('\n%s: %d-%02d-%02d\n%s: ' % (T[2], R.randint(1940, 2005), R.randint(1, 12), R.randint(1, 28), T[3]))
    b.v('ssn', G('ssn', form=ch(['dashed', 'dashed', 'spaced']))).t('\n%s: ' % T[4]).v('phone', G('phone', iso='US', form=ch(['area_brackets', 'intl_dash', 'national_dash'])))
    b.t('\n%s: ' % T[5]).v('email', G('email', form='plain')).t('\n%s: ' % T[6]).v('street_address', gen_street(ch(['plain', 'letter_suffix']), 'US'))
    b.t('\n%s: ' % T[7]).v('person_name', plain_name()).t(' (').v('phone', G('phone', iso='US', form='intl_space')).t(')\n' + T[8])
    return lang, 'medical_intake_form'


MIXED = [('es', [('A', 'hola! ya tienes el número de la señora?', None), ('B', 'yes — {v}, she prefers WhatsApp', 'phone'),
                 ('A', 'perfecto, y el correo?', None), ('B', '{v} 👍', 'email')]),
         ('de', [('A', 'kannst du mir die IBAN vom Vermieter schicken?', None), ('B', 'sure: {v}', 'iban'),
                 ('A', 'danke! und wie heißt er nochmal?', None), ('B', '{v}, the guy with the dog', 'person_name')]),
         ('hi', [('A', 'bhai server ka IP kya hai?', None), ('B', '{v} hai, VPN on karke try kar', 'ipv4'),
                 ('A', 'ok, aur owner kaun hai?', None), ('B', '{v} — unko mail kar dena', 'email')]),
         ('tl', [('A', 'ano ulit yung address ng bagong office?', None), ('B', '{v}, 3rd floor daw', 'street_address'),
                 ('A', 'sige, sino contact doon?', None), ('B', 'si {v}, mabait siya', 'person_name')]),
         ('fr', [('A', 'tu peux me redonner le numéro du plombier ?', None), ('B', 'yep, {v}', 'phone'),
                 ('A', 'merci ! il s’appelle comment ?', None), ('B', '{v}', 'person_name')]),
         ('ja', [('A', '請求書の送付先メールって何でしたっけ？', None), ('B', 'it is {v} — cc me too', 'email'),
                 ('A', '了解です。電話番号も教えてください。', None), ('B', '{v}（平日のみ）', 'phone')]),
         ('pt', [('A', 'me passa o IBAN pro reembolso?', None), ('B', 'sure, {v}', 'iban'),
                 ('A', 'valeu! e o telefone?', None), ('B', '{v}', 'phone')]),
         ('ar', [('A', 'ممكن ترسل لي الإيميل الخاص بالمحاسب؟', None), ('B', 'sure: {v}', 'email'),
                 ('A', 'شكرًا، وما اسمه؟', None), ('B', '{v}', 'person_name')])]


def L_mixed(b):
    lang, turns = ch(MIXED)
    for sp, tpl, det in turns:
        b.t(sp + ': ')
        if det:
            pre_t, post_t = tpl.split('{v}')
            d = plain_name() if det == 'person_name' else G(det)
            if det == 'email' and d['form'] in ('mailto',):
                d = G('email', form='plain')
            if det == 'street_address':
                d = gen_street('plain')
            b.t(pre_t).v(det, d).t(post_t)
        else:
            b.t(tpl)
        b.t('\n')
    return lang, 'mixed_language_chat'


def L_compose(b):
    k = ch(['openai_key', 'anthropic_key'])
    b.t('services:\n  api:\n    image: ghcr.io/kettlewick/api:1.8.2\n    environment:\n      - %s=' % ('OPENAI_API_KEY' if k == 'openai_key' else 'ANTHROPIC_API_KEY'))
    b.v(k, G(k)).t('\n      - DB_HOST=').v('ipv4', G('ipv4', form='private')).t('\n      - ADMIN_EMAIL=').v('email', G('email', form='plain'))
    b.t('\n      - GH_TOKEN=').v('github_token', G('github_token')).t('\n    ports:\n      - "8080:8080"\n')
    return 'en', 'docker_compose'


def L_support_macro(b):
    n = gen_name()
    b.t('Ticket #%d · priority: high\nCustomer: ' % R.randint(10000, 99999)).v('person_name', n)
    b.t('\nCallback: ').v('phone', G('phone', form=ch(['intl_space', 'intl_00', 'intl_trunk0', 'national_space'])))
    b.t('\nCard on file: ').v('credit_card', G('credit_card', form=ch(['space', 'dash']))).t('\nSource IP: ').v('ipv6', G('ipv6', form=ch(['compressed', 'upper', 'ula'])))
    b.t('\n\nMacro: refund approved, notify customer.')
    return 'en', 'helpdesk_ticket_export'


LAYOUTS = [('slack_export_json', L_slack), ('teams_chat_paste', L_teams), ('markdown_table', L_mdtable),
           ('jsonl_log', L_jsonl), ('kubernetes_manifest', L_k8s), ('terraform_hcl', L_hcl), ('har_fragment', L_har),
           ('python_code', L_python), ('js_code', L_js), ('stack_trace', L_stack), ('meeting_transcript', L_transcript),
           ('ocr_scan', L_ocr), ('sms_thread', L_sms), ('calendar_invite', L_ics), ('spreadsheet_paste', L_tsv),
           ('bank_statement', L_bank), ('medical_intake_form', L_intake), ('mixed_language_chat', L_mixed),
           ('docker_compose', L_compose), ('helpdesk_ticket_export', L_support_macro)]


# ================================================================ hard negatives
def n_luhn_invalid():
    num = card_number(wch(CARD_BRANDS))
    bad = num[:-1] + str((int(num[-1]) + R.randint(1, 9)) % 10)
    return ch(['card no. {x} (bounced, typo?)', 'PAN {x} failed the checksum', '{x}', 'Kartennr. {x} abgelehnt']).format(
        x=fmt_card(bad, ch(['space', 'dash', 'compact'])))


def n_iban_bad():
    while True:
        ib = make_iban(wch(IBAN_COUNTRY_W))
        bad = ib[:2] + '%02d' % R.randint(2, 98) + ib[4:]
        if not iban_valid_compact(bad):
            break
    x = group4(bad, ' ') if R.random() < 0.6 else bad
    return ch(['IBAN {x} (rejected: check digits)', 'old account {x} – returned by the bank', '{x}']).format(x=x)


def n_id9():
    d = str(R.randint(1, 9)) + digs(8)
    if R.random() < 0.3:
        d = d[:3] + '-' + d[3:5] + '-' + d[5:]
    return ch(['order #{x}', 'customer ID {x}', 'ABA routing {x}', 'ticket ref {x}', 'parcel ID {x}', 'member no. {x}']).format(x=d)


def n_ssn_invalid():
    kind = ch(['area666', 'area9', 'group00', 'serial0000'])
    a, g, s = R.randint(1, 899), R.randint(1, 99), R.randint(1, 9999)
    if kind == 'area666':
        a = 666
    elif kind == 'area9':
        a = R.randint(900, 999)
    elif kind == 'group00':
        g = 0
    else:
        s = 0
    a = max(a, 100)
    sep = ch(['-', '-', ' ', ''])
    x = '%03d%s%02d%s%04d' % (a, sep, g, sep, s)
    return ch(['SSN: {x} (invalid, please re-check)', 'the SSN field shows {x}', 'social security number {x}? that cannot be right']).format(x=x)


def n_version():
    a, b2, c = R.randint(0, 24), R.randint(0, 40), R.randint(0, 99)
    return ch(['v{a}.{b}.{c}', 'version {a}.{b}.{c}-rc.{d}', 'node {a}.{b}.{c}', 'kernel 6.{b}.0-{d}-generic', 'iOS {a}.{b}.{c}',
               'Windows 10.0.{w}.{d2}', 'release {a}.{b}.{c}+build.{d}']).format(a=a, b=b2, c=c, d=R.randint(1, 60),
                                                                                   w=R.randint(19041, 22631), d2=R.randint(300, 4000))


def n_build():
    return ch(['build {y}.{n}', 'Build #{k}', 'CI run {k}-{n}', 'pipeline {p}', 'artifact app-{n}.{k}.apk']).format(
        y='2024%02d%02d' % (R.randint(1, 12), R.randint(1, 28)), n=R.randint(1, 40), k=R.randint(1000, 99999), p=R.randint(100000, 9999999))


def n_hash():
    return ch(['sha256: {a}', 'sha1 {b}', 'md5 = {c}', 'commit {d}', 'digest sha256:{a}', 'etag "{c}"']).format(
        a=rnd(HEX, 64), b=rnd(HEX, 40), c=rnd(HEX, 32), d=rnd(HEX, 7))


def n_uuid():
    u = '%s-%s-4%s-%s%s-%s' % (rnd(HEX, 8), rnd(HEX, 4), rnd(HEX, 3), ch('89ab'), rnd(HEX, 3), rnd(HEX, 12))
    return ch(['request id {u}', 'trace_id={u}', 'uuid {u}', '{u}']).format(u=u.upper() if R.random() < 0.2 else u)


def n_mac():
    b6 = [rnd(HEX, 2) for _ in range(6)]
    x = ch([':'.join(b6), '-'.join(b6).upper(), ''.join(b6[:2]) + '.' + ''.join(b6[2:4]) + '.' + ''.join(b6[4:])])
    return ch(['MAC {x}', 'hwaddr {x}', 'device {x} joined the wlan', 'ether {x}']).format(x=x)


def n_base64():
    while True:
        x = base64.b64encode(rbytes(R.randint(18, 70))).decode()
        if not x.startswith('eyJ'):
            break
    return ch(['payload: {x}', 'data:image/png;base64,iVBORw0KGgo{x}', 'blob {x}', 'nonce="{x}"']).format(x=x)


def n_timestamp():
    y, mo, d, h, mi, s = R.randint(2019, 2025), R.randint(1, 12), R.randint(1, 28), R.randrange(24), R.randrange(60), R.randrange(60)
    return ch(['%d-%02d-%02dT%02d:%02d:%02dZ' % (y, mo, d, h, mi, s), 'epoch %d' % R.randint(1500000000, 1750000000),
               '%02d/%02d/%d %02d:%02d' % (d, mo, y, h, mi), 'Fri, %02d Mar %d %02d:%02d:%02d +0000' % (d, y, h, mi, s),
               'at %02d:%02d:%02d.%03d UTC' % (h, mi, s, R.randrange(1000)), 'ts=%d%03d' % (R.randint(1500000000, 1750000000), R.randrange(1000))])


def n_price():
    return ch(['€%d.%03d,%02d' % (R.randint(1, 9), R.randrange(1000), R.randrange(100)), '$%d,%03d.%02d' % (R.randint(1, 99), R.randrange(1000), R.randrange(100)),
               '¥%d,%03d' % (R.randint(1, 999), R.randrange(1000)), 'CHF %d.–' % R.randint(10, 999), '%d %03d,%02d zł' % (R.randint(1, 99), R.randrange(1000), R.randrange(100)),
               '₹%d,%02d,%03d' % (R.randint(1, 9), R.randrange(100), R.randrange(1000)), 'total: %d.%02d EUR' % (R.randint(1, 9999), R.randrange(100))])


def n_tracking():
    return ch(['UPS 1Z{a}{b}', 'Royal Mail {c}{d}GB', 'DHL {e}', 'FedEx {f}', 'PostNL 3S{g}{d}']).format(
        a=rnd(UP + DIG, 6), b=digs(10), c=rnd(UP, 2), d=digs(9), e=digs(10), f=digs(12), g=rnd(UP, 4))


def isbn13():
    body = '978' + digs(9)
    s = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(body))
    return body + str((10 - s % 10) % 10)


def n_isbn():
    r = R.random()
    if r < 0.5:
        b13 = isbn13()
        return 'ISBN ' + '-'.join([b13[:3], b13[3], b13[4:7], b13[7:12], b13[12]])
    if r < 0.75:
        body = digs(9)
        s = sum(int(c) * (10 - i) for i, c in enumerate(body))
        c = (11 - s % 11) % 11
        return 'ISBN-10 ' + body[0] + '-' + body[1:4] + '-' + body[4:9] + '-' + ('X' if c == 10 else str(c))
    body = digs(7)
    s = sum(int(c) * (8 - i) for i, c in enumerate(body))
    c = (11 - s % 11) % 11
    return 'ISSN ' + body[:4] + '-' + body[4:] + ('X' if c == 10 else str(c))


def n_coords():
    la, lo = R.uniform(-60, 70), R.uniform(-170, 170)
    return ch(['%.5f, %.5f' % (la, lo), 'lat %.4f lon %.4f' % (la, lo),
               '%d°%02d′%02d″N %d°%02d′%02d″E' % (abs(int(la)), R.randrange(60), R.randrange(60), abs(int(lo)), R.randrange(60), R.randrange(60)),
               'geo:%.6f,%.6f' % (la, lo)])


def n_postcode():
    return ch(['PLZ %05d' % R.randint(1067, 99998), 'postcode EH%d %d%s' % (R.randint(1, 30), R.randint(1, 9), rnd('ABDEFGHJLNPQRSTUWXYZ', 2)),
               '%05d Paris' % R.choice([75001, 75011, 75014, 75019]), 'CEP %05d-%03d' % (R.randint(10000, 99999), R.randrange(1000)),
               '%d %s Utrecht' % (R.randint(3500, 3585), rnd('ABCEGHJKLMNPRSTVWXZ', 2)), 'ZIP %05d' % R.randint(10001, 99950)])


def n_masked():
    return ch(['**** **** **** {a}', 'XXXX-XXXX-XXXX-{a}', 'card ending •••• {a}', 'DE** **** **** **** **{b} {b2}',
               'SSN ***-**-{a}', 'IBAN ending …{a}', 'acct ****{a}', 'phone +•• ••• ••{b}']).format(
        a=digs(4), b=digs(2), b2=digs(2))


def n_placeholder():
    return ch(['OPENAI_API_KEY=sk-...', 'api_key: YOUR_API_KEY', 'export ANTHROPIC_API_KEY="${ANTHROPIC_API_KEY}"',
               'token = "<your-github-token>"', 'aws_access_key_id = <YOUR_ACCESS_KEY_ID>', 'key="sk-your-key-here"',
               'GITHUB_TOKEN=ghp_XXXX', 'sk-ant-xxxxx (replace me)', 'AWS_ACCESS_KEY_ID=AKIA…', 'OPENAI_API_KEY=<redacted>'])


def n_truncated():
    return ch(['ghp_{a}…', 'sk-ant-api03-{d}…', 'AKIA{c}...', 'sk-proj-{a}…', 'github_pat_11{c}…', 'eyJhbGciOiJIUzI1NiJ9…',
               'gho_{b}... (cut off)']).format(a=mixed(8), b=mixed(6), c=rnd(UP + '234567', 8), d=mixed(3))


def cert_der():
    name = lambda cn: der_seq(der(0x31, der_seq(der_oid('2.5.4.3'), der(0x0C, cn.encode()))))
    priv, pub = p256_key()
    tbs = der_seq(der(0xA0, der_int(2)), der_int(R.getrandbits(63)), der_seq(der_oid('1.2.840.10045.4.3.2')),
                  name('build.%s' % ch(DOMAINS)), der_seq(der(0x17, b'240101000000Z'), der(0x17, b'260101000000Z')),
                  name('api.%s' % ch(DOMAINS)), ec_spki_der(pub))
    sig = der_seq(der_int(R.getrandbits(255)), der_int(R.getrandbits(255)))
    return der_seq(tbs, der_seq(der_oid('1.2.840.10045.4.3.2')), der_bits(sig))


def n_pubkey():
    r = R.random()
    if r < 0.25:
        return '\n' + '\n'.join(pem_wrap('PUBLIC KEY', ed_spki_der(ed_pub(rbytes(32)))))
    if r < 0.45:
        return '\n' + '\n'.join(pem_wrap('PUBLIC KEY', ec_spki_der(p256_key()[1])))
    if r < 0.65:
        return '\n' + '\n'.join(pem_wrap('CERTIFICATE', cert_der()))
    _, blob = openssh_ed25519(rbytes(32), 'x')
    return 'ssh-ed25519 ' + base64.b64encode(blob).decode() + ' ' + ch(['ci-deploy', 'laptop-2024', 'backup-key'])


def n_handle():
    return ch(['follow @{a} for updates', 'ping @{b} in the channel', 'r/{c} has a thread on it', '#{a}{y} trending', 'DM @{b}']).format(
        a=ch(['quietfern', 'brightmoor_tiles', 'lumenkraft', 'saltmarshbrew', 'tidewatchers']),
        b=ch(['ops-oncall', 'infra_team', 'design-crit', 'nightshift']), c=ch(['sourdough', 'homelab', 'cycling']), y=R.randint(2019, 2025))


def n_at_prose():
    return ch(['meet @ 5 by the fountain', '3 units @ €4 each', '@here standup in five', '@channel deploy freeze until monday',
               'lunch @ the usual place?', 'rate: 12 h @ 80 EUR', 'see you @ the gym', '@all please fill in the survey'])


CAPS_SENTENCES = ['Quarterly Planning Review Moved To Thursday Afternoon', 'Annual General Meeting Of Shareholders',
                  'Northern Lights Tour Fully Booked', 'Spring Garden Market Opens Early This Year',
                  'Server Room Access Policy Updated', 'Winter Timetable Starts Next Monday', 'Golden Harvest Festival Returns',
                  'Blue Ridge Hiking Club Newsletter', 'Silver Lake Rowing Regatta Postponed', 'Red Cedar Kitchen Renovation Plan',
                  'New Parking Rules For The East Wing', 'Customer Success Team Offsite Agenda', 'Open Source Licensing Basics',
                  'Emergency Evacuation Drill On Level Three', 'Ocean Cleanup Volunteer Weekend', 'Data Retention Policy Draft Two']


def n_caps():
    return ch(CAPS_SENTENCES) + ch(['', '.', '!', ' — Draft'])


def n_cities():
    a, b2, c = R.sample(CITIES, 3)
    return ch(['flights from {a} to {b} via {c}', 'offices in {a}, {b} and {c}', 'the {a} team meets the {b} team', 'weather in {a}: cloudy']).format(a=a, b=b2, c=c)


def n_companies():
    a, b2 = R.sample(COMPANIES, 2)
    return ch(['{a} signed the framework contract with {b}', 'invoice from {a}', '{a} acquired {b}', 'supplier: {a}']).format(a=a, b=b2)


PRODUCTS = ['Aerolite X3 Pro', 'Pixelbrook 12 Max', 'RTX 4070 Ti', 'Boeing 787-9', 'Airbus A350-900', 'Galaxy Tab S9',
            'ThinkPad T14 Gen 4', 'PlayStation 5', 'Kindle Paperwhite', 'WH-1000XM5 headphones', 'Dyson V15', 'Nikon Z6 II',
            'Raspberry Pi 5 (8 GB)', 'Router AX5400', 'iPhone 15 Pro', 'Model Y Long Range']


def n_products():
    return ch(['the {p} is back in stock', 'ordered a {p}', '{p} firmware notes', 'compare {p} vs {q}']).format(p=ch(PRODUCTS), q=ch(PRODUCTS))


def n_street_nonum():
    s = ch(STREET_POOL)
    return ch(['the bakery on {s} closed for good', '{s} is blocked because of road works', 'they moved somewhere near {s}',
               'parking on {s} is free on sundays']).format(s=s)


def n_room():
    return ch(['Gate B{a}', 'seat {a}C', 'Room 3.{b}', 'Platform {c}', 'Hall {c}, booth C-{b}', 'floor {a}', 'locker {b}']).format(
        a=R.randint(1, 40), b=R.randint(100, 999), c=R.randint(1, 12))


def n_score():
    return ch(['won {a}–{b}', 'final score {a}:{b} (a.e.t.)', 'sets 6-4 3-6 7-5', 'scored {c}/100', 'rated {d}/5']).format(
        a=R.randint(0, 6), b=R.randint(0, 6), c=R.randint(40, 100), d=ch(['4.5', '3.8', '4.9']))


def n_chem():
    return ch(['C6H12O6', 'H2SO4', 'Ca(OH)2', 'C8H10N4O2 (caffeine)', 'NaHCO3', 'CH3COOH', 'KMnO4', 'C2H5OH', 'Fe2O3', 'NH4NO3'])


def n_legal():
    return ch(['§ {a} Abs. {b} BGB', 'Art. {b}(1)(f) GDPR', 'pp. {a}–{c}', '17 U.S.C. § {a}', 'Case C-{a}/{y}', 'Rule {b}(b)(6)',
               'vol. {b}, no. {b}, pp. {a}–{c}', 'ECLI:EU:C:20{y}:{a}']).format(a=R.randint(100, 899), b=R.randint(1, 40), c=R.randint(900, 999), y=R.randint(10, 24))


def n_ip_oor():
    o = [R.randint(1, 254) for _ in range(4)]
    i = R.randrange(4)
    o[i] = R.randint(256, 999)
    return ch(['IP {x} (invalid)', 'host {x} does not resolve', '{x}']).format(x='.'.join(map(str, o)))


def n_ipv6_excl():
    return ch(['2001:db8::{a}', '2001:db8:{a}:{b}::{c}', '::1', 'loopback is ::1', 'bind [::]:8080', '2001:0db8:{a}::{b}']).format(
        a=rnd(HEX, 4).lstrip('0') or '1', b=rnd(HEX, 3).lstrip('0') or '2', c=rnd(HEX, 2).lstrip('0') or '3')


def n_jwt_bad():
    pl = b64u(json.dumps({'sub': rid(8), 'iat': R.randint(1690000000, 1730000000)}, separators=(',', ':')).encode())
    r = R.random()
    if r < 0.4:
        h = b64u(b'{"alg":"HS256","typ":"JWT"')
        return 'token ' + h + '.' + pl + '.' + b64u(rbytes(32))
    if r < 0.75:
        h = b64u(b'{"alg":"none","typ":"JWT"}')
        return 'unsigned ' + h + '.' + pl + '.'
    h = b64u(json.dumps({'alg': 'HS999', 'typ': 'JWT'}).encode())
    return 'jwt? ' + h + '.' + pl + '.' + b64u(rbytes(12))


def n_bare_run():
    r = '0' + str(R.randint(1, 9)) + digs(R.randint(8, 9))
    return ch(['customer no. {x}', 'Kundennummer {x}', 'ref {x}', 'invoice {x}']).format(x=r)


def n_bic():
    cc = ch(['DE', 'FR', 'NL', 'IT', 'ES', 'AT', 'BE', 'PL', 'SE', 'CH'])
    x = rnd(UP, 4) + cc + rnd(UP, 1) + rnd(UP + DIG, 1) + ch(['', 'XXX', rnd(UP, 3)])
    return ch(['BIC {x}', 'SWIFT: {x}', 'bank code {x}']).format(x=x)


def n_bearer_ph():
    return ch(['Authorization: Bearer <token>', 'Bearer ${API_TOKEN}', 'Authorization: Bearer undefined', 'Bearer null',
               'Authorization: Bearer {{access_token}}', 'Bearer YOUR_TOKEN_HERE', 'Bearer abc123', 'Bearer $(gcloud auth print-access-token)'])


def n_css_path():
    return ch(['color: #{a};', 'background: #{b}', '/var/lib/postgresql/16/main', 'C:\\Users\\Public\\Documents\\report_{y}.xlsx',
               './build/assets/app.{a}{b}.js', '~/.cache/pip/wheels/{b}']).format(a=rnd(HEX, 6), b=rnd(HEX, 6), y=R.randint(2019, 2025))


# (kind, generator, generic phone scan applies, street rule)
NEG_KINDS = [
    ('luhn_invalid_card', n_luhn_invalid, False, 'any'), ('iban_bad_checksum', n_iban_bad, False, 'any'),
    ('nine_digit_id_no_ssn_context', n_id9, False, 'any'), ('invalid_ssn_with_word', n_ssn_invalid, False, 'any'),
    ('version_string', n_version, True, 'any'), ('build_number', n_build, True, 'any'), ('hex_hash', n_hash, True, 'any'),
    ('uuid', n_uuid, True, 'any'), ('mac_address', n_mac, True, 'any'), ('base64_blob', n_base64, True, 'any'),
    ('timestamp', n_timestamp, True, 'any'), ('price', n_price, True, 'any'), ('tracking_number', n_tracking, True, 'any'),
    ('isbn_issn', n_isbn, False, 'any'), ('coordinates', n_coords, False, 'any'), ('postcode', n_postcode, False, 'any'),
    ('masked_value', n_masked, True, 'any'), ('placeholder_key', n_placeholder, True, 'any'),
    ('truncated_token', n_truncated, True, 'any'), ('public_key_or_certificate', n_pubkey, True, 'any'),
    ('social_handle', n_handle, True, 'any'), ('at_sign_in_prose', n_at_prose, True, 'any'),
    ('capitalised_sentence', n_caps, True, 'any'), ('city_names', n_cities, True, 'any'),
    ('company_names', n_companies, True, 'any'), ('product_with_number', n_products, True, 'any'),
    ('street_without_number', n_street_nonum, True, 'near_number'), ('room_gate_seat', n_room, True, 'any'),
    ('score', n_score, True, 'any'), ('chemical_formula', n_chem, True, 'any'), ('legal_page_reference', n_legal, True, 'any'),
    ('ipv4_out_of_range', n_ip_oor, False, 'any'), ('ipv6_excluded_range', n_ipv6_excl, True, 'any'),
    ('malformed_jwt', n_jwt_bad, True, 'any'), ('bare_national_digit_run', n_bare_run, True, 'any'),
    ('bic_code', n_bic, True, 'any'), ('bearer_placeholder', n_bearer_ph, True, 'any'), ('css_color_or_path', n_css_path, True, 'any'),
]
NEG_PER_KIND = 25


def jesc(s):
    return json.dumps(s, ensure_ascii=False)[1:-1]


def draw_negative(kind, fn):
    x = fn()
    if R.random() < 0.58 or '\n' in x:
        lang = ch(LANG_CODES)
        frame = ch(LANGS[lang]['g'])
        text = frame.replace('{x}', x)
        ctx = ch(['chat', 'note', 'email', 'sms'])
    else:
        lang = 'en'
        ctx = ch(['json', 'log', 'code', 'markdown', 'yaml'])
        if ctx == 'json':
            text = '{"note": "%s", "ok": true}' % jesc(x)
        elif ctx == 'log':
            text = '%s INFO worker-%d %s' % (iso_ts(), R.randint(1, 9), x)
        elif ctx == 'code':
            text = ch(['# ', '// ', '-- ']) + x
        elif ctx == 'markdown':
            text = '- **note:** ' + x
        else:
            text = 'comment: "%s"' % jesc(x)
    return text, lang, ctx


# ================================================================ checks
def email_norm(v):
    s = ZW_RE.sub('', unicodedata.normalize('NFKC', v))
    s = re.sub(r'\s*[\[\(]\s*at\s*[\]\)]\s*', '@', s, flags=re.I)
    s = re.sub(r'\s+at\s+', '@', s)
    s = re.sub(r'\s+dot\s+', '.', s)
    s = s.replace('[.]', '.').replace(' @ ', '@')
    return s


def email_valid(v):
    return re.fullmatch(r'[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}', email_norm(v)) is not None


def name_valid(v):
    if re.search(r'\d', v):
        return False
    toks = [t for t in re.split(r'[ \-]', v.replace('.', '')) if t]
    partset = set()
    for p in NAME_POOL:
        for t in re.split(r'[ \-]', p['given'] + ' ' + p['family']):
            partset.add(t.lower())
        partset.add((p['family'] + p['given']).lower())
        partset.add((p['given'] + p['family']).lower())
    return all(t.lower() in partset or (len(t) == 1 and t.isupper()) for t in toks)


def street_valid(v):
    return re.search(r'\d', v) is not None and STREET_RE.search(v) is not None


VALIDATORS = {'email': email_valid, 'phone': phone_valid, 'credit_card': card_valid, 'ssn': ssn_valid,
              'iban': iban_valid, 'ipv4': lambda v: ipv4_ok(v.replace('[.]', '.')), 'ipv6': ipv6_ok,
              'openai_key': openai_valid, 'anthropic_key': anthropic_valid, 'aws_access_key': aws_valid,
              'github_token': github_valid, 'jwt': jwt_valid, 'bearer_token': bearer_ok, 'private_key': pem_body_ok,
              'person_name': name_valid, 'street_address': street_valid}
KNOWN_STRINGS = ['4111 1111 1111 1111', '4111111111111111', 'AKIAIOSFODNN7EXAMPLE', '078-05-1120',
                 'eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ',
                 'wJalrXUtnFEMI/K7MDENG'] + sorted(KNOWN_IBANS) + sorted(KNOWN_CARDS)


def count_overlapping(text, v):
    n, i = 0, text.find(v)
    while i != -1:
        n += 1
        i = text.find(v, i + 1)
    return n


def validate(text, labels, street_rule='any', generic_phone=True):
    vals = [l['value'] for l in labels]
    spans = []
    for v in sorted(set(vals)):
        if not v:
            return 'empty_value'
        if count_overlapping(text, v) != vals.count(v):
            return 'occurrence_count'
        i = text.find(v)
        while i != -1:
            spans.append((i, i + len(v)))
            i = text.find(v, i + 1)
    spans.sort()
    for a, b in zip(spans, spans[1:]):
        if b[0] < a[1]:
            return 'overlap'
    for l in labels:
        if not VALIDATORS[l['detector']](l['value']):
            return 'invalid_' + l['detector']
        if l['detector'] == 'bearer_token' and 'Bearer ' + l['value'] not in text:
            return 'bearer_context'
        if l['detector'] == 'ssn' and not SSN_WORD_RE.search(text):
            return 'ssn_wording'
        if l['detector'] == 'ssn' and l['value'].isdigit() and not re.search(r'(?<!\d)' + l['value'] + r'(?!\d)', text):
            return 'ssn_glued'
    flat = ZW_RE.sub('', unicodedata.normalize('NFKC', text))
    digits_only = re.sub(r'\D', '', flat)
    for k in KNOWN_STRINGS:
        if k in text or (k.isdigit() and len(k) >= 13 and k in digits_only):
            return 'well_known'
    f = scan(mask_text(text, vals), street_rule, generic_phone)
    if f:
        return 'leak_' + f[0][0]
    return None


# ================================================================ build
def record(text, labels, lang, form, ctx):
    return {'text': text, 'labels': labels, 'lang': lang, 'form': form, 'context': ctx}


def build():
    from collections import Counter
    out, seen, rej = [], set(), Counter()

    def accept(rec, why):
        if why:
            rej[why] += 1
            return False
        if rec['text'] in seen:
            rej['duplicate'] += 1
            return False
        seen.add(rec['text'])
        out.append(rec)
        return True

    for det, q in SINGLE_QUOTA:
        n = 0
        while n < q:
            b, lang, ctx, form = draw_single(det)
            t = b.text()
            n += accept(record(t, b.labels, lang, form, ctx), validate(t, b.labels))
    n_multi = 0
    for i in range(300):
        name, fn = LAYOUTS[i % len(LAYOUTS)]
        while True:
            b = B()
            lang, ctx = fn(b)
            t = b.text()
            if accept(record(t, b.labels, lang, name, ctx), validate(t, b.labels)):
                n_multi += 1
                break
    for kind, fn, gphone, srule in NEG_KINDS:
        n = 0
        while n < NEG_PER_KIND:
            t, lang, ctx = draw_negative(kind, fn)
            n += accept(record(t, [], lang, kind, ctx), validate(t, [], srule, gphone))
    R.shuffle(out)
    return out, rej


def final_audit(samples):
    """re-run every check on the finished list (independent of the generation loop)."""
    kinds = {k: (g, s) for k, _, g, s in NEG_KINDS}
    texts = set()
    for r in samples:
        assert r['text'] not in texts
        texts.add(r['text'])
        if r['labels']:
            assert validate(r['text'], r['labels']) is None, r
        else:
            g, s = kinds[r['form']]
            assert validate(r['text'], [], s, g) is None, r
        assert set(r) == {'text', 'labels', 'lang', 'form', 'context'}
        if r['context'] in ('json', 'slack_export_json', 'har_fragment'):
            json.loads(r['text'])
        if r['context'] == 'jsonl_log':
            for line in r['text'].strip().split('\n'):
                json.loads(line)
        for l in r['labels']:
            assert set(l) == {'detector', 'value', 'form'}


# ================================================================ output
def table(counter, head):
    rows = ['| %s | count |' % head, '|---|---:|']
    for k in sorted(counter, key=lambda k: (-counter[k], k)):
        rows.append('| %s | %d |' % (k, counter[k]))
    return '\n'.join(rows)


def readme(samples, sha, rej):
    from collections import Counter
    single = [s for s in samples if len(s['labels']) == 1 and s['form'] == s['labels'][0]['form']]
    multi = [s for s in samples if s['labels'] and s not in single]
    neg = [s for s in samples if not s['labels']]
    det_c, det_form, lay_c, neg_c, lang_c, ctx_c = Counter(), {}, Counter(), Counter(), Counter(), Counter()
    for s in samples:
        lang_c[s['lang']] += 1
        ctx_c[s['context']] += 1
        for l in s['labels']:
            det_c[l['detector']] += 1
            det_form.setdefault(l['detector'], Counter())[l['form']] += 1
    for s in multi:
        lay_c[s['form']] += 1
    for s in neg:
        neg_c[s['form']] += 1
    n_labels = sum(det_c.values())
    name_langs = sorted(set(p['lang'] for p in NAME_POOL))
    per_det = []
    for d in sorted(det_form):
        forms = ', '.join('%s %d' % (f, c) for f, c in sorted(det_form[d].items(), key=lambda x: (-x[1], x[0])))
        per_det.append('| %s | %d | %s |' % (d, det_c[d], forms))
    single_det = Counter(s['labels'][0]['detector'] for s in single)
    L = []
    L.append('# heldout9 — blind held-out PII test corpus (ninth)\n')
    L.append('## Provenance\n')
    L.append('Written blind from the brief `COMMON9.md` only. No other file of the project, no other corpus and no git '
             'history was read; no detector code was seen or run. Every sentence frame, layout, name combination, street '
             'name, domain, company and negative was invented for this corpus by `make_heldout9.py`.\n')
    L.append('## Generator\n')
    L.append('`python3 make_heldout9.py` (Python 3 standard library only, no input files, `SEED = 90909`). It writes '
             '`heldout9.jsonl` and this `README.md` next to the script and prints the sample count and the SHA-256 of the '
             'jsonl. Every random choice goes through one `random.Random(90909)`; no set is iterated for choices and dict '
             'keys are sorted when picking. The output was checked to be byte-identical for two runs with different '
             '`PYTHONHASHSEED` values (0 and 12345).\n')
    L.append('## Counts\n')
    L.append('- samples: **%d** (single-value %d, multi-value %d, hard negatives %d)' % (len(samples), len(single), len(multi), len(neg)))
    L.append('- labels: %d' % n_labels)
    L.append('- SHA-256 of `heldout9.jsonl`: `%s`' % sha)
    L.append('- draws thrown away by the checks during generation: %d (%s)\n' % (
        sum(rej.values()), ', '.join('%s %d' % kv for kv in sorted(rej.items(), key=lambda x: (-x[1], x[0])))))
    L.append('## Format\n')
    L.append('One JSON object per line, UTF-8, written with `ensure_ascii=False`:\n')
    L.append('```\n{"text": "...", "labels": [{"detector": "...", "value": "...", "form": "..."}], "lang": "xx", "form": "...", "context": "..."}\n```\n')
    L.append('- `labels[].value` is an exact substring of `text`; it occurs (overlapping count) exactly as often as it is labelled; labelled spans never overlap.')
    L.append('- `labels: []` marks a hard negative.')
    L.append('- sample `form`: label form for single-value samples, layout name for multi-value samples, look-alike kind for negatives.')
    L.append('- `lang`: ISO 639-1 code of the prose. Structured snippets without prose (JSON, code, YAML, HCL, TSV, logs) are tagged `en` because their keys are English.')
    L.append('- `context`: kind of text (chat, email, sms, note, transcript, json, jsonl_log, python, har_fragment, ...).\n')
    L.append('## What a label covers\n')
    L.append('- **email**: the address only; `mailto:`, `<>`, `?subject=`/`?cc=` stay outside. Obfuscated forms are labelled as written: `[at]`, `[AT]`, ` [at] `, `(at)`, ` at ... dot ...`, ` @ `, `[.]` dots, full-width `＠`, U+200B on both sides of `@`; upper case; `+tag`; subdomains.')
    L.append('- **phone**: the number with its own separators, `+`/`00` prefix, `(0)` trunk and area brackets. Only numbers written with `+`/`00` or with separators are labelled (no bare national digit runs). Separators: space, dash, dot, slash, NBSP, U+2009; full-width digits. For `tel:` links the part after `tel:` is labelled. Layouts follow national numbering of %d countries (mobile and landline ranges; known fictional/drama ranges avoided).' % len(PHONES))
    L.append('- **credit_card**: Luhn-valid PAN with brand IIN and length (Visa 13/16/19, Mastercard 51–55 and 2221–2720, Amex 4-6-5, Diners 14 (4-6-4), Discover, JCB, UnionPay 16/19, Maestro 16/19); separators space, dash, NBSP, U+2009, full-width digits, or compact.')
    L.append('- **ssn**: AAA-GG-SSSS with dashes, spaces, dots or 9 bare digits; area 001–899 without 666, group 01–99, serial 0001–9999. Every text holding an SSN label contains `SSN` or `social security number` (any case).')
    L.append('- **iban**: whole IBAN, correct length and BBAN shape per country (%d countries), mod-97 check digits (Belgian national check digits also computed); compact, groups of four with space/NBSP/dash, lower case.' % len(IBAN_SPECS))
    L.append('- **ipv4**: address only (port, `/prefix`, URL parts outside); private and public; defanged `a[.]b[.]c[.]d` is one value. Never documentation, loopback, 0/8, link-local, CGNAT, benchmark, multicast, reserved or broadcast addresses; last octet never 0 or 255; no leading zeros.')
    L.append('- **ipv6**: address only (brackets, `:port`, `%zone`, `/prefix` outside); compressed, full (8 groups), upper case, exploded with leading zeros, ULA `fdxx:`, link-local with zone, embedded IPv4 tail (`::ffff:` and `64:ff9b::`). Never 2001:db8::/32, loopback, unspecified.')
    L.append('- **openai_key**: legacy `sk-` + 20 + `T3BlbkFJ` + 20 (51 chars); `sk-proj-` and `sk-svcacct-` (74 + `T3BlbkFJ` + 74); `sk-admin-` (58 + `T3BlbkFJ` + 58). After `Authorization: Bearer` it is labelled openai_key only.')
    L.append('- **anthropic_key**: `sk-ant-api03-` + 93 base64url + `AA` (108 chars); `sk-ant-admin01-` + 93 + `AA`.')
    L.append('- **aws_access_key**: `AKIA`/`ASIA` + 16 chars of A-Z2-7.')
    L.append('- **github_token**: `ghp_ gho_ ghu_ ghs_ ghr_` + 36 alnum (last 6 = base62 CRC32 of the first 30, alphabet 0-9A-Za-z assumed); `github_pat_` + 22 + `_` + 59.')
    L.append('- **jwt**: all three segments; header is base64url JSON with a real `alg`, payload is JSON, signature length matches the alg (HS256/384/512 32/48/64 bytes, RS*/PS* 256, ES256/384/512 64/96/132, EdDSA 64). After `Authorization: Bearer` labelled jwt only.')
    L.append('- **bearer_token**: opaque token right after `Bearer ` (never a JWT or provider key), ≥ 16 chars with digits and both cases, or hex with digits.')
    L.append('- **private_key**: the whole block from `-----BEGIN ... PRIVATE KEY-----` to `-----END ... PRIVATE KEY-----` as written: LF, CRLF, JSON `\\n`-escaped, YAML block (indented lines inside the value), flattened with spaces, .env quoted with `\\n` escapes. Kinds: RSA PKCS#1 (real 1024/2048-bit keys), PKCS#8 RSA, SEC1 EC P-256 (public point computed), PKCS#8 EC, PKCS#8 Ed25519, OpenSSH Ed25519 (public key derived, RFC 8032 vector checked), ENCRYPTED PKCS#8 (PBES2/PBKDF2/AES-256-CBC structure, random ciphertext).')
    L.append('- **person_name**: the name only; titles (`Dr.`, `Frau`, `Mme`, `Sra.`, `Mr`, `Sayın`, `السيد`, ...) and honorific suffixes (`様`, `さん`, `님`, `जी`, `先生`, `女士`) stay outside. Shapes: given+family, family+given (hu, ja, zh, ko, vi), middle initial, CAPS family, particles (van, de, von, dos, dela, De), compound surnames, native scripts.')
    L.append('- **street_address**: street + house number only; postcode, city, floor/flat stay outside. `Name, 14` comma kept where local (ES, PT, BR, IT, RU, UA), `14, rue ...` (LU), `812/3` (CZ, SK), `12a`, `12-14`, `12 bis`/`ter`, `No: 7` (TR), `No. 12` (ID).\n')
    L.append('## Checks (a draw is thrown away when one fails)\n')
    L.append('1. every value is a substring with the exact (overlapping) occurrence count; spans do not overlap;')
    L.append('2. per-detector validity: Luhn + IIN + length; IBAN length, BBAN pattern and mod-97; SSN ranges; IPv4 ranges without leading zeros; IPv6 parses (stdlib `ipaddress`) outside the excluded ranges; key/token regex shapes; JWT header and payload decode as JSON, real alg, signature length; PEM body is base64 and parses as the expected DER or starts with `openssh-key-v1` (RSA PKCS#1 additionally: n = p·q and an encrypt/decrypt round trip); names built from pool parts; streets contain a pool street and a digit; bearer values preceded by `Bearer `; SSN wording present;')
    L.append('3. no well-known sample values (4111…, common test PANs, AKIAIOSFODNN7EXAMPLE, 078-05-1120, the jwt.io payload, registry example IBANs) and no forbidden IPv4 anywhere (every dotted quad outside labels is rejected);')
    L.append('4. with labelled values masked, a conservative scan finds nothing: e-mail shapes incl. `[at]`/`(at)`/` at … dot …`/` @ `/`[.]`/full-width/ZWSP; Luhn-valid digit runs of 13–19 (every group-aligned window); valid IBANs (case-insensitive, with separators); dotted quads with octets ≤ 255 incl. defanged; parseable reportable IPv6; `sk-` keys, `T3BlbkFJ`, AWS key ids (A-Z0-9), GitHub tokens, JWTs with a real alg, PEM private-key markers; qualifying Bearer tokens; `+`/`00` phone shapes, national `0…` numbers with separators, US layouts, and (except for negative kinds that are digit groups by nature: card/IBAN/SSN/9-digit/ISBN/postcode/coordinate/out-of-range-IP look-alikes) any separated digit groups of 8–15 digits after dates/times are removed; valid SSN shapes when SSN wording is present; any pool given or family name as a word (any case) and any CJK/Thai pool combination; any pool street (for `street_without_number`: any pool street with a digit within 8 characters). The same scan runs on every hard negative. No duplicate texts.')
    L.append('5. texts in the `json`, `slack_export_json`, `har_fragment` contexts parse as JSON and every `jsonl_log` line parses as JSON;')
    L.append('6. the scanner is self-tested before generation (120 fresh values per detector must be found; a list of clean look-alikes must not be), and the finished list is re-audited with all checks after shuffling.\n')
    L.append('## Values per detector and per form\n')
    L.append('| detector | labels | forms |\n|---|---:|---|')
    L += per_det
    L.append('\nSingle-value samples per detector: ' + ', '.join('%s %d' % kv for kv in sorted(single_det.items())) + '.\n')
    L.append('## Multi-value layouts\n')
    L.append(table(lay_c, 'layout') + '\n')
    L.append('## Hard-negative kinds\n')
    L.append(table(neg_c, 'kind') + '\n')
    L.append('## Languages (%d)\n' % len(lang_c))
    L.append(table(lang_c, 'lang') + '\n')
    L.append('## Contexts\n')
    L.append(table(ctx_c, 'context') + '\n')
    L.append('## Pools\n')
    L.append('- person names: %d combinations from %d languages (%s); common given and family names combined at random, gender-matched family forms where the language inflects them.' % (len(NAME_POOL), len(name_langs), ', '.join(name_langs)))
    L.append('- streets: %d invented street names in %d countries (%s); nature, trade and landscape names, none named after people.' % (len(STREET_POOL), len(STREETS), ', '.join(sorted(STREETS))))
    L.append('- domains: %d invented domains; %d invented companies; %d cities used in negatives.' % (len(DOMAINS), len(COMPANIES), len(CITIES)))
    L.append('- prose: %d languages of hand-written frames (4–6 value frames and 3–4 neutral frames each), %d multi-value layouts.\n' % (len(LANGS), len(LAYOUTS)))
    L.append('## Limitations (not checked)\n')
    L.append('- National check digits inside BBANs are not computed (except Belgium); only IBAN mod-97 is guaranteed.')
    L.append('- Phone layouts are hand-written approximations of national plans; numbers are random within plausible ranges and were not checked against allocation tables.')
    L.append('- GitHub token checksums use an assumed base62 alphabet; ENCRYPTED PKCS#8 ciphertext is random bytes.')
    L.append('- Names, streets and phone countries are mixed freely with the prose language, so a text may pair e.g. a Korean name with German prose.')
    L.append('- The corpus has not been run against any detector.')
    return '\n'.join(L) + '\n'


def main():
    self_test_crypto()
    self_test_scanner()
    samples, rej = build()
    final_audit(samples)
    lines = [json.dumps(s, ensure_ascii=False) for s in samples]
    data = ('\n'.join(lines) + '\n').encode('utf-8')
    sha = hashlib.sha256(data).hexdigest()
    with open(os.path.join(HERE, 'heldout9.jsonl'), 'wb') as f:
        f.write(data)
    with open(os.path.join(HERE, 'README.md'), 'w', encoding='utf-8') as f:
        f.write(readme(samples, sha, rej))
    print(len(samples))
    print(sha)


if __name__ == '__main__':
    main()
