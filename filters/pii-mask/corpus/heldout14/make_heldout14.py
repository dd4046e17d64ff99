#!/usr/bin/env python3
"""make_heldout14.py - blind held-out PII corpus #14 (written from the brief only).
Standard library only, no input files, deterministic (SEED = 141414)."""
import base64, hashlib, ipaddress, json, random, re, sys

SEED = 141414
R = random.Random(SEED)

def ch(seq):
    return seq[R.randrange(len(seq))]

def rdig(n, first_nonzero=False):
    s = ''.join(str(R.randrange(10)) for _ in range(n))
    if first_nonzero and n and s[0] == '0':
        s = str(R.randint(1, 9)) + s[1:]
    return s

ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
B64URL = ALNUM + '-_'
def rstr(n, alpha=ALNUM):
    return ''.join(alpha[R.randrange(len(alpha))] for _ in range(n))

def b64u(b):
    return base64.urlsafe_b64encode(b).decode().rstrip('=')

def b64u_dec(s):
    return base64.urlsafe_b64decode(s + '=' * (-len(s) % 4))

FW_MAP = {i: i + 0xFEE0 for i in range(0x21, 0x7F)}
def to_fw_digits(s):
    return ''.join(chr(ord(c) + 0xFEE0) if c.isdigit() and c.isascii() else c for c in s)

def normalize(s):
    out = []
    for c in s:
        o = ord(c)
        if 0xFF01 <= o <= 0xFF5E:
            out.append(chr(o - 0xFEE0))
        elif c == '\u3000':
            out.append(' ')
        elif c in '\u200b\u200c\u200d\u2060\ufeff':
            continue
        else:
            out.append(c)
    return ''.join(out)

# ---------------------------------------------------------------- luhn / cards
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

def luhn_finish(prefix, length):
    body = prefix + rdig(length - 1 - len(prefix))
    for c in '0123456789':
        if luhn_ok(body + c):
            return body + c

def nonluhn_digits(n, first_nonzero=True):
    d = rdig(n, first_nonzero)
    if luhn_ok(d):
        d = d[:-1] + str((int(d[-1]) + 1) % 10)
    return d

CARD_BRANDS = ['visa', 'mastercard', 'mc2series', 'amex', 'diners', 'discover', 'jcb', 'unionpay', 'maestro']
def card_prefix(brand):
    if brand == 'visa':
        return '4', ch([16, 16, 16, 13, 19])
    if brand == 'mastercard':
        return str(R.randint(51, 55)), 16
    if brand == 'mc2series':
        return str(R.randint(2221, 2720)), 16
    if brand == 'amex':
        return ch(['34', '37']), 15
    if brand == 'diners':
        return ch(['36', '38', str(R.randint(300, 305))]), 14
    if brand == 'discover':
        return ch(['6011', str(R.randint(644, 649)), '65']), 16
    if brand == 'jcb':
        return str(R.randint(3528, 3589)), 16
    if brand == 'unionpay':
        return '62' + str(R.choice([1, 3, 4, 5, 8])), ch([16, 19])
    if brand == 'maestro':
        return ch(['6759', '5018', '5020', '5038', '6304']), ch([16, 19])

def card_brand_ok(d):
    n = len(d)
    if d[0] == '4':
        return n in (13, 16, 19)
    p2, p3, p4 = int(d[:2]), int(d[:3]), int(d[:4])
    if 51 <= p2 <= 55 or 2221 <= p4 <= 2720:
        return n == 16
    if p2 in (34, 37):
        return n == 15
    if p2 in (36, 38) or 300 <= p3 <= 305:
        return n == 14
    if d[:4] == '6011' or 644 <= p3 <= 649 or p2 == 65:
        return n == 16
    if 3528 <= p4 <= 3589:
        return n == 16
    if d[:4] in ('6759', '5018', '5020', '5038', '6304'):
        return 12 <= n <= 19
    if p2 == 62:
        return 16 <= n <= 19
    return False

def group_card(d):
    n = len(d)
    g = {16: [4, 4, 4, 4], 19: [4, 4, 4, 4, 3], 13: [4, 4, 5], 15: [4, 6, 5], 14: [4, 6, 4]}[n]
    out, i = [], 0
    for k in g:
        out.append(d[i:i + k]); i += k
    return out

BAD_CARDS = ['4111111111111111', '4242424242424242', '5555555555554444', '5105105105105100', '378282246310005',
             '371449635398431', '6011111111111117', '3530111333300000', '4012888888881881', '4000056655665556',
             '5200828282828210', '6011000990139424', '30569309025904', '38520000023237', '3566002020360505',
             '4222222222222', '6200000000000005', '6759649826438453']

# ---------------------------------------------------------------- SSN
BAD_SSN = ['078051120', '219099999', '123456789', '111111111', '457555462']
def ssn_ok(d):
    if len(d) != 9 or not d.isdigit():
        return False
    a, g, s = int(d[:3]), int(d[3:5]), int(d[5:])
    return 1 <= a <= 899 and a != 666 and 1 <= g <= 99 and 1 <= s <= 9999

# ---------------------------------------------------------------- IBAN
IBAN_SPEC = {
 'AD': '4n4n12c', 'AE': '3n16n', 'AL': '8n16c', 'AT': '5n11n', 'AZ': '4a20c', 'BA': '3n3n8n2n', 'BE': '3n7n2n',
 'BG': '4a4n2n8c', 'BH': '4a14c', 'BR': '8n5n10n1a1c', 'BY': '4c4n16c', 'CH': '5n12c', 'CR': '4n14n', 'CY': '3n5n16c',
 'CZ': '4n6n10n', 'DE': '8n10n', 'DK': '4n9n1n', 'DO': '4c20n', 'EE': '2n2n11n1n', 'EG': '4n4n17n', 'ES': '4n4n1n1n10n',
 'FI': '3n11n', 'FO': '4n9n1n', 'FR': '5n5n11c2n', 'GB': '4a6n8n', 'GE': '2a16n', 'GI': '4a15c', 'GL': '4n9n1n',
 'GR': '3n4n16c', 'GT': '4c20c', 'HR': '7n10n', 'HU': '3n4n1n15n1n', 'IE': '4a6n8n', 'IL': '3n3n13n', 'IQ': '4a3n12n',
 'IS': '4n2n6n10n', 'IT': '1a5n5n12c', 'JO': '4a4n18c', 'KW': '4a22c', 'KZ': '3n13c', 'LB': '4n20c', 'LC': '4a24c',
 'LI': '5n12c', 'LT': '5n11n', 'LU': '3n13c', 'LV': '4a13c', 'MC': '5n5n11c2n', 'MD': '2c18c', 'ME': '3n13n2n',
 'MK': '3n10c2n', 'MR': '5n5n11n2n', 'MT': '4a5n18c', 'MU': '4a2n2n12n3n3a', 'NL': '4a10n', 'NO': '4n6n1n',
 'PK': '4a16c', 'PL': '8n16n', 'PS': '4a21c', 'PT': '4n4n11n2n', 'QA': '4a21c', 'RO': '4a16c', 'RS': '3n13n2n',
 'SA': '2n18c', 'SC': '4a2n2n16n3a', 'SE': '3n16n1n', 'SI': '5n8n2n', 'SK': '4n6n10n', 'SM': '1a5n5n12c', 'ST': '4n4n11n2n',
 'SV': '4a20n', 'TL': '3n14n2n', 'TN': '2n3n13n2n', 'TR': '5n1n16c', 'UA': '6n19c', 'VG': '4a16n', 'XK': '4n10n2n'}

def spec_parts(spec):
    return [(int(m.group(1)), m.group(2)) for m in re.finditer(r'(\d+)([nac])', spec)]

def iban_len(cc):
    return 4 + sum(n for n, _ in spec_parts(IBAN_SPEC[cc]))

def bban_re(cc):
    cls = {'n': '[0-9]', 'a': '[A-Z]', 'c': '[A-Z0-9]'}
    return re.compile('^' + ''.join('%s{%d}' % (cls[t], n) for n, t in spec_parts(IBAN_SPEC[cc])) + '$')

def mod97(s):
    s = s[4:] + s[:4]
    num = ''.join(str(int(c, 36)) for c in s)
    return int(num) % 97

def iban_ok(raw):
    s = re.sub(r'[\s\-]', '', normalize(raw)).upper()
    cc = s[:2]
    if cc not in IBAN_SPEC or len(s) != iban_len(cc):
        return False
    if not bban_re(cc).match(s[4:]):
        return False
    return mod97(s) == 1

BANKS = {'GB': ['NWBK', 'BARC', 'LOYD', 'HBUK', 'MIDL', 'SRLG'], 'NL': ['ABNA', 'INGB', 'RABO', 'SNSB', 'TRIO', 'KNAB', 'BUNQ'],
         'IE': ['AIBK', 'BOFI', 'IPBS'], 'LV': ['HABA', 'UNLA', 'PARX'], 'RO': ['BTRL', 'RNCB', 'BRDE', 'INGB'],
         'BG': ['BNBG', 'UNCR', 'STSA'], 'MT': ['MALT', 'VALL'], 'QA': ['QNBA', 'DOHB'], 'KW': ['NBOK', 'CBKU'],
         'JO': ['ARAB', 'JONB'], 'GE': ['TB', 'BG'], 'AZ': ['NABZ', 'IBAZ']}
IBAN_GEN = ['DE', 'GB', 'NL', 'AT', 'CH', 'PL', 'SE', 'DK', 'IE', 'LU', 'RO', 'GR', 'TR', 'SA', 'AE', 'BG', 'HR', 'LT',
            'LV', 'CY', 'BE', 'FR', 'ES', 'MT', 'IL', 'QA', 'KW', 'JO', 'GE', 'AZ', 'LI', 'UA']
UPALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'

def gen_bban(cc):
    if cc == 'BE':
        d = rdig(10)
        k = int(d) % 97 or 97
        return d + '%02d' % k
    if cc == 'FR':
        b, g, a = rdig(5, True), rdig(5), rdig(11)
        k = 97 - ((89 * int(b) + 15 * int(g) + 3 * int(a)) % 97)
        return b + g + a + '%02d' % k
    if cc == 'ES':
        def dc(x):
            w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]
            r = 11 - sum(int(c) * w[i] for i, c in enumerate(x)) % 11
            return {11: 0, 10: 1}.get(r, r)
        b, o, a = rdig(4, True), rdig(4), rdig(10)
        return b + o + str(dc('00' + b + o)) + str(dc(a)) + a
    if cc == 'NL':
        while True:
            a = rdig(10, True)
            if sum(int(c) * (10 - i) for i, c in enumerate(a)) % 11 == 0:
                return ch(BANKS['NL']) + a
    out = []
    parts = spec_parts(IBAN_SPEC[cc])
    for idx, (n, t) in enumerate(parts):
        if idx == 0 and t == 'a' and cc in BANKS:
            out.append(ch([b for b in BANKS[cc] if len(b) == n]))
        elif t == 'n':
            out.append(rdig(n))
        elif t == 'a':
            out.append(rstr(n, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'))
        else:
            out.append(''.join(ch('0123456789') if R.random() < 0.7 else ch('ABCDEFGHJKLMNPRSTUVWXYZ') for _ in range(n)))
    return ''.join(out)

def gen_iban_compact(cc=None):
    cc = cc or ch(IBAN_GEN)
    bban = gen_bban(cc)
    chk = 98 - mod97(cc + '00' + bban)
    return cc + '%02d' % chk + bban

BAD_IBANS = ['DE89370400440532013000', 'GB29NWBK60161331926819', 'GB82WEST12345698765432', 'FR1420041010050500013M02606',
             'NL91ABNA0417164300', 'BE68539007547034', 'ES9121000418450200051332', 'IT60X0542811101000000123456',
             'CH9300762011623852957', 'AT611904300234573201', 'PL61109010140000071219812874', 'SE4550000000058398257466',
             'DK5000400440116243', 'FI2112345600000785', 'NO9386011117947', 'DE75512108001245126199', 'GB33BUKB20201555555555']

# ---------------------------------------------------------------- IPv4
def v4_forbidden(a, b, c, d):
    if a == 0 or a == 127 or a >= 224:
        return True
    if (a, b, c) in ((192, 0, 2), (198, 51, 100), (203, 0, 113), (192, 0, 0)):
        return True
    if a == 198 and b in (18, 19):
        return True
    if a == 169 and b == 254:
        return True
    if a == 100 and 64 <= b <= 127:
        return True
    return False

def v4_private(a, b):
    return a == 10 or (a == 172 and 16 <= b <= 31) or (a == 192 and b == 168)

def gen_ipv4(kind):
    while True:
        if kind == 'private':
            t = ch(['10', '172', '192'])
            if t == '10':
                a, b = 10, R.randint(0, 255)
            elif t == '172':
                a, b = 172, R.randint(16, 31)
            else:
                a, b = 192, 168
        else:
            a, b = R.randint(1, 223), R.randint(0, 255)
            if v4_private(a, b):
                continue
        c, d = R.randint(0, 255), R.randint(1, 254)
        if v4_forbidden(a, b, c, d):
            continue
        return '%d.%d.%d.%d' % (a, b, c, d)

def ipv4_ok(s):
    s = s.replace('[.]', '.').replace('(.)', '.')
    parts = s.split('.')
    if len(parts) != 4 or not all(p.isdigit() and len(p) <= 3 for p in parts):
        return False
    if any(len(p) > 1 and p[0] == '0' for p in parts):
        return False
    n = [int(p) for p in parts]
    if any(x > 255 for x in n):
        return False
    if v4_forbidden(*n) or n[0] == 255:
        return False
    return True

# ---------------------------------------------------------------- IPv6
def v6_excluded(ip):
    return (ip in ipaddress.ip_network('2001:db8::/32') or ip == ipaddress.IPv6Address('::1')
            or ip == ipaddress.IPv6Address('::'))

def gen_ipv6_obj(kind):
    while True:
        if kind == 'ula':
            first = [0xfd00 | R.randint(0, 255)]
        elif kind == 'linklocal':
            first = [0xfe80, 0, 0, 0]
        else:
            first = [ch([0x2a00, 0x2a01, 0x2a02, 0x2a03, 0x2a05, 0x2a0b, 0x2400, 0x2401, 0x2403, 0x2600, 0x2601,
                         0x2603, 0x2604, 0x2605, 0x2800, 0x2804, 0x2c0f]) + ch([0, 0, 0, 1, 2, 4, 8])]
        rest = [R.randint(0, 0xffff) if R.random() < 0.8 else R.randint(0, 0xfff) for _ in range(8 - len(first))]
        groups = first + rest
        if kind != 'full':
            z = R.randint(2, 4)
            st = R.randint(max(len(first), 1), 8 - z)
            for i in range(st, st + z):
                groups[i] = 0
            if R.random() < 0.3:
                groups[-1] = R.randint(1, 0xff)
        ip = ipaddress.IPv6Address(':'.join('%x' % g for g in groups))
        if v6_excluded(ip):
            continue
        return ip

def ipv6_ok(s):
    try:
        ip = ipaddress.IPv6Address(s)
    except ValueError:
        return False
    if v6_excluded(ip):
        return False
    m = ip.ipv4_mapped
    if m is not None and not ipv4_ok(str(m)):
        return False
    if '.' in s and not ipv4_ok(s.rsplit(':', 1)[1]):
        return False
    return True

# ---------------------------------------------------------------- keys
A32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
def gen_openai(kind):
    if kind == 'legacy':
        return 'sk-' + rstr(20) + 'T3BlbkFJ' + rstr(20)
    pre = {'proj': 'sk-proj-', 'svcacct': 'sk-svcacct-', 'admin': 'sk-admin-'}[kind]
    return pre + rstr(64, B64URL) + 'T3BlbkFJ' + rstr(64, B64URL)

def gen_anthropic(kind):
    pre = 'sk-ant-api03-' if kind == 'api03' else 'sk-ant-admin01-'
    return pre + rstr(93, B64URL) + 'AA'

def gen_aws(kind):
    return ('AKIA' if kind == 'akia' else 'ASIA') + rstr(16, A32)

def gen_github(kind):
    if kind == 'fine_grained':
        return 'github_pat_' + rstr(22) + '_' + rstr(59)
    return kind + '_' + rstr(36)

KEY_RES = {
    'openai_key': re.compile(r'^(sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}|sk-(proj|svcacct|admin)-[A-Za-z0-9_\-]{40,}T3BlbkFJ[A-Za-z0-9_\-]{40,})$'),
    'anthropic_key': re.compile(r'^(sk-ant-api03-[A-Za-z0-9_\-]{93}AA|sk-ant-admin01-[A-Za-z0-9_\-]{93}AA)$'),
    'aws_access_key': re.compile(r'^(AKIA|ASIA)[A-Z2-7]{16}$'),
    'github_token': re.compile(r'^(gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})$'),
}
BAD_KEYS = ['AKIAIOSFODNN7EXAMPLE', 'ASIAIOSFODNN7EXAMPLE']

# ---------------------------------------------------------------- JWT
JWT_SIG = {'HS256': 32, 'HS384': 48, 'HS512': 64, 'RS256': 256, 'RS384': 256, 'RS512': 256, 'PS256': 256,
           'PS384': 256, 'ES256': 64, 'ES384': 96, 'ES512': 132, 'EdDSA': 64}
JWT_SUBS = ['usr_', 'acct_', 'svc-', 'device:', 'tenant/']
def jwt_payload():
    iat = R.randint(1700000000, 1735000000)
    p = {'sub': ch(JWT_SUBS) + rstr(10, 'abcdefghijklmnopqrstuvwxyz0123456789'), 'iat': iat, 'exp': iat + ch([300, 900, 3600, 86400])}
    if R.random() < 0.5:
        p['aud'] = ch(['api', 'billing', 'ingest', 'mobile-app', 'console'])
    if R.random() < 0.5:
        p['scope'] = ch(['read', 'read write', 'orders:read', 'admin', 'files:write'])
    if R.random() < 0.3:
        p['jti'] = rstr(16, 'abcdef0123456789')
    return p

def gen_jwt(alg=None, other=None):
    alg = alg or ch(sorted(JWT_SIG))
    h = {'alg': alg, 'typ': 'JWT'}
    if R.random() < 0.4:
        h['kid'] = rstr(8, 'abcdefghijklmnopqrstuvwxyz0123456789')
    if other == 'none':
        h = {'alg': 'none', 'typ': 'JWT'}
    hs = b64u(json.dumps(h, separators=(',', ':')).encode())
    if other == 'nonjson':
        ps = b64u(bytes(R.randrange(256) for _ in range(R.randint(20, 60))))
        while ps.startswith('eyJ'):
            ps = b64u(bytes(R.randrange(256) for _ in range(R.randint(20, 60))))
    else:
        ps = b64u(json.dumps(jwt_payload(), separators=(',', ':')).encode())
    if other == 'none':
        return hs + '.' + ps + '.'
    n = JWT_SIG[alg]
    sig = b64u(bytes(R.randrange(256) for _ in range(n)))
    if other == 'short':
        sig = sig[:R.randint(6, len(sig) // 2)]
    return hs + '.' + ps + '.' + sig

def jwt_header(seg):
    try:
        h = json.loads(b64u_dec(seg).decode('utf-8'))
    except Exception:
        return None
    return h if isinstance(h, dict) else None

def jwt_ok(tok, form):
    parts = tok.split('.')
    if len(parts) != 3:
        return False
    h = jwt_header(parts[0])
    if not h or 'alg' not in h:
        return False
    if form == 'jose_other':
        return True
    try:
        p = json.loads(b64u_dec(parts[1]).decode('utf-8'))
    except Exception:
        return False
    if not isinstance(p, dict) or h['alg'] not in JWT_SIG:
        return False
    return len(b64u_dec(parts[2])) == JWT_SIG[h['alg']]

BAD_JWT_PREFIX = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ'

# ---------------------------------------------------------------- DER / PEM
def der_len(n):
    if n < 128:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, 'big')
    return bytes([0x80 | len(b)]) + b

def tlv(tag, body):
    return bytes([tag]) + der_len(len(body)) + body

def der_int(v):
    b = v.to_bytes(max(1, (v.bit_length() + 8) // 8), 'big')
    return tlv(0x02, b)

def der_seq(*items):
    return tlv(0x30, b''.join(items))

def der_oid(oid):
    p = [int(x) for x in oid.split('.')]
    out = bytes([40 * p[0] + p[1]])
    for v in p[2:]:
        enc = [v & 0x7f]
        v >>= 7
        while v:
            enc.append(0x80 | (v & 0x7f)); v >>= 7
        out += bytes(reversed(enc))
    return tlv(0x06, out)

def is_probable_prime(n):
    if n < 2:
        return False
    for p in (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37):
        if n % p == 0:
            return n == p
    d, s = n - 1, 0
    while d % 2 == 0:
        d //= 2; s += 1
    for _ in range(16):
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

def gen_prime(bits):
    while True:
        c = R.getrandbits(bits) | (1 << (bits - 1)) | (1 << (bits - 2)) | 1
        if is_probable_prime(c):
            return c

def rsa_pkcs1(bits=1024):
    e = 65537
    while True:
        p, q = gen_prime(bits // 2), gen_prime(bits // 2)
        if p == q:
            continue
        phi = (p - 1) * (q - 1)
        try:
            d = pow(e, -1, phi)
        except ValueError:
            continue
        n = p * q
        if n.bit_length() != bits:
            continue
        return der_seq(der_int(0), der_int(n), der_int(e), der_int(d), der_int(p), der_int(q),
                       der_int(d % (p - 1)), der_int(d % (q - 1)), der_int(pow(q, -1, p)))

def rbytes(n):
    return bytes(R.randrange(256) for _ in range(n))

def ec_sec1(with_params=True):
    inner = [der_int(1), tlv(0x04, rbytes(32))]
    if with_params:
        inner.append(tlv(0xa0, der_oid('1.2.840.10045.3.1.7')))
    inner.append(tlv(0xa1, tlv(0x03, b'\x00\x04' + rbytes(64))))
    return der_seq(*inner)

def pkcs8(kind):
    if kind == 'rsa':
        return der_seq(der_int(0), der_seq(der_oid('1.2.840.113549.1.1.1'), b'\x05\x00'), tlv(0x04, rsa_pkcs1()))
    if kind == 'ec':
        return der_seq(der_int(0), der_seq(der_oid('1.2.840.10045.2.1'), der_oid('1.2.840.10045.3.1.7')),
                       tlv(0x04, ec_sec1(False)))
    return der_seq(der_int(0), der_seq(der_oid('1.3.101.112')), tlv(0x04, tlv(0x04, rbytes(32))))

def encrypted_pkcs8():
    ct_len = 16 * R.randint(5, 12)
    alg = der_seq(der_oid('1.2.840.113549.1.5.13'), der_seq(
        der_seq(der_oid('1.2.840.113549.1.5.12'), der_seq(tlv(0x04, rbytes(16)), der_int(ch([2048, 10000, 100000])),
                                                            der_seq(der_oid('1.2.840.113549.2.9'), b'\x05\x00'))),
        der_seq(der_oid('2.16.840.1.101.3.4.1.42'), tlv(0x04, rbytes(16)))))
    return der_seq(alg, tlv(0x04, rbytes(ct_len)))

def ssh_str(b):
    return len(b).to_bytes(4, 'big') + b

def openssh_ed25519():
    pub = rbytes(32)
    pubblob = ssh_str(b'ssh-ed25519') + ssh_str(pub)
    chk = rbytes(4)
    priv = chk + chk + ssh_str(b'ssh-ed25519') + ssh_str(pub) + ssh_str(rbytes(32) + pub) + ssh_str(
        ch([b'deploy-key', b'ci-runner', b'backup-host', b'laptop-2024', b'build-agent-07']))
    i = 1
    while len(priv) % 8:
        priv += bytes([i]); i += 1
    return (b'openssh-key-v1\x00' + ssh_str(b'none') + ssh_str(b'none') + ssh_str(b'') + (1).to_bytes(4, 'big')
            + ssh_str(pubblob) + ssh_str(priv))

PK_KINDS = ['rsa_pkcs1', 'pkcs8_rsa', 'pkcs8_ec', 'pkcs8_ed25519', 'sec1_ec', 'openssh', 'encrypted']
def gen_pem_lines(kind):
    if kind == 'rsa_pkcs1':
        der, lab, w = rsa_pkcs1(), 'RSA PRIVATE KEY', 64
    elif kind == 'pkcs8_rsa':
        der, lab, w = pkcs8('rsa'), 'PRIVATE KEY', 64
    elif kind == 'pkcs8_ec':
        der, lab, w = pkcs8('ec'), 'PRIVATE KEY', 64
    elif kind == 'pkcs8_ed25519':
        der, lab, w = pkcs8('ed'), 'PRIVATE KEY', 64
    elif kind == 'sec1_ec':
        der, lab, w = ec_sec1(), 'EC PRIVATE KEY', 64
    elif kind == 'openssh':
        der, lab, w = openssh_ed25519(), 'OPENSSH PRIVATE KEY', 70
    else:
        der, lab, w = encrypted_pkcs8(), 'ENCRYPTED PRIVATE KEY', 64
    b = base64.b64encode(der).decode()
    return ['-----BEGIN %s-----' % lab] + [b[i:i + w] for i in range(0, len(b), w)] + ['-----END %s-----' % lab]

def der_parse_ok(b):
    # top-level SEQUENCE whose length covers exactly the blob, and nested TLVs parse
    def parse(buf, i, end):
        while i < end:
            if i + 2 > end:
                return False
            tag = buf[i]; i += 1
            l = buf[i]; i += 1
            if l & 0x80:
                k = l & 0x7f
                if k == 0 or k > 4 or i + k > end:
                    return False
                l = int.from_bytes(buf[i:i + k], 'big'); i += k
            if i + l > end:
                return False
            if tag in (0x30, 0xa0, 0xa1) and not parse(buf, i, i + l):
                return False
            i += l
        return i == end
    return len(b) > 2 and b[0] == 0x30 and parse(b, 0, len(b))

def pem_ok(value):
    v = value.replace('\\r\\n', '\n').replace('\\n', '\n').replace('\r\n', '\n')
    m = re.match(r'^-----BEGIN ([A-Z ]*PRIVATE KEY)-----(.*?)-----END ([A-Z ]*PRIVATE KEY)-----$', v, re.S)
    if not m or m.group(1) != m.group(3):
        return False
    body = re.sub(r'\s+', '', m.group(2))
    try:
        raw = base64.b64decode(body, validate=True)
    except Exception:
        return False
    if m.group(1) == 'OPENSSH PRIVATE KEY':
        return raw.startswith(b'openssh-key-v1\x00')
    return der_parse_ok(raw)

# ================================================================ pools
# (lang, native_script, given names, family names). Combined at random below.
NAME_DATA = [
 ('en', False, ['Oliver', 'Hannah', 'Gareth', 'Megan', 'Callum', 'Bethany'], ['Whitfield', 'Ashworth', 'Pembury', 'Hollis', 'Tranter', 'Blackwood']),
 ('de', False, ['Lukas', 'Annika', 'Jörg', 'Sabine', 'Tobias', 'Franziska'], ['Brenner', 'Hofmeister', 'Wendt', 'Ziegler', 'von Hagen', 'Vogelsang']),
 ('fr', False, ['Camille', 'Théo', 'Margaux', 'Étienne', 'Inès', 'Baptiste'], ['Lefèvre', 'Garnier', 'Chevalier', 'Marchand', 'Dubreuil', 'de la Fontaine']),
 ('es', False, ['Lucía', 'Álvaro', 'Carmen', 'Iñigo', 'Nerea', 'Javier'], ['García Morales', 'Ruiz Ortega', 'Fernández', 'Delgado', 'Navarro Gil', 'de la Vega']),
 ('it', False, ['Giulia', 'Matteo', 'Chiara', 'Lorenzo', 'Federica', 'Davide'], ['Bianchi', 'Ferraro', 'De Santis', 'Colombo', 'Marchetti', 'Galli']),
 ('pt', False, ['João', 'Beatriz', 'Tiago', 'Mariana', 'Rui', 'Inês'], ['da Costa', 'Ferreira', 'Carvalho', 'Sousa Pinto', 'Teixeira', 'Moreira']),
 ('nl', False, ['Sanne', 'Joost', 'Femke', 'Thijs', 'Lotte', 'Bram'], ['van der Linde', 'de Vries', 'Bakker', 'Visser', 'van Dam', 'Hoekstra']),
 ('pl', False, ['Katarzyna', 'Paweł', 'Agnieszka', 'Tomasz', 'Zofia', 'Michał'], ['Kowalczyk', 'Wiśniewska', 'Zieliński', 'Dąbrowska', 'Lewandowski', 'Szymańska']),
 ('cs', False, ['Tereza', 'Jakub', 'Lucie', 'Ondřej', 'Markéta', 'Vojtěch'], ['Dvořáková', 'Novotný', 'Procházková', 'Kučera', 'Veselá', 'Horák']),
 ('hu', False, ['Zsófia', 'Bence', 'Eszter', 'Levente', 'Réka', 'Gergely'], ['Nagy', 'Kovács', 'Szabó', 'Tóth', 'Varga', 'Molnár']),
 ('ro', False, ['Ioana', 'Andrei', 'Mihaela', 'Radu', 'Elena', 'Bogdan'], ['Popescu', 'Ionescu', 'Dumitrescu', 'Munteanu', 'Constantinescu', 'Stoica']),
 ('sv', False, ['Elin', 'Oskar', 'Maja', 'Viktor', 'Ebba', 'Linnea'], ['Lindqvist', 'Bergström', 'Nyberg', 'Sundberg', 'Ekström', 'Wallin']),
 ('nb', False, ['Ingrid', 'Sindre', 'Marit', 'Eirik', 'Tuva', 'Håkon'], ['Haugen', 'Solberg', 'Bakken', 'Lunde', 'Myhre', 'Kvamme']),
 ('da', False, ['Mette', 'Rasmus', 'Signe', 'Mads', 'Freja', 'Anders'], ['Kjærgaard', 'Mortensen', 'Lauridsen', 'Dalgaard', 'Bech', 'Østergaard']),
 ('fi', False, ['Aino', 'Juho', 'Sanna', 'Eetu', 'Veera', 'Mikko'], ['Korhonen', 'Virtanen', 'Mäkelä', 'Heikkinen', 'Laaksonen', 'Rantanen']),
 ('et', False, ['Kadri', 'Märt', 'Liis', 'Tõnu', 'Kertu', 'Indrek'], ['Tamm', 'Saar', 'Kask', 'Mägi', 'Rebane', 'Ilves']),
 ('lv', False, ['Ilze', 'Jānis', 'Baiba', 'Mārtiņš', 'Dace', 'Edgars'], ['Bērziņš', 'Kalniņa', 'Ozoliņš', 'Liepiņa', 'Krūmiņš', 'Vītola']),
 ('lt', False, ['Rūta', 'Mantas', 'Eglė', 'Tadas', 'Aistė', 'Giedrius'], ['Kazlauskas', 'Petrauskaitė', 'Jankauskas', 'Stankevičiūtė', 'Vasiliauskas', 'Žukauskaitė']),
 ('el', True, ['Γιώργος', 'Ελένη', 'Δημήτρης', 'Κατερίνα', 'Νίκος', 'Σοφία'], ['Παπαδόπουλος', 'Οικονόμου', 'Γεωργίου', 'Καραγιάννη', 'Αντωνίου', 'Βλάχου']),
 ('tr', False, ['Elif', 'Emre', 'Zeynep', 'Burak', 'Merve', 'Onur'], ['Yılmaz', 'Kaya', 'Demir', 'Şahin', 'Çelik', 'Aydın']),
 ('ru', True, ['Анна', 'Дмитрий', 'Екатерина', 'Сергей', 'Ольга', 'Алексей'], ['Смирнова', 'Кузнецов', 'Попова', 'Васильев', 'Соколова', 'Морозов']),
 ('uk', True, ['Оксана', 'Тарас', 'Ірина', 'Богдан', 'Соломія', 'Андрій'], ['Шевчук', 'Коваленко', 'Бондаренко', 'Ткаченко', 'Кравчук', 'Мельник']),
 ('bg', True, ['Мария', 'Георги', 'Десислава', 'Иван', 'Цветелина', 'Стоян'], ['Петрова', 'Димитров', 'Георгиева', 'Николов', 'Стоянова', 'Христов']),
 ('sr', True, ['Милица', 'Никола', 'Јелена', 'Марко', 'Ана', 'Стефан'], ['Јовановић', 'Петровић', 'Николић', 'Марковић', 'Ђорђевић', 'Стојановић']),
 ('ar', True, ['أحمد', 'فاطمة', 'يوسف', 'مريم', 'عمر', 'ليلى'], ['الحسيني', 'العتيبي', 'منصور', 'حداد', 'الخطيب', 'القاسمي']),
 ('he', True, ['נועה', 'איתי', 'מיכל', 'יונתן', 'תמר', 'עומר'], ['כהן', 'לוי', 'מזרחי', 'פרץ', 'ביטון', 'אברהם']),
 ('fa', True, ['مریم', 'علی', 'زهرا', 'رضا', 'سارا', 'امیر'], ['محمدی', 'حسینی', 'رضایی', 'کریمی', 'احمدی', 'موسوی']),
 ('hi', True, ['प्रिया', 'राहुल', 'अनीता', 'विक्रम', 'कविता', 'अर्जुन'], ['शर्मा', 'वर्मा', 'गुप्ता', 'मेहता', 'जोशी', 'अग्रवाल']),
 ('ja', True, ['美咲', '健太', '陽菜', '翔太', '結衣', '大輔'], ['佐藤', '鈴木', '高橋', '渡辺', '伊藤', '中村']),
 ('ko', True, ['민준', '서연', '지훈', '하은', '도윤', '수빈'], ['김', '이', '박', '최', '정', '강']),
 ('zh', True, ['静怡', '浩然', '雨桐', '子涵', '志强', '晓明'], ['王', '李', '张', '刘', '陈', '杨']),
 ('th', True, ['สมชาย', 'สุดา', 'ธนพล', 'กาญจนา', 'วีรยุทธ', 'พิมพ์ชนก'], ['ใจดี', 'ศรีสุข', 'วงศ์สวัสดิ์', 'บุญมา', 'แก้วมณี', 'ทองดี']),
 ('ka', True, ['ნინო', 'გიორგი', 'თამარ', 'ლევან', 'ანა', 'დავით'], ['ბერიძე', 'კაპანაძე', 'გელაშვილი', 'მაისურაძე', 'ლომიძე', 'ჯავახიშვილი']),
 ('vi', False, ['Văn Minh', 'Thị Lan', 'Anh Tuấn', 'Thu Hương', 'Quốc Dũng', 'Phương Thảo'], ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ']),
 ('id', False, ['Putri', 'Budi', 'Siti', 'Agus', 'Dewi', 'Rizky'], ['Santoso', 'Wijaya', 'Hidayat', 'Kurniawan', 'Pratama', 'Saputra']),
 ('tl', False, ['Maricel', 'Jericho', 'Rowena', 'Paolo', 'Kristine', 'Ramon'], ['dela Cruz', 'Santos', 'Bautista', 'Villanueva', 'Mendoza', 'Macaraeg']),
 ('sw', False, ['Amani', 'Baraka', 'Neema', 'Juma', 'Zawadi', 'Imani'], ['Mwangi', 'Otieno', 'Njoroge', 'Wanjiku', 'Kamau', 'Achieng']),
 ('ga', False, ['Aoife', 'Cian', 'Niamh', 'Oisín', 'Saoirse', 'Ruairí'], ['Ó Briain', 'Nic Dhonnacha', 'Mac Giolla Phádraig', 'Ní Shúilleabháin', 'Ó Ceallaigh', 'Breathnach']),
 ('is', False, ['Guðrún', 'Sigurður', 'Helga', 'Einar', 'Katrín', 'Bjarni'], ['Jónsdóttir', 'Magnússon', 'Sigurðardóttir', 'Gunnarsson', 'Ólafsdóttir', 'Stefánsson']),
 ('ca', False, ['Jordi', 'Montserrat', 'Pau', 'Laia', 'Oriol', 'Núria'], ['Puig', 'Vilanova', 'Soler', 'Ferrer i Roca', 'Casals', 'Roig']),
]
NAME_BY_LANG = {}
NAME_POOL = []   # dicts: lang, native, given, family
for _lang, _nat, _gs, _fs in NAME_DATA:
    _combos = [(g, f) for g in _gs for f in _fs]
    R.shuffle(_combos)
    _k = 7 if len(NAME_POOL) < 70 else 6
    for g, f in _combos[:_k]:
        e = {'lang': _lang, 'native': _nat, 'given': g, 'family': f}
        NAME_POOL.append(e)
        NAME_BY_LANG.setdefault(_lang, []).append(e)
ALL_GIVEN = sorted({g for _, _, gs, _ in NAME_DATA for g in gs})
ALL_FAMILY = sorted({f for _, _, _, fs in NAME_DATA for f in fs})

TITLES = {'en': ['Dr. ', 'Mr ', 'Ms ', 'Mrs. ', 'Prof. '], 'de': ['Frau ', 'Herr ', 'Dr. '], 'fr': ['Mme ', 'M. ', 'Dr '],
          'es': ['Sra. ', 'Sr. ', 'Dra. '], 'it': ['Sig.ra ', 'Dott. ', 'Sig. '], 'pt': ['Sra. ', 'Dr. '],
          'nl': ['mevrouw ', 'dhr. '], 'pl': ['pani ', 'pan ', 'dr '], 'ru': ['г-жа ', 'г-н '], 'tr': ['Sn. '],
          'el': ['κ. '], 'ro': ['dna ', 'dl. '], 'cs': ['paní ', 'pan '], 'ca': ['Sra. ', 'Sr. ']}
SUFFIX_HON = {'ja': ['さん', '様'], 'ko': ['님', ' 님'], 'hi': ['जी', ' जी'], 'zh': ['先生', '女士']}
PARTICLES = ('van ', 'de ', 'von ', 'da ', 'dela ', 'De ', 'Ó ', 'Nic ', 'Ní ', 'Mac ')

def render_name(e, form):
    g, f, lang = e['given'], e['family'], e['lang']
    if lang in ('ja', 'zh', 'ko'):
        if form == 'native_spaced':
            return f + ' ' + g
        return f + g
    if form == 'family_given':
        return f + ' ' + g
    if form == 'caps_family':
        return g + ' ' + f.upper() if R.random() < 0.6 else f.upper() + ' ' + g
    if form == 'middle_initial':
        return g + ' ' + ch('ABCDEFGHJKLMNPRSTW') + '. ' + f
    return g + ' ' + f

def name_forms_for(e):
    lang = e['lang']
    if lang in ('ja', 'zh', 'ko'):
        fs = ['native_script', 'native_spaced'] if lang == 'ja' else ['native_script']
        if lang in SUFFIX_HON:
            fs.append('honorific')
        return fs
    fs = ['given_family']
    if e['native']:
        fs = ['native_script']
    if lang in ('hu', 'vi'):
        fs = ['family_given']
    if not e['native'] and lang not in ('vi',):
        fs += ['caps_family', 'middle_initial'] if lang in ('en', 'de', 'fr', 'nl', 'sv', 'pl', 'cs', 'it', 'pt', 'es', 'da', 'nb', 'fi', 'ro') else ['caps_family']
    if e['family'].startswith(PARTICLES):
        fs.append('particle')
    if ' ' in e['family'] and not e['family'].startswith(PARTICLES):
        fs.append('compound')
    if lang in TITLES:
        fs.append('titled')
    if lang in SUFFIX_HON:
        fs.append('honorific')
    return fs

def gen_name(lang=None, form=None):
    pool = NAME_BY_LANG.get(lang) if lang and R.random() < 0.75 else None
    e = ch(pool or NAME_POOL)
    fs = name_forms_for(e)
    form = form if form in fs else ch(fs)
    if form in ('particle', 'compound', 'titled', 'honorific', 'native_script'):
        base = render_name(e, 'native_script' if e['lang'] in ('ja', 'zh', 'ko') else ('family_given' if e['lang'] in ('hu', 'vi') else 'given_family'))
    else:
        base = render_name(e, form)
    disp = base
    if form == 'titled':
        disp = ch(TITLES[e['lang']]) + base
    elif form == 'honorific':
        disp = base + ch(SUFFIX_HON[e['lang']])
    return base, disp, form

# streets: (country, style, [names])  style: after | before | comma | slash | tr
STREET_DATA = [
 ('DE', 'after', ['Mühlbachweg', 'Am Krähenfeld', 'Lindenhofstraße', 'Kiefernring', 'Hopfengartenweg', 'Ulmenstieg']),
 ('AT', 'after', ['Föhrengasse', 'Weidenzeile', 'Am Lerchenbühel', 'Marillenweg', 'Steinfeldgasse']),
 ('CH', 'after', ['Tannenweg', 'Rebhaldenstrasse', 'Obstgartenstrasse', 'Im Chrummacher', 'Sonnenbergrain']),
 ('FR', 'before', ['rue des Glycines', 'allée des Tilleuls Argentés', 'impasse du Vieux Pressoir', 'rue de la Forge Basse', 'chemin des Coquelicots', 'boulevard des Mûriers']),
 ('BE', 'after', ['Rue des Charmes', 'Kerselarenstraat', 'Drève des Sorbiers', 'Hazelaarlaan']),
 ('NL', 'after', ['Wilgenhof', 'Zandloperstraat', 'Kievitsdreef', 'Lijsterbeslaan', 'Kruidenhof', 'Veenpluisstraat']),
 ('ES', 'comma', ['Calle de los Almendros', 'Calle del Pozo Seco', 'Avenida de las Retamas', 'Carrer de les Oliveres', 'Calle del Romero Alto']),
 ('IT', 'after', ['Via dei Ciclamini', 'Via delle Ginestre', 'Vicolo del Forno Vecchio', 'Viale dei Platani Alti', 'Via dei Mandorli']),
 ('PT', 'comma', ['Rua do Moinho Velho', 'Travessa das Romãzeiras', 'Rua dos Lírios Brancos', 'Calçada das Andorinhas']),
 ('BR', 'comma', ['Rua das Palmeiras Reais', 'Avenida dos Ipês Roxos', 'Rua do Cajueiro', 'Alameda das Quaresmeiras']),
 ('PL', 'after', ['ul. Jaśminowa', 'ul. Wrzosowa', 'ul. Modrzewiowa', 'ul. Pod Jarzębinami', 'ul. Kwiatów Polnych']),
 ('CZ', 'slash', ['Pod Jasanovým hájem', 'Višňová stráň', 'U Staré cihelny', 'Na Vinicích']),
 ('SK', 'slash', ['Brezová stráň', 'Javorová alej', 'Pod Jedľami', 'Hrušková']),
 ('HU', 'after', ['Fenyőliget utca', 'Gesztenyés sor', 'Barackvirág utca', 'Diófa köz']),
 ('RO', 'after', ['Strada Teilor Înfloriți', 'Aleea Castanilor', 'Strada Morii Vechi', 'Strada Livezilor']),
 ('SE', 'after', ['Björkbacksvägen', 'Lingonstigen', 'Ekhagsgränd', 'Rönnbärsgatan', 'Sjöbotten']),
 ('NO', 'after', ['Granliveien', 'Multebærstien', 'Fjellrosevegen', 'Lyngbakken']),
 ('DK', 'after', ['Hyldebærvej', 'Kløvermarken', 'Æblehaven', 'Strandengen']),
 ('FI', 'after', ['Kuusikuja', 'Mustikkapolku', 'Koivulehdontie', 'Kanervarinne']),
 ('EE', 'after', ['Kuuse põik', 'Pihlaka tänav', 'Kadaka tee']),
 ('LV', 'after', ['Ievu aleja', 'Kadiķu iela', 'Priežu gatve']),
 ('LT', 'after', ['Šermukšnių g.', 'Ąžuolyno takas', 'Pušyno g.']),
 ('GR', 'after', ['Ανεμώνης', 'Οδός Ελαιώνων', 'Πλατάνων']),
 ('TR', 'tr', ['Papatya Sk.', 'Çınaraltı Cd.', 'Lale Bahçesi Sk.', 'Menekşe Sk.']),
 ('RU', 'comma', ['ул. Сосновая Роща', 'ул. Черёмуховая', 'пер. Рябиновый', 'ул. Полевая Слобода']),
 ('UA', 'comma', ['вул. Вишнева', 'вул. Липовий Гай', 'пров. Ясеновий']),
 ('US', 'before', ['Cedar Hollow Rd', 'Quarry Ridge Dr', 'Willow Bend Ln', 'Old Mill Creek Rd', 'Juniper Flats Ave', 'Beaver Pond Way']),
 ('GB', 'before', ['Foxglove Lane', 'Tanners Yard', 'Harebell Close', 'Millpond Row', 'Ropewalk Mews']),
 ('IE', 'before', ['Rowanberry Court', 'Bog Cotton Way', 'Sallow Glen']),
 ('AU', 'before', ['Wattle Grove', 'Bottlebrush Crescent', 'Ironbark Parade', 'Banksia Rise']),
 ('NZ', 'before', ['Kowhai Terrace', 'Pōhutukawa Drive', 'Tōtara Heights']),
 ('CA', 'before', ['Maple Ridge Dr', 'Tamarack Bend', 'Sugarbush Line']),
 ('ZA', 'before', ['Protea Crescent', 'Kiepersol Avenue', 'Fynbos Close']),
 ('MX', 'after', ['Calle Jacarandas', 'Privada de los Colorines', 'Cerrada del Ahuehuete']),
 ('AR', 'after', ['Av. de los Ceibos', 'Pasaje Las Tipas', 'Calle de los Aromos']),
 ('KR', 'after', ['은행나무로', '솔바람길', '매화꽃길']),
 ('IL', 'after', ['רחוב הדקל', 'שדרות הברושים', 'רחוב הגפן']),
 ('IS', 'after', ['Birkihlíð', 'Hraunbrekka', 'Lyngholt']),
 ('HR', 'after', ['Put maslina', 'Ulica borova', 'Lavandina ulica']),
 ('SI', 'after', ['Brezova pot', 'Cesta v Gaj', 'Pot na Brinje']),
]
STREETS = []
for _cc, _st, _ns in STREET_DATA:
    for _n in _ns:
        STREETS.append({'cc': _cc, 'style': _st, 'name': _n})
LANG_CC = {'de': ['DE', 'AT', 'CH'], 'fr': ['FR', 'BE'], 'nl': ['NL', 'BE'], 'es': ['ES', 'MX', 'AR'], 'ca': ['ES'],
           'it': ['IT'], 'pt': ['PT', 'BR'], 'pl': ['PL'], 'cs': ['CZ'], 'sk': ['SK'], 'hu': ['HU'], 'ro': ['RO'],
           'sv': ['SE'], 'nb': ['NO'], 'da': ['DK'], 'fi': ['FI'], 'et': ['EE'], 'lv': ['LV'], 'lt': ['LT'],
           'el': ['GR'], 'tr': ['TR'], 'ru': ['RU'], 'uk': ['UA'], 'en': ['US', 'GB', 'IE', 'AU', 'NZ', 'CA', 'ZA'],
           'ko': ['KR'], 'he': ['IL'], 'is': ['IS'], 'hr': ['HR'], 'sl': ['SI'], 'ga': ['IE']}
CITY = {'DE': ('10437', 'Berlin'), 'AT': ('8010', 'Graz'), 'CH': ('8004', 'Zürich'), 'FR': ('69003', 'Lyon'),
        'BE': ('4020', 'Liège'), 'NL': ('3514 BK', 'Utrecht'), 'ES': ('46010', 'València'), 'IT': ('40126', 'Bologna'),
        'PT': ('4050-231', 'Porto'), 'BR': ('30140-071', 'Belo Horizonte'), 'PL': ('31-150', 'Kraków'),
        'CZ': ('602 00', 'Brno'), 'SK': ('040 01', 'Košice'), 'HU': ('6720', 'Szeged'), 'RO': ('400124', 'Cluj-Napoca'),
        'SE': ('413 04', 'Göteborg'), 'NO': ('5003', 'Bergen'), 'DK': ('8000', 'Aarhus C'), 'FI': ('33100', 'Tampere'),
        'EE': ('51004', 'Tartu'), 'LV': ('LV-1050', 'Rīga'), 'LT': ('44280', 'Kaunas'), 'GR': ('546 22', 'Θεσσαλονίκη'),
        'TR': ('35220', 'İzmir'), 'RU': ('620014', 'Екатеринбург'), 'UA': ('79008', 'Львів'), 'US': ('97214', 'Portland, OR'),
        'GB': ('LS6 2QT', 'Leeds'), 'IE': ('T12 X2YP', 'Cork'), 'AU': ('3056', 'Brunswick VIC'), 'NZ': ('6011', 'Wellington'),
        'CA': ('K1N 5T4', 'Ottawa ON'), 'ZA': ('7925', 'Cape Town'), 'MX': ('44160', 'Guadalajara'),
        'AR': ('S2000', 'Rosario'), 'KR': ('06236', '서울'), 'IL': ('6329302', 'תל אביב'), 'IS': ('600', 'Akureyri'),
        'HR': ('21000', 'Split'), 'SI': ('2000', 'Maribor')}

def gen_street(lang=None, form=None, cc=None):
    cands = STREETS
    if cc:
        cands = [s for s in STREETS if s['cc'] == cc] or STREETS
    elif lang in LANG_CC and R.random() < 0.8:
        ccs = LANG_CC[lang]
        cands = [s for s in STREETS if s['cc'] in ccs]
    s = ch(cands)
    st, nm = s['style'], s['name']
    n = str(R.randint(1, 180)) if st != 'before' or s['cc'] == 'FR' else str(R.randint(2, 9800))
    f = {'after': 'number_after', 'before': 'number_before', 'comma': 'comma', 'slash': 'slash', 'tr': 'number_after'}[st]
    r = R.random()
    if st == 'slash':
        n = '%d/%d' % (R.randint(100, 2999), R.randint(1, 40))
    elif r < 0.16 and st != 'tr':
        n = n + ch(['a', 'b', 'B', 'c', 'A']); f = 'letter'
    elif r < 0.26 and st in ('after', 'before', 'comma') and s['cc'] not in ('US', 'CA'):
        a = R.randint(2, 60); n = '%d-%d' % (a, a + ch([1, 2, 4])); f = 'range'
    elif r < 0.36 and s['cc'] in ('FR', 'BE'):
        n = str(R.randint(1, 90)) + ch([' bis', ' ter']); f = 'bis'
    if st == 'after' or st == 'slash':
        v = nm + ' ' + n
    elif st == 'before':
        v = n + ' ' + nm
    elif st == 'comma':
        v = nm + ', ' + n
    else:
        v = nm + ' No:' + n
    return v, v, f, s['cc']

DOMAINS = ['kettlewire.io', 'brambleport.net', 'quillmarsh.de', 'vintrelabs.com', 'copperfen.co.uk', 'larkspur-post.fr',
           'nordvikmail.se', 'tidehollow.org', 'mirrowfield.es', 'sernovo.it', 'glimmerbay.nl', 'ashcombe-hub.ie',
           'riverstile.pl', 'oakumtech.com', 'zentrafold.ch', 'kalderaweb.pt', 'felsgrund.at', 'huskvale.no',
           'birchlume.dk', 'talvitori.fi', 'meripost.ee', 'olivemesh.gr', 'pinarkoy.com.tr', 'snegirmail.ru',
           'gumtreebay.com.au', 'tuikoro.nz', 'maplecairn.ca', 'baobabline.co.za', 'ipeverde.com.br', 'hanbitmail.kr',
           'lumenfox.app', 'cindervault.dev', 'pollenstack.io', 'quartzmere.eu', 'driftlynx.net', 'saffronkiln.in',
           'fernpost.jp', 'marrowgate.org', 'velvetquay.be', 'stonecress.cz', 'halvardmail.is', 'dunesparrow.ae']
LOCAL_WORDS = ['billing', 'frontdesk', 'kontakt', 'hello', 'ops', 'reservations', 'accounts', 'support', 'press',
               'sparrow', 'lumen', 'orbit', 'quill', 'tundra', 'marble', 'cobalt', 'harbor', 'juniper', 'cinder', 'pebble',
               'fern', 'pine', 'otter', 'heron', 'maple', 'moss', 'ember', 'nimbus', 'raven', 'sable']

def gen_email(form=None):
    forms = ['plain', 'plus_tag', 'subdomain', 'upper', 'obf_bracket_at', 'obf_paren_at', 'obf_words', 'obf_spaced_at',
             'obf_defanged_dot', 'fullwidth_at', 'zwsp_at']
    form = form or ch(forms)
    lp = ch(LOCAL_WORDS)
    r = R.random()
    if r < 0.35:
        lp += ch(['.', '_', '-', '']) + ch(LOCAL_WORDS)
    elif r < 0.7:
        lp += ch(['', '.', '_']) + str(R.randint(2, 999))
    dom = ch(DOMAINS)
    if form == 'plus_tag':
        lp += '+' + ch(['newsletter', 'invoices', 'jira', 'shop', 'tax2024', 'travel', 'x7'])
    if form == 'subdomain':
        dom = ch(['mail', 'eu', 'corp', 'ops', 'lists', 'uk.mail', 'staff', 'mx1']) + '.' + dom
    if form == 'upper':
        return (lp + '@' + dom).upper(), form
    if form == 'obf_bracket_at':
        return lp + ch(['[at]', ' [at] ', '[AT]']) + dom.replace('.', ch(['.', '[dot]', ' [dot] '])), form
    if form == 'obf_paren_at':
        return lp + ch(['(at)', ' (at) ']) + dom.replace('.', ch(['.', '(dot)', ' (dot) '])), form
    if form == 'obf_words':
        return lp.replace('.', ' dot ') + ch([' at ', ' AT ']) + dom.replace('.', ch([' dot ', ' DOT '])), form
    if form == 'obf_spaced_at':
        return lp + ' @ ' + dom, form
    if form == 'obf_defanged_dot':
        return lp + '@' + dom.replace('.', '[.]'), form
    if form == 'fullwidth_at':
        return lp + '＠' + dom, form
    if form == 'zwsp_at':
        return lp + ch(['\u200b@\u200b', '@\u200b', '\u200b@']) + dom, form
    return lp + '@' + dom, form

# phones: cc, trunk, ndc choices, subscriber groups, national group sep
PHONE_PLANS = [
 ('DE', '49', '0', ['151', '152', '157', '160', '170', '171', '176', '178'], [3, 4], ' '),
 ('DE', '49', '0', ['30', '40', '89'], [4, 4], ' '),
 ('DE', '49', '0', ['221', '711', '351'], [3, 4], ' '),
 ('FR', '33', '0', ['6', '7', '1', '2', '4', '5', '9'], [2, 2, 2, 2], ' '),
 ('GB', '44', '0', ['7700', '7711', '7824', '7903', '7455'], [6], ' '),
 ('GB', '44', '0', ['20'], [4, 4], ' '),
 ('GB', '44', '0', ['113', '161', '131'], [3, 4], ' '),
 ('US', '1', '', ['212', '312', '415', '617', '713', '206', '303', '404', '503', '612'], [3, 4], '-'),
 ('IT', '39', '', ['347', '333', '328', '340'], [3, 4], ' '),
 ('IT', '39', '', ['06', '02', '055'], [4, 4], ' '),
 ('ES', '34', '', ['612', '655', '699', '722'], [2, 2, 2], ' '),
 ('ES', '34', '', ['91', '93'], [3, 2, 2], ' '),
 ('NL', '31', '0', ['6'], [8], '-'),
 ('NL', '31', '0', ['20', '30', '10'], [3, 4], '-'),
 ('PL', '48', '', ['512', '601', '694', '782'], [3, 3], ' '),
 ('BR', '55', '', ['11', '21', '31'], [5, 4], '-'),
 ('IN', '91', '', ['98', '97', '90', '88'], [3, 5], ' '),
 ('JP', '81', '0', ['90', '80', '70'], [4, 4], '-'),
 ('JP', '81', '0', ['3', '6'], [4, 4], '-'),
 ('KR', '82', '0', ['10'], [4, 4], '-'),
 ('KR', '82', '0', ['2'], [3, 4], '-'),
 ('CN', '86', '', ['138', '139', '186', '150'], [4, 4], ' '),
 ('RU', '7', '8', ['912', '916', '495', '812'], [3, 2, 2], '-'),
 ('TR', '90', '0', ['532', '542', '555', '212'], [3, 2, 2], ' '),
 ('SE', '46', '0', ['70', '73', '76'], [3, 2, 2], ' '),
 ('SE', '46', '0', ['8'], [3, 3, 2], ' '),
 ('CH', '41', '0', ['79', '78', '44', '31'], [3, 2, 2], ' '),
 ('AU', '61', '0', ['412', '423', '438'], [3, 3], ' '),
 ('AU', '61', '0', ['2', '3'], [4, 4], ' '),
 ('MX', '52', '', ['55', '33', '81'], [4, 4], ' '),
 ('ZA', '27', '0', ['82', '83', '72'], [3, 4], ' '),
 ('NG', '234', '0', ['803', '806', '813'], [3, 4], ' '),
 ('EG', '20', '0', ['10', '11', '12'], [4, 4], ' '),
 ('VN', '84', '0', ['91', '98', '90'], [3, 2, 2], ' '),
 ('TH', '66', '0', ['81', '89', '86'], [3, 4], ' '),
 ('ID', '62', '0', ['812', '813', '857'], [4, 4], '-'),
 ('GR', '30', '', ['694', '697', '210'], [3, 4], ' '),
 ('PT', '351', '', ['912', '936', '962'], [3, 3], ' '),
 ('CZ', '420', '', ['601', '737', '775'], [3, 3], ' '),
 ('FI', '358', '0', ['40', '45', '50'], [3, 4], ' '),
 ('IL', '972', '0', ['52', '54', '50'], [3, 4], '-'),
 ('UA', '380', '0', ['67', '50', '93'], [3, 2, 2], ' '),
 ('AT', '43', '0', ['664', '676', '699'], [7], ' '),
 ('BE', '32', '0', ['470', '478', '495'], [2, 2, 2], ' '),
 ('DK', '45', '', ['20', '30', '40'], [2, 2, 2], ' '),
 ('NO', '47', '', ['412', '928', '980'], [2, 3], ' '),
 ('HU', '36', '06', ['20', '30', '70'], [3, 4], ' '),
 ('RO', '40', '0', ['721', '744', '766'], [3, 3], ' '),
 ('KE', '254', '0', ['712', '722', '733'], [6], ' '),
 ('SA', '966', '0', ['50', '55', '56'], [3, 4], ' '),
 ('AE', '971', '0', ['50', '52', '56'], [3, 4], ' '),
 ('PH', '63', '0', ['917', '918', '927'], [3, 4], ' '),
 ('MY', '60', '0', ['12', '16', '17'], [3, 4], '-'),
]
PHONE_FORMS = ['intl_space', 'intl_00', 'intl_dash', 'intl_compact', 'trunk_0', 'national_sep', 'area_brackets', 'nbsp',
               'thin_space', 'fullwidth', 'tel_link']
LANG_PHONE = {'de': ['DE', 'AT', 'CH'], 'fr': ['FR', 'BE', 'CH'], 'en': ['US', 'GB', 'AU', 'ZA', 'NG', 'KE', 'IN'],
              'it': ['IT'], 'es': ['ES', 'MX'], 'nl': ['NL', 'BE'], 'pl': ['PL'], 'pt': ['PT', 'BR'], 'ja': ['JP'],
              'ko': ['KR'], 'zh': ['CN'], 'ru': ['RU'], 'tr': ['TR'], 'sv': ['SE'], 'el': ['GR'], 'cs': ['CZ'],
              'fi': ['FI'], 'he': ['IL'], 'uk': ['UA'], 'da': ['DK'], 'nb': ['NO'], 'hu': ['HU'], 'ro': ['RO'],
              'ar': ['SA', 'AE', 'EG'], 'vi': ['VN'], 'th': ['TH'], 'id': ['ID'], 'hi': ['IN'], 'sw': ['KE'],
              'tl': ['PH'], 'ms': ['MY']}

def gen_phone(lang=None, form=None, country=None):
    plans = PHONE_PLANS
    if country:
        plans = [p for p in PHONE_PLANS if p[0] == country] or PHONE_PLANS
    elif lang in LANG_PHONE and R.random() < 0.7:
        plans = [p for p in PHONE_PLANS if p[0] in LANG_PHONE[lang]]
    cc_name, cc, trunk, ndcs, groups, gsep = ch(plans)
    form = form or ch(PHONE_FORMS)
    if form == 'trunk_0' and trunk != '0':
        form = 'intl_space'
    if form == 'area_brackets' and cc_name not in ('US', 'BR', 'AU', 'RU', 'DE', 'AR', 'MX', 'GB', 'CN'):
        form = 'national_sep'
    ndc = ch(ndcs)
    subs = [rdig(n) for n in groups]
    subs[0] = str(R.randint(2, 9)) + subs[0][1:]
    if cc_name == 'US':
        subs[0] = str(R.randint(2, 9)) + rdig(2)
        while subs[0][1:] == '55' or subs[0] == '555':
            subs[0] = str(R.randint(2, 9)) + rdig(2)
    nat_sub = gsep.join(subs)
    if cc_name == 'RU':
        nat_sub = subs[0] + ' ' + subs[1] + '-' + subs[2] if False else subs[0] + '-' + subs[1] + '-' + subs[2]
    if form in ('intl_space', 'nbsp', 'thin_space', 'fullwidth', 'intl_00', 'tel_link'):
        sp = {'nbsp': '\u00a0', 'thin_space': '\u2009'}.get(form, ' ')
        if gsep == '-' and form in ('intl_space', 'intl_00', 'tel_link') and R.random() < 0.6:
            body = ndc + '-' + '-'.join(subs)
        else:
            body = ndc + sp + sp.join(subs)
        pre = '00' + cc if form == 'intl_00' else '+' + cc
        v = pre + (' ' if form not in ('nbsp', 'thin_space') else sp) + body
        if form == 'tel_link':
            v = ch(['+' + cc + ndc + ''.join(subs), '+' + cc + '-' + ndc + '-' + '-'.join(subs)])
            return v, 'tel:' + v, form
        if form == 'fullwidth':
            v = to_fw_digits(v)
            if R.random() < 0.5:
                v = '＋' + v[1:]
        return v, v, form
    if form == 'intl_dash':
        v = '+' + cc + '-' + ndc + '-' + '-'.join(subs)
        return v, v, form
    if form == 'intl_compact':
        v = '+' + cc + ndc + ''.join(subs)
        return v, v, form
    if form == 'trunk_0':
        v = '+' + cc + ' (0)' + ndc + ' ' + ' '.join(subs)
        return v, v, form
    if form == 'area_brackets':
        if cc_name == 'US':
            v = ch(['(%s) %s-%s', '+1 (%s) %s-%s']) % (ndc, subs[0], subs[1])
        elif cc_name == 'RU':
            v = '8 (' + ndc + ') ' + nat_sub
        else:
            v = '(' + trunk + ndc + ') ' + nat_sub
        return v, v, form
    # national_sep
    if cc_name == 'US':
        v = ch(['%s-%s-%s', '%s.%s.%s', '%s %s %s']) % (ndc, subs[0], subs[1])
    elif cc_name == 'FR':
        v = (trunk + ndc + ch([' ', '.'])) + ch([' ', '.']).join(subs) if False else trunk + ndc + ' ' + ' '.join(subs)
    else:
        v = trunk + ndc + (gsep if gsep == '-' else ' ') + nat_sub
    return v, v, 'national_sep'

def phone_ok(v):
    n = normalize(v)
    digits = re.sub(r'\D', '', n)
    if not 7 <= len(digits) <= 15:
        return False
    if not re.fullmatch(r'[\d+()\-. \u00a0\u2009]+', n):
        return False
    if n.startswith('+') or n.startswith('00'):
        return True
    return bool(re.search(r'\d[ \-.\u00a0\u2009)(]+\d', n))

# ================================================================ value generation
def gen_value(det, lang=None, form=None, style=None):
    """returns (label, display, form)"""
    if det == 'email':
        v, f = gen_email(form)
        return v, v, f
    if det == 'phone':
        return gen_phone(lang, form)
    if det == 'credit_card':
        brand = form.split('_')[0] if form else ch(CARD_BRANDS)
        while True:
            pre, ln = card_prefix(brand)
            d = luhn_finish(pre, ln)
            if d not in BAD_CARDS and len(set(d)) > 3:
                break
        sep = style or ch(['space', 'space', 'dash', 'nbsp', 'thin', 'fullwidth', 'compact', 'compact'])
        g = group_card(d)
        v = {'space': ' ', 'dash': '-', 'nbsp': '\u00a0', 'thin': '\u2009', 'fullwidth': ' ', 'compact': ''}[sep].join(g)
        if sep == 'fullwidth':
            v = to_fw_digits(v if R.random() < 0.5 else d)
        return v, v, brand + '_' + sep
    if det == 'ssn':
        while True:
            a = R.randint(1, 899)
            if a == 666:
                continue
            d = '%03d%02d%04d' % (a, R.randint(1, 99), R.randint(1, 9999))
            if d not in BAD_SSN:
                break
        form = form or ch(['dashes', 'dashes', 'dashes', 'spaces', 'dots', 'bare'])
        sep = {'dashes': '-', 'spaces': ' ', 'dots': '.', 'bare': ''}[form]
        v = d[:3] + sep + d[3:5] + sep + d[5:]
        return v, v, form
    if det == 'iban':
        while True:
            c = gen_iban_compact()
            if c not in BAD_IBANS:
                break
        form = form or ch(['compact', 'spaced', 'spaced', 'nbsp', 'dashed', 'lower'])
        gs = [c[i:i + 4] for i in range(0, len(c), 4)]
        v = {'compact': c, 'spaced': ' '.join(gs), 'nbsp': '\u00a0'.join(gs), 'dashed': '-'.join(gs),
             'lower': (c if R.random() < 0.5 else ' '.join(gs)).lower()}[form]
        return v, v, form
    if det == 'ipv4':
        form = form or ch(['private', 'public', 'public', 'defanged', 'with_port', 'with_prefix'])
        v = gen_ipv4('private' if form == 'private' or (form in ('with_port', 'with_prefix') and R.random() < 0.5) else 'public')
        if form == 'defanged':
            v = v.replace('.', '[.]')
            return v, v, form
        if form == 'with_port':
            return v, v + ':' + str(ch([22, 443, 8080, 8443, 5432, 6379, 3389, 9200, 51820])), form
        if form == 'with_prefix':
            return v, v + '/' + str(ch([24, 32, 16, 28, 20])), form
        return v, v, form
    if det == 'ipv6':
        form = form or ch(['compressed', 'compressed', 'full', 'upper', 'leading_zeros', 'ula', 'ipv4_tail',
                           'bracketed_port', 'zone', 'prefix'])
        if form == 'ipv4_tail':
            v4 = gen_ipv4('public')
            v = ch(['::ffff:', '64:ff9b::', '::FFFF:']) + v4
            return v, v, form
        if form == 'zone':
            ip = gen_ipv6_obj('linklocal')
            v = ip.compressed
            return v, v + '%' + ch(['eth0', 'en0', 'wlan0', 'enp3s0', '12']), form
        ip = gen_ipv6_obj('ula' if form == 'ula' else ('full' if form == 'full' else 'global'))
        if form == 'full':
            v = ip.exploded
        elif form == 'upper':
            v = ip.compressed.upper()
        elif form == 'leading_zeros':
            c = ip.compressed
            v = ':'.join(g.zfill(4) if g and R.random() < 0.6 else g for g in c.split(':'))
        else:
            v = ip.compressed
        if form == 'bracketed_port':
            return v, ch(['[%s]:%d', 'https://[%s]:%d/health', 'http://[%s]:%d/']) % (v, ch([443, 8443, 3000, 9090])), form
        if form == 'prefix':
            return v, v + '/' + str(ch([64, 48, 56, 128])), form
        return v, v, form
    if det == 'openai_key':
        form = form or ch(['legacy', 'proj', 'proj', 'svcacct', 'admin', 'bearer'])
        k = gen_openai(ch(['proj', 'legacy', 'svcacct']) if form == 'bearer' else form)
        if form == 'bearer':
            return k, bearer_display(k), form
        return k, k, form
    if det == 'anthropic_key':
        form = form or ch(['api03', 'api03', 'api03', 'admin01'])
        k = gen_anthropic(form)
        return k, k, form
    if det == 'aws_access_key':
        form = form or ch(['akia', 'akia', 'asia'])
        k = gen_aws(form)
        return k, k, form
    if det == 'github_token':
        form = form or ch(['ghp', 'ghp', 'gho', 'ghu', 'ghs', 'ghr', 'fine_grained', 'fine_grained'])
        k = gen_github(form)
        return k, k, form
    if det == 'jwt':
        form = form or ch(['hs256', 'hs256', 'rs256', 'es256', 'hs512', 'ps256', 'eddsa', 'es384', 'bearer', 'bearer',
                           'jose_other', 'jose_other'])
        if form == 'jose_other':
            t = gen_jwt(other=ch(['nonjson', 'short', 'none']))
        elif form == 'bearer':
            t = gen_jwt()
        else:
            t = gen_jwt({'hs256': 'HS256', 'rs256': 'RS256', 'es256': 'ES256', 'hs512': 'HS512', 'ps256': 'PS256',
                         'eddsa': 'EdDSA', 'es384': 'ES384'}[form])
        if form == 'bearer':
            return t, bearer_display(t), form
        return t, t, form
    if det == 'bearer_token':
        form = form or ch(['mixed', 'mixed', 'hex'])
        while True:
            if form == 'hex':
                t = rstr(ch([32, 40, 48, 64]), '0123456789abcdef')
            else:
                t = rstr(R.randint(20, 44))
                if R.random() < 0.3:
                    t = t[:10] + ch(['-', '.', '_', '~']) + t[10:]
            if bearer_qualifies(t) and not t.startswith(('sk', 'gh', 'ey', 'AKIA', 'ASIA')):
                break
        return t, bearer_display(t), form
    if det == 'private_key':
        kind = form.rsplit('_', 1)[0] if form else ch(PK_KINDS)
        st = style or ch(['lf', 'lf', 'crlf', 'json', 'yaml', 'flat', 'env'])
        lines = gen_pem_lines(kind)
        if st == 'lf':
            v = '\n'.join(lines); disp = v
        elif st == 'crlf':
            v = '\r\n'.join(lines); disp = v
        elif st == 'json':
            v = '\\n'.join(lines) + ('\\n' if False else '')
            disp = '{"type": "service_account", "key_id": "' + rstr(12, '0123456789abcdef') + '", "private_key": "' + v + '\\n", "client_email_domain": "' + ch(DOMAINS) + '"}'
        elif st == 'yaml':
            ind = ch(['  ', '    '])
            v = ('\n' + ind).join(lines)
            disp = ch(['tls:\n  key: |\n', 'signing:\n  privateKey: |-\n', 'ssh_key: |\n']) .rstrip('\n') + '\n' + ind + v
            if not disp.split('\n')[-2 if False else 1].startswith(ind):
                pass
        elif st == 'flat':
            v = ' '.join(lines); disp = v
        else:
            v = '\\n'.join(lines)
            disp = ch(['PRIVATE_KEY', 'SIGNING_KEY', 'SSH_DEPLOY_KEY', 'JWT_PRIVATE_KEY']) + '="' + v + '"'
        return v, disp, kind + '_' + st
    if det == 'person_name':
        return gen_name(lang, form)
    if det == 'street_address':
        v, d, f, _ = gen_street(lang, form)
        return v, d, f
    raise ValueError(det)

def bearer_qualifies(t):
    if len(t) < 16:
        return False
    if re.fullmatch(r'[0-9a-fA-F]+', t) and re.search(r'\d', t):
        return True
    return bool(re.search(r'\d', t) and re.search(r'[a-z]', t) and re.search(r'[A-Z]', t))

def bearer_display(t):
    host = ch(['api.' + ch(DOMAINS), 'ingest.' + ch(DOMAINS), ch(DOMAINS)])
    return ch([
        'Authorization: Bearer ' + t,
        "curl -s -H 'Authorization: Bearer " + t + "' https://" + host + "/v1/" + ch(['jobs', 'me', 'exports', 'files']),
        'headers: { Authorization: "Bearer ' + t + '" }',
        '-H "Authorization: Bearer ' + t + '"',
        "requests.get(url, headers={'Authorization': 'Bearer " + t + "'})",
    ])

# ================================================================ validity (check 2)
def valid_label(det, v, form):
    n = normalize(v)
    if det == 'email':
        if form.startswith('obf') or form in ('fullwidth_at', 'zwsp_at'):
            return bool(re.search(r'@|\[at\]|\(at\)|\sat\s', n, re.I))
        return bool(re.fullmatch(r'[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}', n))
    if det == 'phone':
        return phone_ok(v)
    if det == 'credit_card':
        d = re.sub(r'[ \-\u00a0\u2009]', '', n)
        return d.isdigit() and luhn_ok(d) and card_brand_ok(d) and d not in BAD_CARDS
    if det == 'ssn':
        if not re.fullmatch(r'\d{3}([-. ]?)\d{2}\1\d{4}', n):
            return False
        d = re.sub(r'\D', '', n)
        return ssn_ok(d) and d not in BAD_SSN
    if det == 'iban':
        return iban_ok(v) and re.sub(r'[\s\-]', '', n).upper() not in BAD_IBANS
    if det == 'ipv4':
        return ipv4_ok(n)
    if det == 'ipv6':
        return ipv6_ok(n)
    if det in KEY_RES:
        return bool(KEY_RES[det].match(v)) and v not in BAD_KEYS
    if det == 'jwt':
        return jwt_ok(v, form) and not v.startswith(BAD_JWT_PREFIX)
    if det == 'bearer_token':
        return bearer_qualifies(v) and not v.startswith(('eyJ', 'sk-', 'gh'))
    if det == 'private_key':
        return pem_ok(v) if '\n  ' not in v and '\n    ' not in v else pem_ok(re.sub(r'\n[ ]+', '\n', v))
    if det == 'person_name':
        return any(v in (e['given'] + ' ' + e['family'], e['family'] + ' ' + e['given'], e['family'] + e['given'])
                   or (v.replace(e['family'].upper(), e['family']) in (e['given'] + ' ' + e['family'], e['family'] + ' ' + e['given']))
                   or re.fullmatch(re.escape(e['given']) + r' [A-Z]\. ' + re.escape(e['family']), v)
                   for e in NAME_POOL)
    if det == 'street_address':
        return any(s['name'] in v for s in STREETS) and bool(re.search(r'\d', v))
    return False

# ================================================================ languages
# label words: email, phone, card, ssn, iban, ip, key, token, name, addr, ref
LK = ['email', 'phone', 'card', 'ssn', 'iban', 'ip', 'key', 'token', 'name', 'addr', 'ref']
LANGS = {
 'en': (["email address", "phone number", "card number", "SSN", "IBAN", "IP address", "API key", "token", "contact name", "street address", "reference"],
        ["{L}: {V}", "Hey, can you double-check this before we send anything? {L}: {V}", "Updated per the customer's request → {L} {V}", "{V} is the {L} they gave us on the phone this morning.", "For the record, {L} = {V}; please don't change it again."]),
 'de': (["E-Mail-Adresse", "Telefonnummer", "Kartennummer", "US-Sozialversicherungsnummer (SSN)", "IBAN", "IP-Adresse", "API-Schlüssel", "Token", "Ansprechpartner", "Anschrift", "Referenz"],
        ["{L}: {V}", "Kannst du das bitte noch einmal prüfen? {L}: {V}", "Nach dem Rückruf geändert – {L}: {V}.", "Hier die gewünschte Angabe ({L}): {V}"]),
 'fr': (["adresse e-mail", "numéro de téléphone", "numéro de carte", "numéro de sécurité sociale américain (SSN)", "IBAN", "adresse IP", "clé API", "jeton", "nom du contact", "adresse postale", "référence"],
        ["{L} : {V}", "Merci de vérifier avant l'envoi — {L} : {V}", "Mis à jour après l'appel ({L}) : {V}.", "Voici l'info demandée, {L} : « {V} »"]),
 'es': (["correo electrónico", "teléfono", "número de tarjeta", "número de seguro social (SSN)", "IBAN", "dirección IP", "clave API", "token", "nombre de contacto", "dirección", "referencia"],
        ["{L}: {V}", "¿Puedes confirmar este dato? {L}: {V}", "Según la llamada de hoy, {L}: {V}.", "Dato actualizado → {L} {V}"]),
 'it': (["indirizzo email", "numero di telefono", "numero della carta", "numero di previdenza sociale USA (SSN)", "IBAN", "indirizzo IP", "chiave API", "token", "nome del referente", "indirizzo", "riferimento"],
        ["{L}: {V}", "Puoi ricontrollare? {L}: {V}", "Aggiornato dopo la telefonata — {L}: {V}.", "Ecco il dato richiesto ({L}): {V}"]),
 'pt': (["e-mail", "telefone", "número do cartão", "número de seguro social (SSN)", "IBAN", "endereço IP", "chave de API", "token", "nome do contato", "morada", "referência"],
        ["{L}: {V}", "Pode confirmar, por favor? {L}: {V}", "Atualizado após a chamada — {L}: {V}.", "Segue o dado pedido ({L}): {V}"]),
 'nl': (["e-mailadres", "telefoonnummer", "kaartnummer", "Amerikaans sofinummer (SSN)", "IBAN", "IP-adres", "API-sleutel", "token", "contactpersoon", "adres", "kenmerk"],
        ["{L}: {V}", "Kun je dit nog even controleren? {L}: {V}", "Na het telefoontje aangepast — {L}: {V}.", "Gevraagde gegevens ({L}): {V}"]),
 'pl': (["adres e-mail", "numer telefonu", "numer karty", "amerykański numer ubezpieczenia (SSN)", "IBAN", "adres IP", "klucz API", "token", "osoba kontaktowa", "adres", "numer referencyjny"],
        ["{L}: {V}", "Możesz to sprawdzić? {L}: {V}", "Zaktualizowano po rozmowie — {L}: {V}.", "Dane, o które prosiłeś ({L}): {V}"]),
 'cs': (["e-mail", "telefon", "číslo karty", "americké číslo sociálního zabezpečení (SSN)", "IBAN", "IP adresa", "klíč API", "token", "kontaktní osoba", "adresa", "referenční číslo"],
        ["{L}: {V}", "Můžeš to prosím zkontrolovat? {L}: {V}", "Upraveno po telefonátu — {L}: {V}.", "Požadovaný údaj ({L}): {V}"]),
 'sk': (["e-mailová adresa", "telefónne číslo", "číslo karty", "americké číslo sociálneho poistenia (SSN)", "IBAN", "IP adresa", "kľúč API", "token", "kontaktná osoba", "adresa", "referencia"],
        ["{L}: {V}", "Prosím, over tento údaj — {L}: {V}", "Po telefonáte zmenené ({L}): {V}.", "Posielam údaj ({L}) → {V}"]),
 'hu': (["e-mail-cím", "telefonszám", "kártyaszám", "amerikai társadalombiztosítási szám (SSN)", "IBAN", "IP-cím", "API-kulcs", "token", "kapcsolattartó", "cím", "hivatkozási szám"],
        ["{L}: {V}", "Ellenőriznéd, kérlek? {L}: {V}", "A hívás után frissítve — {L}: {V}.", "A kért adat ({L}): {V}"]),
 'ro': (["adresă de e-mail", "număr de telefon", "număr card", "număr de asigurare socială SUA (SSN)", "IBAN", "adresă IP", "cheie API", "token", "persoană de contact", "adresă", "referință"],
        ["{L}: {V}", "Poți verifica, te rog? {L}: {V}", "Actualizat după apel — {L}: {V}.", "Datele cerute ({L}): {V}"]),
 'sv': (["e-postadress", "telefonnummer", "kortnummer", "amerikanskt personnummer (SSN)", "IBAN", "IP-adress", "API-nyckel", "token", "kontaktperson", "gatuadress", "referens"],
        ["{L}: {V}", "Kan du dubbelkolla? {L}: {V}", "Ändrat efter samtalet — {L}: {V}.", "Uppgiften du bad om ({L}): {V}"]),
 'nb': (["e-postadresse", "telefonnummer", "kortnummer", "amerikansk trygdenummer (SSN)", "IBAN", "IP-adresse", "API-nøkkel", "token", "kontaktperson", "gateadresse", "referanse"],
        ["{L}: {V}", "Kan du sjekke dette? {L}: {V}", "Oppdatert etter samtalen — {L}: {V}.", "Opplysningen du ba om ({L}): {V}"]),
 'da': (["e-mailadresse", "telefonnummer", "kortnummer", "amerikansk personnummer (SSN)", "IBAN", "IP-adresse", "API-nøgle", "token", "kontaktperson", "adresse", "reference"],
        ["{L}: {V}", "Kan du lige tjekke det? {L}: {V}", "Rettet efter opkaldet — {L}: {V}.", "Oplysningen du bad om ({L}): {V}"]),
 'fi': (["sähköpostiosoite", "puhelinnumero", "kortin numero", "yhdysvaltalainen sosiaaliturvatunnus (SSN)", "IBAN", "IP-osoite", "API-avain", "tunniste", "yhteyshenkilö", "katuosoite", "viite"],
        ["{L}: {V}", "Voitko tarkistaa? {L}: {V}", "Päivitetty puhelun jälkeen — {L}: {V}.", "Pyytämäsi tieto ({L}): {V}"]),
 'et': (["e-posti aadress", "telefoninumber", "kaardi number", "USA sotsiaalkindlustuse number (SSN)", "IBAN", "IP-aadress", "API-võti", "token", "kontaktisik", "aadress", "viitenumber"],
        ["{L}: {V}", "Kas saad üle kontrollida? {L}: {V}", "Uuendatud pärast kõnet — {L}: {V}.", "Küsitud andmed ({L}): {V}"]),
 'lv': (["e-pasta adrese", "tālruņa numurs", "kartes numurs", "ASV sociālās apdrošināšanas numurs (SSN)", "IBAN", "IP adrese", "API atslēga", "marķieris", "kontaktpersona", "adrese", "atsauce"],
        ["{L}: {V}", "Vari, lūdzu, pārbaudīt? {L}: {V}", "Atjaunināts pēc zvana — {L}: {V}.", "Pieprasītie dati ({L}): {V}"]),
 'lt': (["el. pašto adresas", "telefono numeris", "kortelės numeris", "JAV socialinio draudimo numeris (SSN)", "IBAN", "IP adresas", "API raktas", "žetonas", "kontaktinis asmuo", "adresas", "nuoroda"],
        ["{L}: {V}", "Gal gali patikrinti? {L}: {V}", "Atnaujinta po skambučio — {L}: {V}.", "Prašyti duomenys ({L}): {V}"]),
 'el': (["διεύθυνση email", "τηλέφωνο", "αριθμός κάρτας", "αριθμός κοινωνικής ασφάλισης ΗΠΑ (SSN)", "IBAN", "διεύθυνση IP", "κλειδί API", "token", "υπεύθυνος επικοινωνίας", "διεύθυνση", "αριθμός αναφοράς"],
        ["{L}: {V}", "Μπορείς να το ελέγξεις; {L}: {V}", "Ενημερώθηκε μετά το τηλεφώνημα — {L}: {V}.", "Τα στοιχεία που ζήτησες ({L}): {V}"]),
 'tr': (["e-posta adresi", "telefon numarası", "kart numarası", "ABD sosyal güvenlik numarası (SSN)", "IBAN", "IP adresi", "API anahtarı", "belirteç", "irtibat kişisi", "adres", "referans"],
        ["{L}: {V}", "Bir kontrol eder misin? {L}: {V}", "Görüşmeden sonra güncellendi — {L}: {V}.", "İstediğin bilgi ({L}): {V}"]),
 'ru': (["адрес электронной почты", "номер телефона", "номер карты", "номер социального страхования США (SSN)", "IBAN", "IP-адрес", "API-ключ", "токен", "контактное лицо", "адрес", "номер ссылки"],
        ["{L}: {V}", "Проверь, пожалуйста: {L} — {V}", "Обновлено после звонка — {L}: {V}.", "Запрошенные данные ({L}): {V}"]),
 'uk': (["електронна пошта", "номер телефону", "номер картки", "номер соціального страхування США (SSN)", "IBAN", "IP-адреса", "ключ API", "токен", "контактна особа", "адреса", "посилання"],
        ["{L}: {V}", "Перевір, будь ласка: {L} — {V}", "Оновлено після дзвінка — {L}: {V}.", "Дані, які ти просив ({L}): {V}"]),
 'bg': (["имейл адрес", "телефонен номер", "номер на карта", "номер на социална осигуровка в САЩ (SSN)", "IBAN", "IP адрес", "API ключ", "токен", "лице за контакт", "адрес", "референция"],
        ["{L}: {V}", "Можеш ли да провериш? {L}: {V}", "Обновено след разговора — {L}: {V}.", "Поисканите данни ({L}): {V}"]),
 'sr': (["адреса е-поште", "број телефона", "број картице", "амерички број социјалног осигурања (SSN)", "IBAN", "IP адреса", "API кључ", "токен", "контакт особа", "адреса", "референца"],
        ["{L}: {V}", "Можеш ли да провериш? {L}: {V}", "Ажурирано после позива — {L}: {V}.", "Тражени подаци ({L}): {V}"]),
 'hr': (["adresa e-pošte", "broj telefona", "broj kartice", "američki broj socijalnog osiguranja (SSN)", "IBAN", "IP adresa", "API ključ", "token", "kontakt osoba", "adresa", "referenca"],
        ["{L}: {V}", "Možeš li provjeriti? {L}: {V}", "Ažurirano nakon poziva — {L}: {V}.", "Traženi podatak ({L}): {V}"]),
 'sl': (["e-poštni naslov", "telefonska številka", "številka kartice", "ameriška številka socialnega zavarovanja (SSN)", "IBAN", "naslov IP", "ključ API", "žeton", "kontaktna oseba", "naslov", "sklic"],
        ["{L}: {V}", "Lahko preveriš? {L}: {V}", "Posodobljeno po klicu — {L}: {V}.", "Zahtevani podatek ({L}): {V}"]),
 'ar': (["البريد الإلكتروني", "رقم الهاتف", "رقم البطاقة", "رقم الضمان الاجتماعي الأمريكي (SSN)", "رقم الآيبان IBAN", "عنوان IP", "مفتاح API", "رمز الوصول", "اسم جهة الاتصال", "العنوان", "المرجع"],
        ["{L}: {V}", "هل يمكنك التحقق من هذا؟ {L}: {V}", "تم التحديث بعد المكالمة — {L}: {V}.", "البيانات المطلوبة ({L}): {V}"]),
 'he': (["כתובת מייל", "מספר טלפון", "מספר כרטיס", "מספר ביטוח לאומי אמריקאי (SSN)", "IBAN", "כתובת IP", "מפתח API", "טוקן", "איש קשר", "כתובת", "אסמכתא"],
        ["{L}: {V}", "אפשר לבדוק את זה? {L}: {V}", "עודכן אחרי השיחה — {L}: {V}.", "הפרטים שביקשת ({L}): {V}"]),
 'fa': (["ایمیل", "شماره تلفن", "شماره کارت", "شماره تأمین اجتماعی آمریکا (SSN)", "شبا IBAN", "آدرس IP", "کلید API", "توکن", "نام رابط", "نشانی", "شماره پیگیری"],
        ["{L}: {V}", "می‌توانی این را بررسی کنی؟ {L}: {V}", "بعد از تماس به‌روز شد — {L}: {V}.", "اطلاعات درخواستی ({L}): {V}"]),
 'hi': (["ईमेल पता", "फ़ोन नंबर", "कार्ड नंबर", "अमेरिकी सोशल सिक्योरिटी नंबर (SSN)", "IBAN", "आईपी पता", "एपीआई कुंजी", "टोकन", "संपर्क व्यक्ति", "पता", "संदर्भ"],
        ["{L}: {V}", "क्या आप इसे एक बार जाँच सकते हैं? {L}: {V}", "कॉल के बाद अपडेट किया गया — {L}: {V}।", "माँगी गई जानकारी ({L}): {V}"]),
 'bn': (["ইমেইল ঠিকানা", "ফোন নম্বর", "কার্ড নম্বর", "মার্কিন সোশ্যাল সিকিউরিটি নম্বর (SSN)", "IBAN", "আইপি ঠিকানা", "এপিআই কী", "টোকেন", "যোগাযোগের ব্যক্তি", "ঠিকানা", "রেফারেন্স"],
        ["{L}: {V}", "একবার যাচাই করবেন? {L}: {V}", "কলের পরে হালনাগাদ — {L}: {V}।", "চাওয়া তথ্য ({L}): {V}"]),
 'ta': (["மின்னஞ்சல் முகவரி", "தொலைபேசி எண்", "அட்டை எண்", "அமெரிக்க சமூக பாதுகாப்பு எண் (SSN)", "IBAN", "ஐபி முகவரி", "API சாவி", "டோக்கன்", "தொடர்பு நபர்", "முகவரி", "குறிப்பு எண்"],
        ["{L}: {V}", "இதை ஒருமுறை சரிபார்க்க முடியுமா? {L}: {V}", "அழைப்புக்குப் பின் புதுப்பிக்கப்பட்டது — {L}: {V}.", "கேட்ட தகவல் ({L}): {V}"]),
 'ur': (["ای میل پتہ", "فون نمبر", "کارڈ نمبر", "امریکی سوشل سیکیورٹی نمبر (SSN)", "IBAN", "آئی پی ایڈریس", "API کلید", "ٹوکن", "رابطہ شخص", "پتہ", "حوالہ"],
        ["{L}: {V}", "کیا آپ اسے چیک کر سکتے ہیں؟ {L}: {V}", "کال کے بعد اپ ڈیٹ کیا گیا — {L}: {V}۔", "مطلوبہ معلومات ({L}): {V}"]),
 'th': (["อีเมล", "เบอร์โทรศัพท์", "หมายเลขบัตร", "หมายเลขประกันสังคมสหรัฐฯ (SSN)", "IBAN", "ที่อยู่ IP", "คีย์ API", "โทเค็น", "ชื่อผู้ติดต่อ", "ที่อยู่", "เลขอ้างอิง"],
        ["{L}: {V}", "ช่วยตรวจสอบอีกครั้งได้ไหม {L}: {V}", "อัปเดตหลังโทรคุย — {L}: {V}", "ข้อมูลที่ขอ ({L}): {V}"]),
 'vi': (["địa chỉ email", "số điện thoại", "số thẻ", "số an sinh xã hội Mỹ (SSN)", "IBAN", "địa chỉ IP", "khóa API", "mã token", "người liên hệ", "địa chỉ", "mã tham chiếu"],
        ["{L}: {V}", "Bạn kiểm tra lại giúp mình nhé? {L}: {V}", "Đã cập nhật sau cuộc gọi — {L}: {V}.", "Thông tin bạn cần ({L}): {V}"]),
 'id': (["alamat email", "nomor telepon", "nomor kartu", "nomor jaminan sosial AS (SSN)", "IBAN", "alamat IP", "kunci API", "token", "nama kontak", "alamat", "referensi"],
        ["{L}: {V}", "Bisa dicek ulang? {L}: {V}", "Diperbarui setelah telepon — {L}: {V}.", "Data yang diminta ({L}): {V}"]),
 'ms': (["alamat e-mel", "nombor telefon", "nombor kad", "nombor keselamatan sosial AS (SSN)", "IBAN", "alamat IP", "kunci API", "token", "nama wakil", "alamat", "rujukan"],
        ["{L}: {V}", "Boleh semak semula? {L}: {V}", "Dikemas kini selepas panggilan — {L}: {V}.", "Maklumat yang diminta ({L}): {V}"]),
 'tl': (["email address", "numero ng telepono", "numero ng card", "US social security number (SSN)", "IBAN", "IP address", "API key", "token", "pangalan ng contact", "tirahan", "reference"],
        ["{L}: {V}", "Pakicheck ulit, please? {L}: {V}", "Na-update pagkatapos ng tawag — {L}: {V}.", "Ito yung hiningi mo ({L}): {V}"]),
 'sw': (["barua pepe", "nambari ya simu", "nambari ya kadi", "nambari ya hifadhi ya jamii ya Marekani (SSN)", "IBAN", "anwani ya IP", "ufunguo wa API", "tokeni", "mtu wa kuwasiliana", "anwani", "kumbukumbu"],
        ["{L}: {V}", "Unaweza kuhakiki tafadhali? {L}: {V}", "Imesasishwa baada ya simu — {L}: {V}.", "Taarifa uliyoomba ({L}): {V}"]),
 'ja': (["メールアドレス", "電話番号", "カード番号", "米国社会保障番号（SSN）", "IBAN", "IPアドレス", "APIキー", "トークン", "担当者名", "住所", "参照番号"],
        ["{L}：{V}", "念のため確認お願いします。{L}は「{V}」です。", "電話のあとで更新しました（{L}：{V}）。", "{L}→{V}"]),
 'ko': (["이메일 주소", "전화번호", "카드 번호", "미국 사회보장번호(SSN)", "IBAN", "IP 주소", "API 키", "토큰", "담당자 이름", "주소", "참조 번호"],
        ["{L}: {V}", "한 번 확인 부탁드려요. {L}: {V}", "통화 후 수정했습니다 — {L}: {V}.", "요청하신 정보({L}): {V}"]),
 'zh': (["电子邮箱", "电话号码", "卡号", "美国社会安全号码（SSN）", "IBAN", "IP地址", "API密钥", "令牌", "联系人", "地址", "参考号"],
        ["{L}：{V}", "麻烦再核对一下，{L}是「{V}」。", "通话后已更新——{L}：{V}。", "你要的信息（{L}）：{V}"]),
 'ca': (["adreça electrònica", "telèfon", "número de targeta", "número de la seguretat social dels EUA (SSN)", "IBAN", "adreça IP", "clau API", "testimoni", "persona de contacte", "adreça", "referència"],
        ["{L}: {V}", "Ho pots comprovar? {L}: {V}", "Actualitzat després de la trucada — {L}: {V}.", "Les dades que demanaves ({L}): {V}"]),
 'eu': (["helbide elektronikoa", "telefono zenbakia", "txartel zenbakia", "AEBetako gizarte segurantza zenbakia (SSN)", "IBAN", "IP helbidea", "API gakoa", "tokena", "harremanetarako pertsona", "helbidea", "erreferentzia"],
        ["{L}: {V}", "Egiaztatu dezakezu, mesedez? {L}: {V}", "Deiaren ondoren eguneratua — {L}: {V}.", "Eskatutako datuak ({L}): {V}"]),
 'is': (["netfang", "símanúmer", "kortanúmer", "bandarísk kennitala (SSN)", "IBAN", "IP-tala", "API-lykill", "tóki", "tengiliður", "heimilisfang", "tilvísun"],
        ["{L}: {V}", "Geturðu athugað þetta? {L}: {V}", "Uppfært eftir símtalið — {L}: {V}.", "Upplýsingarnar sem þú baðst um ({L}): {V}"]),
 'ga': (["seoladh ríomhphoist", "uimhir theileafóin", "uimhir chárta", "uimhir slándála sóisialta SAM (SSN)", "IBAN", "seoladh IP", "eochair API", "comhartha", "duine teagmhála", "seoladh", "tagairt"],
        ["{L}: {V}", "An bhféadfá é seo a sheiceáil? {L}: {V}", "Nuashonraithe tar éis an ghlao — {L}: {V}.", "An t-eolas a d'iarr tú ({L}): {V}"]),
 'cy': (["cyfeiriad e-bost", "rhif ffôn", "rhif cerdyn", "rhif nawdd cymdeithasol UDA (SSN)", "IBAN", "cyfeiriad IP", "allwedd API", "tocyn", "person cyswllt", "cyfeiriad", "cyfeirnod"],
        ["{L}: {V}", "Alli di wirio hwn? {L}: {V}", "Wedi'i ddiweddaru ar ôl yr alwad — {L}: {V}.", "Y wybodaeth y gofynnaist amdani ({L}): {V}"]),
 'ka': (["ელფოსტა", "ტელეფონის ნომერი", "ბარათის ნომერი", "აშშ სოციალური დაზღვევის ნომერი (SSN)", "IBAN", "IP მისამართი", "API გასაღები", "ტოკენი", "საკონტაქტო პირი", "მისამართი", "მითითება"],
        ["{L}: {V}", "შეგიძლია გადაამოწმო? {L}: {V}", "ზარის შემდეგ განახლდა — {L}: {V}.", "მოთხოვნილი მონაცემები ({L}): {V}"]),
}
LANG_LIST = list(LANGS)
UNIVERSAL_FRAMES = ["{L}:\n    {V}", "{V} ({L})", "- **{L}**: {V}", "{L} = {V}", "> {L}\n> {V}"]
DET_LK = {'email': 'email', 'phone': 'phone', 'credit_card': 'card', 'ssn': 'ssn', 'iban': 'iban', 'ipv4': 'ip',
          'ipv6': 'ip', 'openai_key': 'key', 'anthropic_key': 'key', 'aws_access_key': 'key', 'github_token': 'token',
          'jwt': 'token', 'bearer_token': 'token', 'private_key': 'key', 'person_name': 'name', 'street_address': 'addr'}

def lw(lang, k):
    return LANGS[lang][0][LK.index(k)]

HANDLES = ['quietfox', 'nightowl_ops', 'pixelmoss', 'rainbarrel', 'tinkerduck', 'saltmarsh', 'copperkettle', 'driftwood42',
           'mothlamp', 'bluefinch', 'gravelroad', 'lanternjaw', 'oatmilk', 'sprocket', 'thistledown', 'zebracrossing']
APPS = ['ParcelPal', 'Heronwing', 'Budgetly', 'TideTrack', 'Mossbank', 'Clinicly']

def rdate():
    return '2024-%02d-%02d' % (R.randint(1, 12), R.randint(1, 28))

def rtime():
    return '%02d:%02d' % (R.randint(7, 22), R.randint(0, 59))

def w_discord(s):
    return '%s — %s %s\n%s' % (ch(HANDLES), rdate(), rtime(), s)
def w_teams(s):
    return '**%s** · %s\n%s\n\n👍 2' % (ch(HANDLES), rtime(), s)
def w_gdocs(s):
    return 'Comment ▸ %s · %s\n“%s”\n\n%s\n\n[Resolve] [Reply]' % (ch(HANDLES), rdate(), ch(['Section 3 – contact details', 'Appendix B', 'Onboarding checklist', 'Vendor table, row 4']), s)
def w_voicemail(s):
    return 'Voicemail · %s %s · 0:%02d\nTranscription (beta, may contain errors):\n%s' % (rdate(), rtime(), R.randint(10, 59), s)
def w_callnote(s):
    return 'CALL-%d | agent A%d | %s\n  • %s\n  • next step: callback within 24h' % (R.randint(10000, 99999), R.randint(100, 999), rdate(), s)
def w_scratch(s):
    return 'Thought: the user pasted a detail I should keep for the next step.\nAction: memory.append\nAction Input: %s\nObservation: stored (1 item)\nThought: continue with the booking.' % s
def w_notion(s):
    return '# %s\n\n- [ ] %s\n    - status: open\n' % (ch(['Weekly sync', 'Move checklist', 'Vendor onboarding', 'Trip prep']), s)
def w_pd(s):
    return '[PagerDuty] Incident #%d · note added by responder\n> %s' % (R.randint(10000, 999999), s)
def w_airflow(s):
    return '[%s, %s:%02d UTC] {taskinstance.py:%d} INFO - %s' % (rdate(), rtime(), R.randint(0, 59), R.randint(100, 2999), s)
def w_llm(s):
    return ch(['Summarize the note below in one line.', 'Translate the following note into English.', 'Extract the action items from this note.']) + '\n\n"""\n' + s + '\n"""'
def w_forum(s):
    return 'Re: %s\n\n%s\n\n-- posted %s' % (ch(['moving house, what to update?', 'refund still missing', 'setup question', 'router keeps rebooting']), s, rdate())
def w_push(s):
    return '🔔 %s · now\n%s' % (ch(APPS), s)
def w_confluence(s):
    return 'h3. %s\n\n%s\n\n{info}Last edited %s{info}' % (ch(['Contacts', 'Runbook notes', 'Open questions', 'Handover']), s, rdate())
def w_kanban(s):
    return 'Card: %s\nList: In progress\nDescription:\n%s' % (ch(['Fix billing profile', 'Update supplier data', 'Rotate credentials', 'Customer follow-up']), s)
def w_plain(s):
    return s
WRAPPERS = [('discord', w_discord), ('teams', w_teams), ('gdocs_comment', w_gdocs), ('voicemail', w_voicemail),
            ('call_notes', w_callnote), ('agent_scratchpad', w_scratch), ('notion', w_notion), ('pagerduty_note', w_pd),
            ('airflow_log', w_airflow), ('llm_prompt', w_llm), ('forum_post', w_forum), ('push_notification', w_push),
            ('confluence', w_confluence), ('kanban_card', w_kanban), ('note', w_plain), ('note', w_plain)]

PUNCT = [('', ''), ('', ''), ('', ''), ('', ''), ('"', '"'), ("'", "'"), ('«', '»'), ('“', '”'), ('(', ')'), ('[', ']'),
         ('**', '**'), ('*', '*'), ('`', '`'), ('<', '>')]

# ================================================================ scanner (check 4)
EM_PLAIN = re.compile(r'[\w.%+\-]+\s?@\s?[\w\-]+(?:(?:\.|\[\.\]|\(\.\)|\[dot\]|\(dot\))[\w\-]+)*(?:\.|\[\.\]|\(\.\)|\[dot\]|\(dot\))[A-Za-z]{2,}', re.I)
EM_OBF = re.compile(r'[\w.%+\-]+\s*(?:\[at\]|\(at\)|\{at\}|\s+at\s+)\s*[\w\-]+(?:\s*(?:\.|\[\.\]|\(\.\)|\[dot\]|\(dot\)|\s+dot\s+)\s*[\w\-]+)*\s*(?:\.|\[\.\]|\(\.\)|\[dot\]|\(dot\)|\s+dot\s+)\s*(?:com|net|org|io|de|fr|es|it|nl|uk|eu|dev|app|ch|at|se|no|dk|fi|pl|pt|gr|ru|jp|kr|in|ae|be|cz|ie|is|ee|nz|ca|au|za|br|tr|co)\b', re.I)
QUAD = re.compile(r'(?<![\d.])(\d{1,3})(?:\.|\[\.\]|\(\.\)|\[dot\])(\d{1,3})(?:\.|\[\.\]|\(\.\)|\[dot\])(\d{1,3})(?:\.|\[\.\]|\(\.\)|\[dot\])(\d{1,3})(?!\d|\.\d)')
V6 = re.compile(r'(?<!\w)[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*')
DIGRUN = re.compile(r'\d(?:[ \-\u00a0\u2009]?\d)+')
IBANC = re.compile(r'(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?:[ \-\u00a0]?[A-Za-z0-9]){8,40}')
KEYPATS = [re.compile(p) for p in [r'sk-(?!ant-)[A-Za-z0-9_\-]{32,}', r'T3BlbkFJ', r'sk-ant-[A-Za-z0-9]+-[A-Za-z0-9_\-]{40,}',
           r'(?:AKIA|ASIA|AGPA|AIDA|AROA)[A-Z0-9]{16}', r'gh[pousr]_[A-Za-z0-9]{30,}', r'github_pat_[A-Za-z0-9_]{40,}',
           r'PRIVATE KEY-----', r'BEGIN [A-Z ]*PRIVATE']]
JWTC = re.compile(r'[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{2,}\.[A-Za-z0-9_\-]*')
EYJ = re.compile(r'eyJ[A-Za-z0-9_\-]{8,}')
BEARER = re.compile(r'bearer\s+([^\s"\'<>,;)\]}`]+)', re.I)
PHONE = re.compile(r'(?<![\w+])(?:\+|00)[ \u00a0\u2009]?\(?[1-9][\d \t\u00a0\u2009().\-/]{5,}\d')
SSN_ANY = re.compile(r'(?<!\d)\d{3}[-. ]?\d{2}[-. ]?\d{4}(?!\d)')
SSN_DASH = re.compile(r'(?<!\d)\d{3}-\d{2}-\d{4}(?!\d)')
SSN_WORD = re.compile(r'ssn|social security number', re.I)

def _alts(xs):
    return '|'.join(re.escape(x) for x in sorted(xs, key=lambda s: (-len(s), s)))
_LAT = [x for x in ALL_GIVEN + ALL_FAMILY]
_CJK_LANGS = ('ja', 'zh', 'ko')
_G_NON = sorted({e['given'] for e in NAME_POOL if e['lang'] not in _CJK_LANGS} | {g for l, _, gs, _ in NAME_DATA if l not in _CJK_LANGS for g in gs})
_F_NON = sorted({f for l, _, _, fs in NAME_DATA if l not in _CJK_LANGS for f in fs})
_G_CJK = sorted({g for l, _, gs, _ in NAME_DATA if l in _CJK_LANGS for g in gs})
_F_CJK = sorted({f for l, _, _, fs in NAME_DATA if l in _CJK_LANGS for f in fs})
NAME_RE = re.compile(r'(?<!\w)(?:(?:%s)[\s,]+(?:\w\.\s+)?(?:%s)|(?:%s)[\s,]+(?:%s))(?!\w)' % (
    _alts(_G_NON), _alts(_F_NON), _alts(_F_NON), _alts(_G_NON)), re.I)
NAME_CJK_RE = re.compile(r'(?:%s)\s?(?:%s)' % (_alts(_F_CJK), _alts(_G_CJK)))
STREET_LOWER = sorted({s['name'].lower() for s in STREETS})

def mask(text, labels):
    vals = sorted({l['value'] for l in labels}, key=lambda v: -len(v))
    for v in vals:
        text = text.replace(v, ' \u2591 ')
    return text

def scan(t):
    """conservative scan; returns list of (kind, match)"""
    hits = []
    n = normalize(t)
    for m in EM_PLAIN.finditer(n):
        hits.append(('email', m.group()))
    for m in EM_OBF.finditer(n):
        hits.append(('email_obf', m.group()))
    for m in QUAD.finditer(n):
        if all(int(g) <= 255 for g in m.groups()):
            hits.append(('ipv4', m.group()))
    for m in V6.finditer(n):
        s = m.group()
        if s.count(':') < 2:
            continue
        for c in (s, s.strip(':'), s.rstrip('.'), s.lstrip(':'), s.rstrip(':'), s.strip('.:')):
            try:
                ipaddress.IPv6Address(c)
                hits.append(('ipv6', c)); break
            except ValueError:
                pass
    for m in DIGRUN.finditer(n):
        groups = re.split(r'[ \-\u00a0\u2009]', m.group())
        for i in range(len(groups)):
            tot = 0
            for j in range(i, len(groups)):
                tot += len(groups[j])
                if tot > 19:
                    break
                if tot >= 13 and luhn_ok(''.join(groups[i:j + 1])):
                    hits.append(('luhn', ''.join(groups[i:j + 1])))
    for m in IBANC.finditer(n):
        c = re.sub(r'[ \-\u00a0]', '', m.group()).upper()
        cc = c[:2]
        if cc in IBAN_SPEC:
            L = iban_len(cc)
            if len(c) >= L and c[:L].isalnum():
                try:
                    if mod97(c[:L]) == 1:
                        hits.append(('iban', c[:L]))
                except ValueError:
                    pass
    for p in KEYPATS:
        for m in p.finditer(n):
            hits.append(('key', m.group()))
    for m in JWTC.finditer(n):
        h = jwt_header(m.group().split('.')[0])
        if h and 'alg' in h:
            hits.append(('jwt', m.group()))
    for m in EYJ.finditer(n):
        h = jwt_header(m.group())
        if h and 'alg' in h:
            hits.append(('jwt_seg', m.group()))
    for m in BEARER.finditer(n):
        if bearer_qualifies(m.group(1)):
            hits.append(('bearer', m.group(1)))
    for m in PHONE.finditer(n):
        if len(re.sub(r'\D', '', m.group())) >= 7:
            hits.append(('phone', m.group()))
    for m in SSN_DASH.finditer(n):
        if ssn_ok(re.sub(r'\D', '', m.group())):
            hits.append(('ssn_dash', m.group()))
    if SSN_WORD.search(n):
        for m in SSN_ANY.finditer(n):
            if ssn_ok(re.sub(r'\D', '', m.group())):
                hits.append(('ssn', m.group()))
    for m in NAME_RE.finditer(n):
        hits.append(('name', m.group()))
    for m in NAME_CJK_RE.finditer(n):
        hits.append(('name_cjk', m.group()))
    low = n.lower()
    for s in STREET_LOWER:
        i = low.find(s)
        while i >= 0:
            if re.search(r'\d', low[max(0, i - 8):i]) or re.search(r'\d', low[i + len(s):i + len(s) + 8]):
                hits.append(('street', s))
            i = low.find(s, i + 1)
    return hits

def forbidden_v4_anywhere(t):
    n = normalize(t)
    for m in QUAD.finditer(n):
        g = [int(x) for x in m.groups()]
        if all(x <= 255 for x in g) and (v4_forbidden(*g) or g[0] == 255):
            return True
    return False

def selftest_scanner():
    pos = ['write to moss.otter@kettlewire.io today', 'fern [at] glimmerbay [dot] nl', 'ops at tidehollow dot org',
           'x@y[.]de', 'card 4539 1488 0343 6467'.replace('6467', '') + luhn_finish('4539', 16), 'ip 10.20.30.40 ok',
           'ip 10[.]20[.]30[.]40', 'fd12:3456:789a::1', 'to [2a01:4f8:c0c:1::2]:443', 'DE' + gen_iban_compact('DE')[2:],
           gen_openai('legacy'), gen_anthropic('api03'), gen_aws('akia'), gen_github('ghp'), gen_jwt('HS256'),
           'Authorization: Bearer 8fK2mQ7xLp4Rt8Vw3Zb6', '-----BEGIN RSA PRIVATE KEY-----', 'call +49 30 12345678',
           'call 0044 20 7123 4567', 'SSN 212-45-7781', 'Lukas Brenner', 'BRENNER, Lukas', '佐藤美咲', 'at 12 Foxglove Lane',
           'Mühlbachweg 14', '₊'.replace('₊', '') + 'ssn: 212457781', 'Garcia'.replace('Garcia', 'Lucía García Morales'),
           'ops@mail.eu.kettlewire.io', 'ghp_' + 'a' * 36, 'mail jun\u200b@\u200bfernpost.jp']
    neg = ['version 2.14.3 shipped', 'meet @ 5pm', '@here standup', 'uuid 3f2a9c1e-8b7d-4c1a-9e2f-5b6a7c8d9e0f',
           'std::io::Error at 12:45:30', 'Bearer <token>', 'Bearer ${API_TOKEN}', 'sk-...', 'ghp_XXXX', 'total €1.299,00',
           'the shop on Foxglove Lane is shut', 'ISBN 978-0-306-40615-7', 'root@buildbox', 'Gate B42, seat 17C',
           'room 1204', '3C-22-FB-9A-10-7E', 'C6H12O6', 'score 3:1', 'ssn 000-12-3456', '-----BEGIN PUBLIC KEY-----']
    bad = [p for p in pos if not scan(p)]
    assert not bad, ('scanner misses', bad)
    badn = [(x, scan(x)) for x in neg if scan(x)]
    assert not badn, ('scanner false positives', badn)
    assert forbidden_v4_anywhere('host 127.0.0.1') and forbidden_v4_anywhere('192.0.2.15') and not forbidden_v4_anywhere('10.1.2.3')

# ================================================================ sample checks
def occ_positions(text, v):
    out, i = [], text.find(v)
    while i >= 0:
        out.append(i)
        i = text.find(v, i + 1)
    return out

def _wc(c):
    return c.isalnum() or c == '_'

def boundary_ok(text, s, e, det):
    b = text[s - 1] if s > 0 else ' '
    a = text[e] if e < len(text) else ' '
    a2 = text[e + 1] if e + 1 < len(text) else ' '
    v = text[s:e]
    if det == 'email':
        return not (_wc(b) or b in '.+-%') and not (_wc(a) or a == '-' or (a == '.' and _wc(a2)))
    if det == 'ipv4':
        return not (b.isdigit() or b == '.') and not (a.isdigit() or (a == '.' and a2.isdigit()))
    if det == 'ipv6':
        return not (b in '0123456789abcdefABCDEF:' or _wc(b)) and not (a in '0123456789abcdefABCDEF:' or (a == '.' and a2.isdigit()) or (_wc(a) and a != '%'))
    if det in ('phone', 'credit_card', 'ssn'):
        nb, na = normalize(b), normalize(a)
        return not (nb.isdigit() or nb == '+') and not na.isdigit() and not (na in '-.' and normalize(a2).isdigit())
    if det == 'iban':
        return not _wc(b) and not _wc(a)
    if det in ('openai_key', 'anthropic_key', 'aws_access_key', 'github_token', 'bearer_token'):
        return not (_wc(b) or b == '-') and not (_wc(a) or a == '-')
    if det == 'jwt':
        return not (_wc(b) or b in '-.') and not (_wc(a) or a in '-.')
    if det in ('person_name', 'street_address'):
        if ord(v[0]) < 0x2000 and _wc(b) and ord(b) < 0x2000:
            return False
        if ord(v[-1]) < 0x2000 and _wc(a) and ord(a) < 0x2000:
            return False
        if det == 'street_address' and (b.isdigit() or a.isdigit()):
            return False
        return True
    return True

SEEN = set()
REJECT = {}
def check_sample(text, labels):
    def rej(why):
        REJECT[why] = REJECT.get(why, 0) + 1
        return False
    if text in SEEN:
        return rej('dup')
    cnt = {}
    for l in labels:
        cnt[l['value']] = cnt.get(l['value'], 0) + 1
    spans = []
    for v in sorted(cnt):
        pos = occ_positions(text, v)
        if len(pos) != cnt[v]:
            return rej('count')
        det = [l['detector'] for l in labels if l['value'] == v][0]
        for p in pos:
            spans.append((p, p + len(v)))
            if not boundary_ok(text, p, p + len(v), det):
                return rej('boundary:' + det)
    spans.sort()
    for i in range(1, len(spans)):
        if spans[i][0] < spans[i - 1][1]:
            return rej('overlap')
    for l in labels:
        if not valid_label(l['detector'], l['value'], l['form']):
            return rej('invalid:' + l['detector'])
        if l['detector'] == 'ssn' and not SSN_WORD.search(text):
            return rej('ssn_word')
    if forbidden_v4_anywhere(text):
        return rej('forbidden_v4')
    n = normalize(text)
    for bad in BAD_CARDS + BAD_KEYS + ['078-05-1120', BAD_JWT_PREFIX]:
        if bad in n:
            return rej('wellknown')
    if any(b in re.sub(r'[\s\-]', '', n).upper() for b in BAD_IBANS):
        return rej('wellknown')
    h = scan(mask(text, labels))
    if h:
        return rej('scan:' + h[0][0])
    SEEN.add(text)
    return True

def mk(text, labels, lang, form, context):
    return {'text': text, 'labels': [{'detector': l['detector'], 'value': l['value'], 'form': l['form']} for l in labels],
            'lang': lang, 'form': form, 'context': context}

# ================================================================ single-value samples
SINGLE_COUNTS = [('email', 110), ('phone', 130), ('credit_card', 100), ('ssn', 70), ('iban', 90), ('ipv4', 80), ('ipv6', 70),
                 ('openai_key', 60), ('anthropic_key', 45), ('aws_access_key', 45), ('github_token', 55), ('jwt', 75),
                 ('bearer_token', 50), ('private_key', 60), ('person_name', 120), ('street_address', 90)]

def build_single(det, lang):
    for _ in range(200):
        label, disp, form = gen_value(det, lang=lang)
        L = lw(lang, DET_LK[det])
        if '\n' in disp or det == 'private_key':
            lead = ch(LANGS[lang][1][1:]).replace('{L}', L).replace('{V}', '⤵')
            s = ch([L + ':\n' + disp, lead + '\n\n' + disp, L + ':\n\n' + disp + '\n'])
        else:
            fr = ch(LANGS[lang][1] + UNIVERSAL_FRAMES)
            p = ch(PUNCT + ([('「', '」'), ('（', '）')] if lang in ('ja', 'zh') else []))
            if det == 'email' and form == 'obf_words' and p[0] in ('*', '**'):
                p = ('', '')
            s = fr.replace('{L}', L).replace('{V}', p[0] + disp + p[1])
        ctx, w = ch(WRAPPERS)
        text = w(s)
        if R.random() < 0.12 and ctx == 'note':
            text = text + ch(['', ' 🙏', ' :)', ' — thx', '!'])
        labels = [{'detector': det, 'value': label, 'form': form}]
        if check_sample(text, labels):
            return mk(text, labels, lang, form, ctx)
    raise RuntimeError('cannot build single ' + det)

# ================================================================ hard negatives
def neg_card():
    while True:
        pre, ln = card_prefix(ch(CARD_BRANDS))
        d = pre + rdig(ln - len(pre))
        if not luhn_ok(d):
            return ch([' ', '-', '']).join(group_card(d))

def neg_iban():
    c = gen_iban_compact()
    k = int(c[2:4])
    c = c[:2] + '%02d' % ((k + R.randint(1, 90)) % 97 + 2 if (k + R.randint(1, 90)) % 97 + 2 < 99 else 3) + c[4:]
    if iban_ok(c):
        return neg_iban()
    return ch([c, ' '.join(c[i:i + 4] for i in range(0, len(c), 4))])

def isbn13():
    d = ch(['978', '979']) + rdig(9)
    s = sum(int(x) * (1 if i % 2 == 0 else 3) for i, x in enumerate(d))
    d += str((10 - s % 10) % 10)
    return '%s-%s-%s-%s-%s' % (d[:3], d[3], d[4:8], d[8:12], d[12])

def issn():
    d = rdig(7)
    s = sum(int(x) * (8 - i) for i, x in enumerate(d))
    c = (11 - s % 11) % 11
    return 'ISSN %s-%s%s' % (d[:4], d[4:], 'X' if c == 10 else str(c))

def spki_pem():
    n = R.getrandbits(1024) | (1 << 1023) | 1
    body = der_seq(der_seq(der_oid('1.2.840.113549.1.1.1'), b'\x05\x00'), tlv(0x03, b'\x00' + der_seq(der_int(n), der_int(65537))))
    b = base64.b64encode(body).decode()
    return '\n'.join(['-----BEGIN PUBLIC KEY-----'] + [b[i:i + 64] for i in range(0, len(b), 64)] + ['-----END PUBLIC KEY-----'])

def cert_pem():
    body = der_seq(der_seq(tlv(0xa0, der_int(2)), der_int(R.getrandbits(64)), der_seq(der_oid('1.2.840.10045.4.3.2')),
                           tlv(0x04, rbytes(R.randint(200, 330)))), der_seq(der_oid('1.2.840.10045.4.3.2')), tlv(0x03, b'\x00' + rbytes(70)))
    b = base64.b64encode(body).decode()
    return '\n'.join(['-----BEGIN CERTIFICATE-----'] + [b[i:i + 64] for i in range(0, len(b), 64)] + ['-----END CERTIFICATE-----'])

def ssh_pub():
    blob = ssh_str(b'ssh-ed25519') + ssh_str(rbytes(32))
    return 'ssh-ed25519 ' + base64.b64encode(blob).decode() + ' ' + ch(['ci-runner-07', 'backup-host', 'deploy', 'laptop-2024'])

PROSE = {
 'at_in_prose': {'en': ['meet @ 5pm by the north entrance', '3 boxes @ €4.50 each, so 13.50 total', '@here standup moved to 10:30',
                        'ping @oncall if the export fails again', 'rates: 2 nights @ 89/night, breakfast extra'],
                 'de': ['Treffen @ 17 Uhr am Haupteingang', '@channel Deploy heute erst nach dem Mittag', '2 Kisten @ 6,90 € das Stück'],
                 'fr': ['rdv @ 18h devant la gare', '@tous la réunion est décalée à jeudi'],
                 'es': ['nos vemos @ 9 en la puerta principal', '@todos mañana no hay clase'],
                 'nl': ['afspraak @ half acht bij de ingang'], 'pt': ['encontro @ 19h na estação']},
 'capitalised_sentence': {'en': ['Riverside Allotment Society Announces Spring Seed Swap', 'Northern Line Closures Expected Over Bank Holiday Weekend',
                                 'Quarterly Planning Review Moved To Thursday Afternoon', 'Harbour Lights Festival Returns With Extended Programme',
                                 'Meet The New Volunteer Coordinators At The Open Evening', 'Please Bring Warm Clothes And A Packed Lunch'],
                          'de': ['Neue Öffnungszeiten Für Das Stadtarchiv Ab Juni', 'Großer Flohmarkt Am Alten Hafen Fällt Aus'],
                          'fr': ['Le Grand Marché De Printemps Revient Au Port', 'Nouvelle Ligne De Bus Entre La Gare Et Le Campus'],
                          'es': ['Vuelve La Feria Del Libro Al Parque Central'], 'it': ['Torna La Sagra Delle Castagne In Piazza Grande']},
 'city_names': {'en': ['Flights from Lisbon to Osaka via Doha on Friday', 'Road trip: Tromsø → Alta → Hammerfest', 'Layover in Reykjavík, then on to Halifax'],
                'de': ['Zug Basel – Mailand fällt heute aus', 'Wir fahren über Linz nach Salzburg'], 'es': ['Tren Sevilla–Córdoba con retraso'],
                'ja': ['冬休みは札幌と函館に行きます'], 'pl': ['Rejs Gdańsk – Karlskrona odwołany'], 'ru': ['Поезд Казань — Самара отменён'],
                'it': ['Da Trieste a Lubiana in pullman'], 'fr': ['Escale à Dakar avant Abidjan'], 'tr': ['Ankara’dan Trabzon’a otobüsle gittik']},
 'sport_scores': {'en': ['Final score 3:1 after extra time', 'We lost 98–95 in overtime', '6–4, 3–6, 7–6 in the final'],
                  'de': ['Endstand 2:2, im Elfmeterschießen 4:3'], 'es': ['Ganamos 3-0 el sábado'], 'fr': ['Victoire 27-24 contre les voisins'],
                  'ja': ['3対1で勝ちました'], 'pt': ['Empate em 1 a 1 no clássico'], 'sv': ['Vi vann med 5–2 i kväll']},
 'street_no_number': {'en': ['The bakery on {S} is closed until Monday.', 'Roadworks on {S} again, take the long way round.'],
                      'de': ['Die Baustelle in der {S} ist endlich weg.'], 'fr': ['Le marché de la {S} est annulé ce week-end.'],
                      'es': ['Hay obras en la {S} toda la semana.'], 'it': ['Chiuso il tratto di {S} per lavori.'],
                      'nl': ['De {S} is afgesloten wegens werkzaamheden.'], 'pl': ['Na {S} znowu remont nawierzchni.'],
                      'sv': ['Det är vägarbete på {S} hela veckan.']},
}

def neg_value(kind, lang):
    """returns (display, label_key, tag, prose_text)"""
    if kind == 'luhn_invalid':
        return neg_card(), 'card', None, None
    if kind == 'iban_bad_checksum':
        return neg_iban(), 'iban', None, None
    if kind == 'ssn_no_context':
        return '%03d%02d%04d' % (R.randint(1, 899), R.randint(1, 99), R.randint(1, 9999)), 'ref', None, None
    if kind == 'ssn_invalid_with_word':
        a, g, s = R.randint(1, 899), R.randint(1, 99), R.randint(1, 9999)
        k = ch(['a0', 'a666', 'a9', 'g0', 's0'])
        if k == 'a0': a = 0
        elif k == 'a666': a = 666
        elif k == 'a9': a = R.randint(900, 999)
        elif k == 'g0': g = 0
        else: s = 0
        sep = ch(['-', '-', ' ', ''])
        return '%03d%s%02d%s%04d' % (a, sep, g, sep, s), 'ssn', None, None
    if kind == 'version_string':
        a, b, c = R.randint(0, 24), R.randint(0, 40), R.randint(0, 99)
        return ch(['v%d.%d.%d' % (a, b, c), '%d.%d.%d-rc.%d' % (a, b, c, R.randint(1, 5)), '%d.%d.%d' % (a, b, c),
                   'v%d.%d.%d-beta' % (a, b, c), '%d.%d.%d+build.%d' % (a, b, c, R.randint(1, 999)), '10.0.%d' % R.randint(17000, 26100)]), 'ref', 'version', None
    if kind == 'build_number':
        return ch(['build #%d' % R.randint(1000, 99999), '2024%02d%02d.%d' % (R.randint(1, 12), R.randint(1, 28), R.randint(1, 9)),
                   'CI run %d' % R.randint(100, 9999), 'r%d-b' % R.randint(1000, 9999), 'build %d.%d-%d' % (R.randint(1, 9), R.randint(0, 9), R.randint(100, 9999))]), 'ref', 'build', None
    if kind == 'hash_hex':
        t, n = ch([('SHA-256', 64), ('SHA-1', 40), ('MD5', 32), ('commit', 7), ('commit', 40)])
        return rstr(n, '0123456789abcdef'), 'ref', t, None
    if kind == 'uuid':
        h = rstr(32, '0123456789abcdef')
        h = h[:12] + '4' + h[13:16] + ch('89ab') + h[17:]
        return '%s-%s-%s-%s-%s' % (h[:8], h[8:12], h[12:16], h[16:20], h[20:]), 'ref', 'UUID', None
    if kind == 'mac_address':
        b = [R.randrange(256) for _ in range(6)]
        b[0] &= 0xfe
        f = ch(['colon', 'dash', 'cisco'])
        if f == 'colon':
            v = ':'.join('%02x' % x for x in b)
        elif f == 'dash':
            v = '-'.join('%02X' % x for x in b)
        else:
            h = ''.join('%02x' % x for x in b); v = '%s.%s.%s' % (h[:4], h[4:8], h[8:])
        return v, 'ref', 'MAC', None
    if kind == 'base64_blob':
        while True:
            v = base64.b64encode(rbytes(R.randint(18, 60))).decode()
            if not v.startswith('eyJ'):
                return v, 'ref', 'base64', None
    if kind == 'timestamp':
        return ch(['%sT%s:%02dZ' % (rdate(), rtime(), R.randint(0, 59)), str(R.randint(1600000000, 1760000000)),
                   'Mon, %d May 2024 %s:%02d +0200' % (R.randint(1, 28), rtime(), R.randint(0, 59)),
                   '%02d/%02d/2024 %s' % (R.randint(1, 28), R.randint(1, 12), rtime()),
                   '%s %s:%02d.%03d' % (rdate(), rtime(), R.randint(0, 59), R.randint(0, 999))]), 'ref', 'timestamp', None
    if kind == 'price':
        return ch(['€%d.%03d,%02d' % (R.randint(1, 9), R.randint(0, 999), R.randint(0, 99)), '$%d,%03d.%02d' % (R.randint(1, 99), R.randint(0, 999), R.randint(0, 99)),
                   '¥%d,%03d' % (R.randint(1, 999), R.randint(0, 999)), 'CHF %d.%02d' % (R.randint(5, 999), R.randint(0, 99)),
                   '%d,%02d zł' % (R.randint(5, 9999), R.randint(0, 99)), '₹%d,%03d' % (R.randint(1, 99), R.randint(0, 999)),
                   '%d,%02d €' % (R.randint(1, 999), R.randint(0, 99))]), 'ref', None, None
    if kind == 'tracking_number':
        return ch(['1Z' + rstr(6, UPALNUM) + rdig(2) + rdig(8), 'JJD' + nonluhn_digits(18), '%s%s%s' % (rstr(2, 'ABCDEFGHIJKLMNOPRSTUVWXYZ'), rdig(9), ch(['GB', 'DE', 'NL', 'FR'])),
                   ' '.join(rdig(4) for _ in range(5)) + ' ' + rdig(2), 'LX' + rdig(9) + 'CN']), 'ref', 'tracking', None
    if kind == 'isbn_issn':
        return (isbn13(), 'ref', 'ISBN', None) if R.random() < 0.7 else (issn(), 'ref', None, None)
    if kind == 'coordinates':
        la, lo = R.uniform(-60, 70), R.uniform(-170, 170)
        return ch(['%.5f, %.5f' % (la, lo), '%d°%02d′%02d″%s %d°%02d′%02d″%s' % (abs(int(la)), R.randint(0, 59), R.randint(0, 59), 'N' if la > 0 else 'S',
                                                                          abs(int(lo)), R.randint(0, 59), R.randint(0, 59), 'E' if lo > 0 else 'W'),
                   'geo:%.4f,%.4f' % (la, lo)]), 'ref', 'GPS', None
    if kind == 'postcode':
        cc = ch(sorted(CITY))
        return CITY[cc][0], 'ref', 'postcode', None
    if kind == 'masked_value':
        k = ch(['card', 'card', 'iban', 'ssn', 'phone', 'email', 'key'])
        v = {'card': ch(['**** **** **** %s' % rdig(4), '•••• %s' % rdig(4), 'XXXX-XXXX-XXXX-%s' % rdig(4)]),
             'iban': '%s** **** **** **** **%s %s' % (ch(['DE', 'FR', 'NL', 'ES']), rdig(2), rdig(2)),
             'ssn': ch(['***-**-%s' % rdig(4), 'XXX-XX-%s' % rdig(4)]), 'phone': '+%s *** ***%s' % (ch(['49', '33', '44', '1']), rdig(3)),
             'email': '%s***@%s***.%s' % (ch('abcdefghjkmnprst'), ch('abcdefghjkmnprst'), ch(['com', 'de', 'io'])),
             'key': ch(['sk-…' + rstr(4), 'sk-****************' + rstr(4), 'ghp_••••' + rstr(4)])}[k]
        return v, k, None, None
    if kind == 'placeholder_key':
        return ch(['sk-...', 'YOUR_API_KEY', '<OPENAI_API_KEY>', '${ANTHROPIC_API_KEY}', 'sk-ant-...', 'ghp_XXXXXXXXXXXX',
                   'AKIA****************', 'sk-proj-XXXX', '<your-token-here>', "os.environ['OPENAI_API_KEY']", 'sk-xxxxxxxx']), 'key', None, None
    if kind == 'truncated_key':
        return ch(['sk-proj-' + rstr(12), 'sk-ant-api03-' + rstr(20, B64URL), 'ghp_' + rstr(18), 'AKIA' + rstr(9, A32),
                   'github_pat_' + rstr(14), 'sk-' + rstr(14), 'gho_' + rstr(12)]), 'key', None, None
    if kind == 'public_key_cert':
        return ch([spki_pem(), cert_pem(), ssh_pub()]), 'key', 'public', None
    if kind == 'social_handle':
        return ch(['@lumen_fox', '@quillmarsh_official', '@otter.and.fern', '@heronwing_app', '@saltmarsh.studio', '@mothlamp_films']), 'ref', ch(['Instagram', 'X', 'TikTok', 'Threads']), None
    if kind in ('company_names',):
        return ch(['Quillmarsh Logistics GmbH', 'Heronwing Analytics Ltd', 'Copperfen & Partners LLP', 'Mossbank Kreditgenossenschaft eG',
                   'Saltmarsh Studio S.r.l.', 'Tidehollow Foods S.A.', 'Birchlume ApS', 'Ostrakon Systems Oy', 'Vintre Labs Inc.', 'Kaldera Têxteis Lda.']), 'ref', None, None
    if kind == 'product_numbers':
        return ch(['iPhone 15 Pro', 'Pixel 8a', 'RTX 4090', 'Airbus A320neo', 'Galaxy S24 Ultra', 'WH-1000XM5', 'PlayStation 5',
                   'ThinkPad X1 Carbon Gen 11', 'Boeing 787-9', 'Canon EOS R6 Mark II', 'Fairphone 5']), 'ref', None, None
    if kind == 'room_gate_seat':
        return ch(['Gate B%d' % R.randint(1, 60), 'seat %d%s' % (R.randint(1, 45), ch('ABCDEF')), 'room %d' % R.randint(100, 1999),
                   'Hall %d, stand C%d' % (R.randint(1, 9), R.randint(1, 40)), 'platform %d' % R.randint(1, 22), 'locker %d' % R.randint(1, 400)]), 'ref', None, None
    if kind == 'chemical_formula':
        return ch(['C6H12O6', 'H2SO4', 'Ca(OH)2', 'C8H10N4O2', 'NaHCO3', 'CH3COOH', 'KMnO4', 'C2H5OH', 'Fe2O3']), 'ref', None, None
    if kind == 'legal_page_ref':
        return ch(['§ 823 Abs. 1 BGB', 'Art. 6 Abs. 1 lit. f DSGVO', '17 U.S.C. § 107', 'pp. 112–118', 'Rn. 42', 'art. 1240 du Code civil',
                   'Art. 1902 CC', 's. 172 Companies Act 2006', 'ECLI:NL:HR:2019:1234', 'S. 214 f.', 'Art. 28(3) GDPR']), 'ref', None, None
    if kind == 'jwt_non_jose':
        h = ch([{'typ': 'cursor', 'v': 1}, {'page': R.randint(2, 40), 'size': 50}, {'kind': 'session-hint'}, {'ver': 2, 'enc': 'none-here'}])
        hs = b64u(json.dumps(h, separators=(',', ':')).encode())
        ps = b64u(json.dumps({'offset': R.randint(0, 9999), 'sort': 'created_at'}, separators=(',', ':')).encode())
        return hs + '.' + ps + '.' + b64u(rbytes(R.randint(12, 32))), 'token', None, None
    if kind == 'bearer_non_qualifying':
        return ch(['Authorization: Bearer <token>', 'Authorization: Bearer ${API_TOKEN}', 'Bearer undefined', 'Authorization: Bearer null',
                   'Bearer REPLACE_ME', 'Authorization: Bearer abc123', 'Bearer {{access_token}}', 'Bearer YOUR_TOKEN_HERE',
                   'Authorization: Bearer xxxxxxxxxxxxxxxxxxxx']), 'token', None, None
    if kind == 'invalid_ipv4':
        o = [R.randint(1, 223), R.randint(0, 255), R.randint(0, 255), R.randint(1, 254)]
        o[R.randrange(4)] = R.randint(256, 999)
        return ch(['.'.join(map(str, o)), '%d.%d.%d' % (R.choice([10, 172, 192]), R.randint(0, 255), R.randint(1, 254))]), 'ip', None, None
    if kind == 'ipv6_lookalike':
        return ch(['std::io::Error', 'crate::config::load', 'Foo::Bar::baz()', '%s:%02d' % (rtime(), R.randint(0, 59)), 'A1:C%d' % R.randint(2, 99),
                   '16:9', 'tokio::sync::mpsc', 'Vec::<u8>::new()']), 'ref', None, None
    if kind == 'email_broken':
        return ch(['support@', 'billing@ (domain pending)', 'user@localhost', 'root@buildbox', 'admin@intranet', 'hello@…']), 'email', None, None
    if kind in PROSE:
        opts = PROSE[kind]
        lg = lang if lang in opts else ch(sorted(opts))
        t = ch(opts[lg])
        if kind == 'street_no_number':
            t = t.replace('{S}', ch(STREETS)['name'])
        return None, None, None, (t, lg)
    raise ValueError(kind)

NEG_KINDS = ['luhn_invalid', 'iban_bad_checksum', 'ssn_no_context', 'ssn_invalid_with_word', 'version_string', 'build_number',
             'hash_hex', 'uuid', 'mac_address', 'base64_blob', 'timestamp', 'price', 'tracking_number', 'isbn_issn', 'coordinates',
             'postcode', 'masked_value', 'placeholder_key', 'truncated_key', 'public_key_cert', 'social_handle', 'at_in_prose',
             'capitalised_sentence', 'city_names', 'company_names', 'product_numbers', 'street_no_number', 'room_gate_seat',
             'sport_scores', 'chemical_formula', 'legal_page_ref', 'jwt_non_jose', 'bearer_non_qualifying', 'invalid_ipv4',
             'ipv6_lookalike', 'email_broken']

def build_negative(kind, lang):
    for _ in range(300):
        disp, lk, tag, prose = neg_value(kind, lang)
        lg = lang
        if prose:
            s, lg = prose
        else:
            L = lw(lang, lk) + (' (%s)' % tag if tag else '')
            if '\n' in disp:
                s = L + ':\n' + disp
            else:
                fr = ch(LANGS[lang][1] + UNIVERSAL_FRAMES)
                p = ch(PUNCT)
                s = fr.replace('{L}', L).replace('{V}', p[0] + disp + p[1])
        ctx, w = ch(WRAPPERS)
        text = w(s)
        if check_sample(text, []):
            return mk(text, [], lg, kind, ctx)
    raise RuntimeError('cannot build negative ' + kind)

# ================================================================ multi-value layouts
class Fill:
    def __init__(self, lang):
        self.lang = lang
        self.labels = []
    def __call__(self, det, form=None, style=None, esc=False, lang=None, raw=False):
        for _ in range(50):
            label, disp, f = gen_value(det, lang=lang or self.lang, form=form, style=style)
            if all(label != l['value'] and label not in l['value'] and l['value'] not in label for l in self.labels):
                break
        if esc:
            label = json.dumps(label, ensure_ascii=False)[1:-1]
        self.labels.append({'detector': det, 'value': label, 'form': f})
        return label if raw else disp
    def street(self, cc=None, lang=None):
        for _ in range(50):
            v, d, f, c = gen_street(lang or self.lang, cc=cc)
            if all(v != l['value'] for l in self.labels):
                break
        self.labels.append({'detector': 'street_address', 'value': v, 'form': f})
        pc, city = CITY[c]
        return v, pc, city, c
    def name(self, lang=None, plain=False):
        forms = ['given_family', 'caps_family', 'middle_initial', 'family_given', 'native_script', 'particle', 'compound'] if plain else None
        for _ in range(50):
            label, disp, f = gen_name(lang or self.lang, ch(forms) if forms else None)
            if plain and disp != label:
                continue
            if all(label.lower() != l['value'].lower() and label.lower() not in l['value'].lower() and l['value'].lower() not in label.lower() for l in self.labels):
                break
        self.labels.append({'detector': 'person_name', 'value': label, 'form': f})
        return disp

def rid(n, a='abcdefghijklmnopqrstuvwxyz0123456789'):
    return rstr(n, a)

def opt(p=0.6):
    return R.random() < p

def L_terraform(f):
    parts = ['Terraform used the selected providers to generate the following execution plan. Resource actions are',
             'indicated with the following symbols:', '  + create', '  ~ update in-place', '', 'Terraform will perform the following actions:', '']
    n_add = n_chg = 0
    blocks = ['sg', 'sns', 'secret', 'iam', 'dns']
    R.shuffle(blocks)
    for b in blocks[:R.randint(2, 4)]:
        if b == 'sg':
            ip = f('ipv4', form=ch(['public', 'private']))
            parts += ['  # aws_security_group_rule.office_%s will be created' % rid(4), '  + resource "aws_security_group_rule" "office" {',
                      '      + cidr_blocks       = [', '          + "%s/32",' % ip, '        ]']
            if opt(0.5):
                parts += ['      + ipv6_cidr_blocks  = [', '          + "%s/128",' % f('ipv6', form='compressed'), '        ]']
            parts += ['      + from_port         = 443', '      + protocol          = "tcp"', '      + to_port           = 443', '    }', '']
            n_add += 1
        elif b == 'sns':
            parts += ['  # aws_sns_topic_subscription.oncall_email will be created', '  + resource "aws_sns_topic_subscription" "oncall_email" {',
                      '      + endpoint  = "%s"' % f('email', form=ch(['plain', 'plus_tag', 'subdomain'])), '      + protocol  = "email"',
                      '      + topic_arn = "arn:aws:sns:eu-central-1:%s:alerts"' % nonluhn_digits(12), '    }', '']
            n_add += 1
            if opt(0.5):
                parts += ['  # aws_sns_topic_subscription.oncall_sms will be created', '  + resource "aws_sns_topic_subscription" "oncall_sms" {',
                          '      + endpoint  = "%s"' % f('phone', form='intl_compact'), '      + protocol  = "sms"', '    }', '']
                n_add += 1
        elif b == 'secret':
            parts += ['  # github_actions_secret.deploy_token will be updated in-place', '  ~ resource "github_actions_secret" "deploy_token" {',
                      '        id              = "infra-live:DEPLOY_TOKEN"', '      ~ plaintext_value = (sensitive value)',
                      '      # (leaked in a debug override:) value_debug = "%s"' % f('github_token'), '    }', '']
            n_chg += 1
        elif b == 'iam':
            parts += ['  # aws_iam_access_key.ci_legacy will be updated in-place', '  ~ resource "aws_iam_access_key" "ci_legacy" {',
                      '        id     = "%s"' % f('aws_access_key', form='akia'), '      ~ status = "Active" -> "Inactive"', '        user   = "ci-legacy"', '    }', '']
            n_chg += 1
        else:
            parts += ['  # aws_route53_record.vpn will be created', '  + resource "aws_route53_record" "vpn" {', '      + name    = "vpn.%s"' % ch(DOMAINS),
                      '      + records = [', '          + "%s",' % f('ipv4', form='public'), '        ]', '      + ttl     = 300', '      + type    = "A"', '    }', '']
            n_add += 1
    parts.append('Plan: %d to add, %d to change, 0 to destroy.' % (n_add, n_chg))
    return '\n'.join(parts), 'en'

def L_kubectl(f):
    app = ch(['checkout', 'ledger', 'mailer', 'geo-lookup', 'notifier'])
    pod = '%s-%s-%s' % (app, rid(9, 'bcdfghjklmnpqrstvwxz2456789'), rid(5, 'bcdfghjklmnpqrstvwxz2456789'))
    ip = f('ipv4', form='private')
    lines = ['Name:             ' + pod, 'Namespace:        ' + ch(['prod', 'payments', 'staging', 'ops']), 'Priority:         0',
             'Service Account:  ' + app, 'Node:             worker-pool-b-%s' % rid(5), 'Start Time:       Mon, %d May 2024 %s:%02d +0000' % (R.randint(1, 28), rtime(), R.randint(0, 59)),
             'Labels:           app=%s' % app, '                  pod-template-hash=%s' % rid(9)]
    if opt(0.7):
        lines.append('Annotations:      owner-contact: ' + f('email', form=ch(['plain', 'subdomain'])))
    lines += ['Status:           Running', 'IP:               ' + ip, 'IPs:', '  IP:  ' + ip]
    f.labels.append(dict(f.labels[[l['value'] for l in f.labels].index(ip)]))
    if opt(0.6):
        lines.append('  IP:  ' + f('ipv6', form=ch(['compressed', 'ula'])))
    lines += ['Containers:', '  %s:' % app, '    Image:          registry.%s/%s:1.%d.%d' % (ch(DOMAINS), app, R.randint(0, 30), R.randint(0, 9)),
              '    Port:           8080/TCP', '    State:          Running', '    Ready:          True', '    Environment:']
    env = []
    if opt(0.6):
        env.append('      OPENAI_API_KEY:     ' + f('openai_key', form=ch(['proj', 'legacy', 'svcacct'])))
    if opt(0.5):
        env.append('      ANTHROPIC_API_KEY:  ' + f('anthropic_key'))
    if opt(0.4) or not env:
        env.append('      SUPPORT_LINE:       ' + f('phone', form=ch(['intl_space', 'intl_dash']), lang='en'))
    env.append('      LOG_LEVEL:          info')
    lines += env + ['Events:', '  Type     Reason     Age   From               Message', '  ----     ------     ----  ----               -------',
                    '  Normal   Scheduled  3m    default-scheduler  Successfully assigned %s to worker-pool-b' % pod,
                    '  Warning  BackOff    41s   kubelet            Back-off restarting failed container %s' % app]
    return '\n'.join(lines), 'en'

def L_prometheus(f):
    inst = f('ipv4', form=ch(['private', 'public']))
    labels = {'alertname': ch(['HighErrorRate', 'DiskWillFillIn4h', 'TLSCertExpiring', 'NodeDown']), 'instance': inst + ':9100',
              'job': 'node', 'severity': ch(['critical', 'warning'])}
    if opt(0.7):
        labels['owner'] = f('email')
    ann = {'summary': 'Instance %s:9100 needs attention' % inst, 'runbook_url': 'https://wiki.%s/runbooks/%s' % (ch(DOMAINS), labels['alertname'].lower())}
    f.labels.append(dict(f.labels[0]))
    if opt(0.6):
        ann['escalation_phone'] = f('phone', form=ch(['intl_space', 'intl_dash', 'intl_compact']))
    if opt(0.4):
        ann['peer'] = f('ipv6', form=ch(['compressed', 'full', 'ula']))
    obj = {'receiver': 'oncall-webhook', 'status': 'firing', 'alerts': [{'status': 'firing', 'labels': labels, 'annotations': ann,
           'startsAt': '%sT%s:%02d.%03dZ' % (rdate(), rtime(), R.randint(0, 59), R.randint(0, 999)), 'fingerprint': rid(16, '0123456789abcdef')}],
           'groupLabels': {'alertname': labels['alertname']}, 'version': '4', 'externalURL': 'http://alertmanager.monitoring.svc:9093'}
    return json.dumps(obj, ensure_ascii=False, indent=2), 'en'

def L_pagerduty(f):
    lines = ['[#%d] %s' % (R.randint(10000, 999999), ch(['Checkout latency above SLO', 'Payment webhooks failing', 'Disk pressure on db-primary'])),
             'Status: Triggered → Acknowledged', 'Urgency: High | Service: %s' % ch(['checkout-api', 'billing', 'search']),
             'Assigned to: ' + f.name(lang=ch(['en', 'de', 'nl', 'sv', 'pl', 'es']), plain=True), 'Escalation policy: Primary On-Call (level 1)',
             'Responder contact: %s · %s' % (f('phone'), f('email'))]
    if opt(0.6):
        lines += ['Details:', '  host: ' + f('ipv4'), '  source: prometheus']
    lines += ['Timeline:', '  %s  Triggered via Events API v2' % rtime(), '  %s  Acknowledged (mobile app)' % rtime()]
    return '\n'.join(lines), 'en'

def L_airflow(f):
    dag, task = ch(['crm_sync', 'nightly_export', 'invoice_push']), ch(['upsert_contacts', 'push_batch', 'fetch_accounts'])
    d = rdate()
    ts = lambda: '[%s, 02:%02d:%02d UTC]' % (d, R.randint(0, 59), R.randint(0, 59))
    lines = ['*** Reading local file: /opt/airflow/logs/dag_id=%s/run_id=scheduled__%sT02:00:00+00:00/task_id=%s/attempt=1.log' % (dag, d, task),
             ts() + ' {taskinstance.py:1157} INFO - Dependencies all met for <TaskInstance: %s.%s [queued]>' % (dag, task),
             ts() + ' {standard_task_runner.py:57} INFO - Started process %d to run task' % R.randint(1000, 99999),
             ts() + " {base.py:73} INFO - Using connection ID 'crm_api' for task execution."]
    if opt(0.6):
        tok = ch([lambda: f('bearer_token', raw=True), lambda: f('jwt', form=ch(['hs256', 'rs256', 'es256']))])()
        lines.append(ts() + " {http.py:123} INFO - Calling HTTP method POST with headers {'Authorization': 'Bearer %s'}" % tok)
    lines.append(ts() + ' {logging_mixin.py:151} INFO - upserting contact %s (phone %s)' % (f('email'), f('phone')))
    if opt(0.5):
        lines.append(ts() + ' {logging_mixin.py:151} INFO - source host %s responded 502' % f('ipv4'))
    lines.append(ts() + ' {taskinstance.py:1937} ERROR - Task failed with exception')
    return '\n'.join(lines), 'en'

def L_dbt(f):
    t = lambda: '%02d:%02d:%02d' % (R.randint(8, 20), R.randint(0, 59), R.randint(0, 59))
    lines = [t() + '  Running with dbt=1.%d.%d' % (R.randint(5, 8), R.randint(0, 9)), t() + '  Found %d models, %d tests, %d sources' % (R.randint(20, 90), R.randint(40, 200), R.randint(2, 9)),
             t() + '  1 of 2 START test unique_customers_email ...................... [RUN]',
             t() + '  1 of 2 FAIL 2 unique_customers_email ........................ [FAIL 2 in 0.%ds]' % R.randint(11, 99),
             t() + '  Failure in test unique_customers_email (models/staging/schema.yml)', t() + '    Got 2 results, configured to fail if != 0', t() + '',
             t() + '    | email                               | name                     | n |']
    for _ in range(2):
        lines.append(t() + '    | %s | %s | 2 |' % (f('email', form=ch(['plain', 'upper', 'plus_tag'])), f.name(plain=True, lang=ch(LANG_LIST))))
    if opt(0.6):
        lines += [t() + '  2 of 2 FAIL 1 accepted_values_payouts_iban ................. [FAIL 1 in 0.%ds]' % R.randint(11, 99),
                  t() + '    | payout_iban                      | phone              |', t() + '    | %s | %s |' % (f('iban', form=ch(['compact', 'spaced'])), f('phone'))]
    lines.append(t() + '  Done. PASS=%d WARN=0 ERROR=%d SKIP=0 TOTAL=%d' % (R.randint(30, 90), R.randint(1, 2), R.randint(90, 120)))
    return '\n'.join(lines), 'en'

def L_stripe(f):
    v, pc, city, cc = f.street(lang=ch(['en', 'de', 'fr', 'nl', 'es', 'it']))
    cust = {'email': f('email', form=ch(['plain', 'plus_tag', 'upper'])), 'name': f.name(plain=True, lang=ch(LANG_LIST)),
            'phone': f('phone', form=ch(['intl_compact', 'intl_space'])), 'address': {'city': city, 'country': cc, 'line1': v, 'line2': None, 'postal_code': pc}}
    obj = {'id': 'evt_1P' + rid(22, ALNUM), 'object': 'event', 'api_version': '2024-04-10', 'created': R.randint(1700000000, 1730000000),
           'type': 'checkout.session.completed', 'livemode': True,
           'data': {'object': {'id': 'cs_live_' + rid(40, ALNUM), 'object': 'checkout.session', 'amount_total': R.randint(500, 90000), 'currency': ch(['eur', 'usd', 'gbp']),
                               'customer_details': cust, 'metadata': {}}}}
    if opt(0.5):
        obj['data']['object']['metadata']['client_ip'] = f('ipv4', form='public')
    if opt(0.3):
        obj['data']['object']['metadata']['legacy_card_ref'] = f('credit_card', style=ch(['compact', 'space']))
    return json.dumps(obj, ensure_ascii=False, indent=2), 'en'

def L_shopify(f):
    lang = ch(['en', 'de', 'fr', 'nl', 'it', 'es', 'sv', 'pl', 'da'])
    v, pc, city, cc = f.street(lang=lang)
    obj = {'id': int(nonluhn_digits(10)), 'name': '#%d' % R.randint(1001, 99999), 'email': f('email'), 'created_at': '%sT%s:00+02:00' % (rdate(), rtime()),
           'browser_ip': f('ipv4', form='public'), 'currency': 'EUR', 'total_price': '%d.%02d' % (R.randint(10, 400), R.randint(0, 99)),
           'shipping_address': {'name': f.name(lang=lang, plain=True), 'address1': v, 'address2': ch(['', 'Apt 4', '2. OG', 'bus 3']), 'city': city, 'zip': pc,
                                'country_code': cc, 'phone': f('phone', lang=lang)},
           'line_items': [{'title': ch(['Ceramic pour-over set', 'Merino socks (3-pack)', 'Linen tote', 'Walnut cutting board']), 'sku': 'SKU-%d' % R.randint(100, 9999), 'quantity': R.randint(1, 3)}]}
    return json.dumps(obj, ensure_ascii=False, indent=2), lang

def L_zapier(f):
    lang = ch(['en', 'de', 'fr', 'es', 'nl', 'pt', 'it'])
    lines = ['Zap run %s · Step 2 (Webhooks by Zapier) · Data out' % rid(10), '', 'querystring__form: contact-us',
             'body__full_name: ' + f.name(lang=lang, plain=True), 'body__email: ' + f('email', lang=lang)]
    if opt(0.7):
        lines.append('body__phone: ' + f('phone', lang=lang))
    if opt(0.5):
        v, pc, city, cc = f.street(lang=lang)
        lines += ['body__street: ' + v, 'body__city: ' + city]
    if opt(0.4):
        lines.append('body__payout_iban: ' + f('iban'))
    lines += ['body__consent: true', 'headers__user_agent: Mozilla/5.0 (X11; Linux x86_64)']
    return '\n'.join(lines), lang

OUTLOOK = {'en': ('When', 'Where', 'Organizer', 'Join by phone'), 'de': ('Wann', 'Wo', 'Organisator', 'Telefonische Einwahl'),
           'fr': ('Quand', 'Où', 'Organisateur', 'Rejoindre par téléphone'), 'nl': ('Wanneer', 'Waar', 'Organisator', 'Inbellen'),
           'es': ('Cuándo', 'Dónde', 'Organizador', 'Unirse por teléfono')}
def L_outlook(f):
    lang = ch(sorted(OUTLOOK))
    w, wh, org, ph = OUTLOOK[lang]
    v, pc, city, cc = f.street(lang=lang)
    sep = ' : ' if lang == 'fr' else ': '
    lines = [ch(['Quarterly review', 'Kick-off', 'Handover', 'Walkthrough']) + ' – ' + ch(['Q3', 'site visit', 'vendor', 'onboarding']),
             w + sep + 'Tuesday, %d May 2024 %s-%s (UTC+01:00) Amsterdam, Berlin, Bern, Rome' % (R.randint(1, 28), '10:00', '10:30'),
             wh + sep + '%s, %s %s' % (v, pc, city), org + sep + '%s <%s>' % (f.name(lang=lang, plain=True), f('email', form=ch(['plain', 'subdomain']))), '',
             '_' * 60, 'Microsoft Teams meeting', 'Join: https://teams.microsoft.com/l/meetup-join/19%3ameeting_' + rid(24, ALNUM) + '%40thread.v2', 'Passcode: ' + rid(6, ALNUM)]
    if opt(0.7):
        lines += [ph + sep, f('phone', form=ch(['intl_space', 'intl_dash']), lang=lang) + ',,%s#' % rdig(8, True)]
    lines.append('_' * 60)
    return '\n'.join(lines), lang

def L_discord(f):
    msgs = []
    def m(content, who=None):
        msgs.append({'id': nonluhn_digits(18), 'type': 'Default', 'timestamp': '%sT%s:%02d.%03d+00:00' % (rdate(), rtime(), R.randint(0, 59), R.randint(0, 999)),
                     'author': {'id': nonluhn_digits(18), 'name': who or ch(HANDLES), 'isBot': False}, 'content': content})
    m('my box at %s keeps dropping off the vpn' % f('ipv4', form=ch(['public', 'private'])))
    opts = [lambda: m('pls dont paste keys here lol: %s' % f('openai_key', form=ch(['proj', 'legacy']))),
            lambda: m('here is the token from the action logs %s' % f('github_token')),
            lambda: m('DM me or mail %s' % f('email')),
            lambda: m('ipv6 side is %s btw' % f('ipv6', form=ch(['compressed', 'upper', 'leading_zeros']))),
            lambda: m('aws one leaked too? %s' % f('aws_access_key'))]
    R.shuffle(opts)
    for o in opts[:R.randint(1, 3)]:
        o()
    obj = {'guild': {'id': nonluhn_digits(18), 'name': ch(['homelab crew', 'indie devs', 'ops lounge'])}, 'channel': {'id': nonluhn_digits(18), 'type': 'GuildTextChat', 'name': ch(['help-desk', 'general', 'infra'])},
           'messages': msgs, 'messageCount': len(msgs)}
    return json.dumps(obj, ensure_ascii=False, indent=2), 'en'

VOICEMAIL = {
 'en': 'Hi, this is {N} calling about the parcel for {S}. You can call me back on {P} or email me at {E}. Thanks, bye.',
 'es': 'Hola, soy {N}, llamo por el paquete para {S}. Puede devolverme la llamada al {P} o escribirme a {E}. Gracias.',
 'de': 'Hallo, hier ist {N} wegen des Pakets für die {S}. Sie erreichen mich unter {P} oder per Mail an {E}. Danke, tschüss.',
 'it': 'Buongiorno, sono {N}, chiamo per il pacco destinato a {S}. Può richiamarmi al {P} oppure scrivermi a {E}. Grazie.',
 'pt': 'Olá, fala {N}, ligo por causa da encomenda para a {S}. Pode ligar-me para o {P} ou escrever para {E}. Obrigado.',
 'fr': 'Bonjour, c’est {N}, j’appelle pour le colis au {S}. Vous pouvez me rappeler au {P} ou m’écrire à {E}. Merci, au revoir.',
 'pl': 'Dzień dobry, tu {N}, dzwonię w sprawie paczki na {S}. Proszę oddzwonić pod {P} albo napisać na {E}. Dziękuję.',
}
def L_voicemail(f):
    lang = ch(sorted(VOICEMAIL))
    t = VOICEMAIL[lang]
    head = 'Voicemail from %s · 0:%02d\nTranscript (auto):\n' % (f('phone', lang=lang), R.randint(15, 59))
    body = t.replace('{N}', f.name(lang=lang, plain=True)).replace('{S}', f.street(lang=lang)[0]).replace('{P}', f('phone', lang=lang)).replace(
        '{E}', f('email', form=ch(['obf_words', 'plain', 'obf_spaced_at'])))
    return head + '"' + body + '"', lang

def L_callnotes(f):
    lang = ch(LANG_LIST)
    lines = ['Interaction #%d · inbound · %s %s' % (R.randint(100000, 999999), rdate(), rtime()),
             lw(lang, 'name') + ': ' + f.name(lang=lang), lw(lang, 'phone') + ': ' + f('phone', lang=lang)]
    extra = [lambda: lw(lang, 'email') + ': ' + f('email'), lambda: lw(lang, 'iban') + ': ' + f('iban'),
             lambda: lw(lang, 'card') + ': ' + f('credit_card'), lambda: lw(lang, 'addr') + ': ' + f.street(lang=lang)[0]]
    R.shuffle(extra)
    lines += [e() for e in extra[:R.randint(1, 3)]]
    lines += ['Notes: verified via callback; wants paper statements.', 'Disposition: RESOLVED']
    return '\n'.join(lines), lang

PHARM = {'en': ('Refill request', 'Patient', 'Phone', 'Deliver to', 'Medication', 'Notes: leave with neighbour if not home.'),
         'de': ('Folgerezept-Anfrage', 'Patientin/Patient', 'Telefon', 'Lieferadresse', 'Medikament', 'Hinweis: bei Abwesenheit beim Nachbarn abgeben.'),
         'fr': ('Demande de renouvellement', 'Patient', 'Téléphone', 'Livraison', 'Médicament', 'Remarque : laisser chez le voisin si absent.'),
         'es': ('Solicitud de reposición', 'Paciente', 'Teléfono', 'Entregar en', 'Medicamento', 'Nota: dejar al vecino si no hay nadie.')}
def L_pharmacy(f):
    lang = ch(sorted(PHARM))
    a, b, c, d, e, n = PHARM[lang]
    v, pc, city, cc = f.street(lang=lang)
    lines = ['%s — Rx RX-%d' % (a, R.randint(1000000, 9999999)), '%s: %s' % (b, f.name(lang=lang)), 'DOB: %02d/%02d/19%d' % (R.randint(1, 28), R.randint(1, 12), R.randint(40, 99)),
             '%s: %s' % (c, f('phone', lang=lang)), '%s: %s, %s %s' % (d, v, pc, city),
             '%s: %s' % (e, ch(['Atorvastatin 20 mg, 90 tabs', 'Levothyroxine 50 µg, 100 tabs', 'Salbutamol inhaler 100 µg ×2', 'Metformin 500 mg, 60 tabs'])), n]
    if opt(0.4):
        lines.insert(4, 'Email: ' + f('email'))
    return '\n'.join(lines), lang

VET = {'en': ('PATIENT', 'Owner', 'Owner phone', 'Owner email', 'Address', 'Weight', 'Microchip'),
       'nl': ('PATIËNT', 'Eigenaar', 'Telefoon eigenaar', 'E-mail eigenaar', 'Adres', 'Gewicht', 'Chipnummer'),
       'sv': ('PATIENT', 'Ägare', 'Ägarens telefon', 'Ägarens e-post', 'Adress', 'Vikt', 'Chipnummer')}
def L_vet(f):
    lang = ch(sorted(VET))
    a, b, c, d, e, w, mc = VET[lang]
    lines = ['%s: %s (%s)' % (a, ch(['Biscuit', 'Pepper', 'Nala', 'Mochi', 'Tofu']), ch(['canine, beagle, 6 y', 'feline, DSH, 11 y', 'canine, whippet, 3 y'])),
             '%s: %s' % (b, f.name(lang=lang)), '%s: %s' % (c, f('phone', lang=lang))]
    if opt(0.6):
        lines.append('%s: %s' % (d, f('email')))
    if opt(0.6):
        lines.append('%s: %s' % (e, f.street(lang=lang)[0]))
    lines += ['%s: %d.%d kg' % (w, R.randint(3, 30), R.randint(0, 9)), '%s: %s' % (mc, nonluhn_digits(15)),
              'Vaccinations: DHPP %s, Rabies %s' % (rdate(), rdate()), 'Plan: recheck ears in 2 weeks']
    return '\n'.join(lines), lang

def L_tenancy(f):
    lang = ch(['de', 'fr', 'en', 'es', 'pl'])
    v1, pc1, c1, cc = f.street(lang=lang)
    v2, pc2, c2, _ = f.street(cc=cc)
    n1, n2 = f.name(lang=lang), f.name(lang=lang)
    ib = f('iban', form=ch(['spaced', 'compact']))
    ph = f('phone', lang=lang)
    T = {'de': 'Mietvertrag über Wohnraum\n\n§ 1 Vertragsparteien\nVermieter: {n1}, {v1}, {pc1} {c1}\nMieter: {n2}\n\n§ 2 Mietsache\nVermietet wird die Wohnung {v2}, 2. OG links, {pc2} {c2}.\n\n§ 4 Miete\nDie Miete ist monatlich im Voraus auf das Konto IBAN {ib} zu überweisen.\nErreichbarkeit Vermieter: {ph}',
         'fr': 'CONTRAT DE LOCATION — logement vide\n\nI. Parties\nLe bailleur : {n1}, demeurant {v1}, {pc1} {c1}\nLe locataire : {n2}\n\nII. Objet\nLogement situé {v2}, {pc2} {c2}, 3e étage.\n\nIII. Loyer\nPayable par virement sur l’IBAN {ib}.\nContact du bailleur : {ph}',
         'en': 'ASSURED SHORTHOLD TENANCY AGREEMENT\n\n1. Landlord: {n1} of {v1}, {c1} {pc1}\n2. Tenant: {n2}\n3. Property: {v2}, {c2} {pc2}\n4. Rent is payable monthly in advance to IBAN {ib}.\n5. Landlord contact: {ph}',
         'es': 'CONTRATO DE ARRENDAMIENTO DE VIVIENDA\n\nREUNIDOS\nDe una parte, {n1}, con domicilio en {v1}, {pc1} {c1}.\nDe otra parte, {n2}.\n\nPRIMERA. Objeto: vivienda sita en {v2}, {pc2} {c2}.\nSEGUNDA. La renta se abonará en la cuenta {ib}.\nTeléfono del arrendador: {ph}',
         'pl': 'UMOWA NAJMU LOKALU MIESZKALNEGO\n\n§ 1. Wynajmujący: {n1}, zam. {v1}, {pc1} {c1}\nNajemca: {n2}\n\n§ 2. Przedmiotem najmu jest lokal przy {v2}, {pc2} {c2}.\n\n§ 3. Czynsz płatny na rachunek {ib}.\nKontakt z wynajmującym: {ph}'}[lang]
    for k, val in (('{n1}', n1), ('{n2}', n2), ('{v1}', v1), ('{v2}', v2), ('{pc1}', pc1), ('{pc2}', CITY[cc][0]), ('{c1}', c1), ('{c2}', c2), ('{ib}', ib), ('{ph}', ph)):
        T = T.replace(k, val)
    return T, lang

BILL = {'fr': ('FACTURE D’ÉLECTRICITÉ', 'Titulaire', 'Adresse de consommation', 'Prélèvement sur', 'Service client', 'Montant TTC', ' : '),
        'de': ('STROMRECHNUNG', 'Vertragspartner', 'Lieferstelle', 'Lastschrift von', 'Kundenservice', 'Rechnungsbetrag', ': '),
        'es': ('FACTURA DE GAS', 'Titular', 'Dirección de suministro', 'Cargo en cuenta', 'Atención al cliente', 'Importe total', ': '),
        'it': ('BOLLETTA LUCE', 'Intestatario', 'Indirizzo di fornitura', 'Addebito su', 'Servizio clienti', 'Totale da pagare', ': '),
        'nl': ('ENERGIENOTA', 'Klant', 'Leveringsadres', 'Incasso van', 'Klantenservice', 'Totaalbedrag', ': '),
        'pt': ('FATURA DE ÁGUA', 'Titular', 'Local de consumo', 'Débito direto na conta', 'Apoio ao cliente', 'Total a pagar', ': '),
        'en': ('WATER BILL', 'Account holder', 'Supply address', 'Direct debit from', 'Customer service', 'Amount due', ': ')}
def L_utility(f):
    lang = ch(sorted(BILL))
    t, h, a, dd, cs, amt, sep = BILL[lang]
    v, pc, city, cc = f.street(lang=lang)
    lines = ['%s — %s-%d-%d' % (t, ch(['FA', 'RE', 'INV']), 2024, R.randint(10000, 99999)), h + sep + f.name(lang=lang), a + sep + '%s, %s %s' % (v, pc, city),
             '%02d/%02d/2024 – %02d/%02d/2024 · %d kWh' % (1, R.randint(1, 6), 28, R.randint(7, 12), R.randint(120, 900)), amt + sep + '%d,%02d €' % (R.randint(30, 400), R.randint(0, 99)),
             dd + sep + f('iban', form=ch(['spaced', 'compact', 'nbsp']))]
    if opt(0.7):
        lines.append(cs + sep + '%s · %s' % (f('phone', lang=lang, form=ch(['national_sep', 'intl_space'])), f('email', form='plain')))
    return '\n'.join(lines), lang

US_CITIES = [('Portland', 'OR', '97214'), ('Columbus', 'OH', '43215'), ('Madison', 'WI', '53703'), ('Tucson', 'AZ', '85719'), ('Albany', 'NY', '12207')]
def L_w9(f):
    c, st, z = ch(US_CITIES)
    lines = ['Form W-9 (Rev. March 2024) — Request for Taxpayer Identification Number and Certification',
             '1 Name (as shown on your income tax return): ' + f.name(lang='en', plain=True),
             '3a Federal tax classification: [x] Individual/sole proprietor',
             '5 Address (number, street, and apt. or suite no.): ' + f.street(cc='US')[0], '6 City, state, and ZIP code: %s, %s %s' % (c, st, z),
             'Part I  Taxpayer Identification Number (TIN)', 'Social security number (SSN): ' + f('ssn', form=ch(['dashes', 'dashes', 'spaces']))]
    if opt(0.6):
        lines.append('Requester contact: ' + f('email'))
    if opt(0.5):
        lines.append('Phone: ' + f('phone', lang='en', form=ch(['area_brackets', 'national_sep', 'intl_space'])))
    lines.append('Signature of U.S. person: (signed)    Date: %02d/%02d/2024' % (R.randint(1, 12), R.randint(1, 28)))
    return '\n'.join(lines), 'en'

def L_customs(f):
    v1, pc1, c1, cc1 = f.street(lang=ch(['de', 'fr', 'it', 'nl', 'pt', 'es', 'pl']))
    v2, pc2, c2, cc2 = f.street(lang=ch(['en', 'ja', 'ko', 'en']))
    lines = ['CN23 CUSTOMS DECLARATION / DÉCLARATION EN DOUANE', 'From / Expéditeur:', '  ' + f.name(plain=True, lang=ch(LANG_LIST)), '  ' + v1, '  %s %s, %s' % (pc1, c1, cc1),
             '  Tel: ' + f('phone', form=ch(['intl_space', 'intl_00', 'intl_dash'])), 'To / Destinataire:', '  ' + f.name(plain=True, lang=ch(LANG_LIST)), '  ' + v2, '  %s %s, %s' % (c2, pc2, cc2)]
    if opt(0.6):
        lines.append('  E-mail: ' + f('email'))
    lines += ['Detailed description | Qty | Net weight | Value | HS tariff no. | Origin',
              '%s | %d | 0.%d kg | %d.00 EUR | %s | %s' % (ch(['Wool scarf', 'Ceramic mug', 'Printed books', 'Tea (sealed)']), R.randint(1, 4), R.randint(1, 9), R.randint(5, 120), ch(['6117.10', '6912.00', '4901.99', '0902.10']), cc1),
              'Category: [x] Gift  [ ] Commercial sample', 'Total gross weight: %d.%02d kg' % (R.randint(0, 4), R.randint(0, 99))]
    return '\n'.join(lines), 'en'

def L_loyalty(f):
    lang = ch(['en', 'de', 'fr'])
    head = {'en': 'Heronwing Rewards — statement', 'de': 'Heronwing Bonusprogramm — Kontoauszug', 'fr': 'Heronwing Fidélité — relevé'}[lang]
    lines = [head + ' %02d/2024' % R.randint(1, 12), 'Member: ' + f.name(lang=lang, plain=True), 'Member no.: HW-' + rid(8, 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'),
             'Email on file: ' + f('email')]
    if opt(0.6):
        lines.append('Mobile: ' + f('phone', lang=lang))
    if opt(0.5):
        lines.append('Payment card on file: ' + f('credit_card'))
    lines += ['', 'Date        Description                    Points', '%s  Café Lumen, Lisbon             +%d' % (rdate(), R.randint(10, 300)),
              '%s  Fuel 45.20 EUR                 +%d' % (rdate(), R.randint(10, 99)), 'Balance: %d pts' % R.randint(1000, 90000)]
    return '\n'.join(lines), lang

LIB = {'en': ('Patron record', 'Name', 'Email', 'Phone', 'Home address', 'Loans'), 'sv': ('Låntagarpost', 'Namn', 'E-post', 'Telefon', 'Hemadress', 'Lån'),
       'fi': ('Asiakastiedot', 'Nimi', 'Sähköposti', 'Puhelin', 'Kotiosoite', 'Lainat'), 'de': ('Benutzerkonto', 'Name', 'E-Mail', 'Telefon', 'Wohnanschrift', 'Ausleihen')}
def L_library(f):
    lang = ch(sorted(LIB))
    a, b, c, d, e, g = LIB[lang]
    lines = ['%s — ID %s' % (a, nonluhn_digits(14)), '%s: %s' % (b, f.name(lang=lang, plain=True)), '%s: %s' % (c, f('email'))]
    if opt(0.7):
        lines.append('%s: %s' % (d, f('phone', lang=lang)))
    if opt(0.6):
        lines.append('%s: %s' % (e, f.street(lang=lang)[0]))
    lines += ['%s: %d (due %s)' % (g, R.randint(1, 6), rdate()), 'Holds: “%s” ready for pickup' % ch(['Slow Rivers', 'The Salt Road', 'Winter Orchard', 'Paper Lanterns'])]
    return '\n'.join(lines), lang

def L_club(f):
    lang = ch(['en', 'sv', 'de', 'nl', 'es', 'it', 'fi', 'da'])
    title = {'en': 'Riverside Rowing Club — membership roll 2024', 'sv': 'Roddklubben Strömmen — medlemsförteckning 2024', 'de': 'Ruderverein Unterwasser — Mitgliederliste 2024',
             'nl': 'Roeivereniging De Kolk — ledenlijst 2024', 'es': 'Club de Remo Ría — lista de socios 2024', 'it': 'Canottieri Laguna — elenco soci 2024',
             'fi': 'Soutuseura Virta — jäsenluettelo 2024', 'da': 'Roklubben Fjorden — medlemsliste 2024'}[lang]
    lines = [title, 'No.  Name                          Phone                 Joined']
    for i in range(R.randint(2, 4)):
        lines.append('%03d  %-28s  %-20s  %d' % (i + 1, f.name(lang=lang if opt(0.7) else None, plain=True), f('phone', lang=lang), R.randint(1998, 2024)))
    if opt(0.5):
        lines.append('Secretary: ' + f('email'))
    return '\n'.join(lines), lang

def L_wedding(f):
    lang = ch(['en', 'es', 'it', 'pt', 'pl'])
    hdr = {'en': 'Guest list — table plan', 'es': 'Lista de invitados — mesas', 'it': 'Lista invitati — tavoli', 'pt': 'Lista de convidados — mesas', 'pl': 'Lista gości — stoły'}[lang]
    lines = [hdr, 'Table %d' % R.randint(1, 12)]
    for i in range(R.randint(2, 3)):
        nm = f.name(lang=lang, plain=True)
        extra = ch([lambda: f.street(lang=lang)[0], lambda: f('phone', lang=lang), lambda: f('email')])()
        lines.append('  %d. %s — %s — %s' % (i + 1, nm, extra, ch(['RSVP yes', 'RSVP pending', 'vegetarian', '+1'])))
    return '\n'.join(lines), lang

def L_genealogy(f):
    lang = ch(['en', 'ga', 'is', 'de', 'pl', 'it'])
    v, pc, city, cc = f.street(lang=lang)
    lines = ['FAMILY GROUP SHEET', 'Husband: ' + f.name(lang=lang, plain=True), '  Born: %d %s 19%d' % (R.randint(1, 28), ch(['Mar', 'Jun', 'Oct']), R.randint(20, 50)),
             '  Residence (1961 census): %s, %s' % (v, city), 'Wife: ' + f.name(lang=lang, plain=True), '  Born: %d %s 19%d' % (R.randint(1, 28), ch(['Jan', 'Jul', 'Nov']), R.randint(20, 50)),
             'Children:', '  1. ' + f.name(lang=lang, plain=True) + ' (b. 19%d)' % R.randint(50, 70), 'Source: parish register, vol. %d, p. %d' % (R.randint(1, 30), R.randint(1, 400))]
    return '\n'.join(lines), lang

def L_witness(f):
    v, pc, city, cc = f.street(lang='en')
    other = ch([s for s in STREETS if s['cc'] in ('GB', 'IE', 'US', 'AU')])['name']
    lines = ['WITNESS STATEMENT', 'Statement of: ' + f.name(lang=ch(['en', 'pl', 'ro', 'pt', 'ga']), plain=True), 'Age if under 18: over 18    Occupation: nurse',
             'Address: %s, %s %s' % (v, city, pc), 'Telephone: ' + f('phone', lang='en'),
             'This statement is true to the best of my knowledge and belief.', '',
             'On Saturday at about twenty to eleven in the evening I was walking along %s when I saw two people arguing next to a grey van.' % other,
             'Signed: (signature)']
    if opt(0.4):
        lines.insert(5, 'Email: ' + f('email'))
    return '\n'.join(lines), 'en'

def L_bugbounty(f):
    ip = f('ipv4', form='public')
    lines = ['## Summary', 'Exposed debug endpoint on %s leaks credentials' % ip, '', '## Steps to reproduce', '1. `curl -s http://%s:8080/debug/vars`' % ip, '2. The response contains:', '```']
    f.labels.append(dict(f.labels[0]))
    envs = [lambda: 'AWS_ACCESS_KEY_ID=' + f('aws_access_key'), lambda: 'OPENAI_API_KEY=' + f('openai_key', form=ch(['proj', 'legacy', 'admin'])),
            lambda: 'ANTHROPIC_API_KEY=' + f('anthropic_key'), lambda: 'GH_TOKEN=' + f('github_token')]
    R.shuffle(envs)
    lines += [e() for e in envs[:R.randint(1, 3)]] + ['```']
    if opt(0.6):
        lines.append('3. The session token `%s` is still accepted.' % f('jwt', form=ch(['hs256', 'rs256', 'es256', 'jose_other'])))
    if opt(0.4):
        lines += ['4. A deploy key is also served:', '', f('private_key', style='lf'), '']
    lines += ['## Impact', 'Full read access to the billing bucket.', '', 'Reporter contact: ' + f('email')]
    return '\n'.join(lines), 'en'

def L_contacts(f):
    lines = ['Display Name,Mobile Phone,Home Phone,E-mail Address,Notes']
    for _ in range(R.randint(2, 4)):
        lang = ch(LANG_LIST)
        row = [f.name(lang=lang, plain=True), f('phone', form=ch(['intl_space', 'intl_compact', 'intl_dash', 'national_sep'])), '', '', ch(['', 'gym', 'plumber', 'school run'])]
        if opt(0.4):
            row[2] = f('phone', form=ch(['national_sep', 'intl_space']))
        if opt(0.5):
            row[3] = f('email', form=ch(['plain', 'upper', 'plus_tag']))
        lines.append(','.join(row))
    return '\n'.join(lines), 'en'

def L_scratchpad(f):
    q = f('email', form=ch(['plain', 'upper']))
    obs = {'id': 'cus_' + rid(14, ALNUM), 'name': f.name(lang=ch(LANG_LIST), plain=True), 'phone': f('phone'), 'last_login_ip': f('ipv4')}
    lines = ['Thought: I need the customer record before answering.', 'Action: crm.lookup', 'Action Input: ' + json.dumps({'query': q}, ensure_ascii=False),
             'Observation: ' + json.dumps(obs, ensure_ascii=False)]
    k = ch(['anthropic', 'openai', 'jwt', 'pk'])
    if k == 'anthropic':
        lines += ['Thought: The user asked to revoke the key they pasted.', 'Action: keys.revoke', 'Action Input: ' + json.dumps({'key': f('anthropic_key')})]
    elif k == 'openai':
        lines += ['Thought: Revoke the leaked key.', 'Action: keys.revoke', 'Action Input: ' + json.dumps({'key': f('openai_key', form=ch(['proj', 'svcacct']))})]
    elif k == 'jwt':
        lines += ['Thought: Check whether the session token is still valid.', 'Action: auth.introspect', 'Action Input: ' + json.dumps({'token': f('jwt', form=ch(['hs256', 'rs256', 'eddsa']))})]
    else:
        lines += ['Thought: Store the key in the vault.', 'Action: vault.put', 'Action Input: ' + json.dumps({'path': 'deploy/ssh', 'value': '@@PK@@'})]
        pk = f('private_key', style='lf', esc=True)
        lines[-1] = lines[-1].replace('@@PK@@', json.dumps(pk)[1:-1])
    lines += ['Observation: {"ok": true}', 'Final Answer: Done — the record is updated and the credential has been handled.']
    return '\n'.join(lines), 'en'

OBIT = {
 'en': '{N1}, 84, passed away peacefully on 9 May surrounded by family. {N1s} is survived by children {N2} and {N3}. A memorial service will be held at Hollyfield Chapel, {S}. Condolences may be sent to {E}.',
 'es': 'Falleció en paz {N1}, a los 84 años. Sus hijos {N2} y {N3} agradecen las muestras de cariño. La misa funeral será en la parroquia de {S}. Contacto de la familia: {P}.',
 'it': 'È mancato all’affetto dei suoi cari {N1}. Ne danno il triste annuncio i figli {N2} e {N3}. Le esequie si terranno nella chiesa di {S}. Per informazioni: {P}.',
}
def L_obituary(f):
    lang = ch(sorted(OBIT))
    t = OBIT[lang]
    n1 = f.name(lang=lang, plain=True)
    t = t.replace('{N1s}', 'The deceased').replace('{N1}', n1).replace('{N2}', f.name(lang=lang, plain=True)).replace('{N3}', f.name(lang=lang, plain=True))
    t = t.replace('{S}', f.street(lang=lang)[0])
    t = t.replace('{E}', f('email', form='plain')) if '{E}' in t else t.replace('{P}', f('phone', lang=lang))
    return t, lang

def L_manifest(f):
    lines = ['CONSIGNMENT MANIFEST %s · leg HKG→LEJ · %s' % ('SM-%d-%02d' % (R.randint(100000, 999999), R.randint(1, 99)), rdate()),
             'HAWB        | Consignee                  | Address                          | Phone               | Pcs | Kg']
    for _ in range(R.randint(2, 3)):
        lang = ch(['de', 'fr', 'nl', 'pl', 'it', 'es', 'sv', 'cs'])
        v, pc, city, cc = f.street(lang=lang)
        lines.append('%s | %s | %s, %s %s | %s | %d | %d.%d' % ('HW' + nonluhn_digits(9), f.name(lang=lang, plain=True), v, pc, city, f('phone', lang=lang), R.randint(1, 5), R.randint(0, 30), R.randint(0, 9)))
    lines.append('Total pieces: %d' % R.randint(3, 15))
    return '\n'.join(lines), 'en'

SPORTS = {'en': ('Registration — Spring 5K Fun Run', 'Participant', 'Emergency contact', 'Email', 'T-shirt size'),
          'es': ('Inscripción — Carrera Popular 10K', 'Participante', 'Contacto de emergencia', 'Correo', 'Talla de camiseta'),
          'fr': ('Inscription — Trail des Crêtes 12 km', 'Participant', 'Contact d’urgence', 'E-mail', 'Taille du t-shirt'),
          'de': ('Anmeldung — Stadtlauf 10 km', 'Teilnehmer', 'Notfallkontakt', 'E-Mail', 'T-Shirt-Größe')}
def L_sports(f):
    lang = ch(sorted(SPORTS))
    a, b, c, d, e = SPORTS[lang]
    lines = [a, '%s: %s' % (b, f.name(lang=lang, plain=True)), 'Bib: %d' % R.randint(100, 4999),
             '%s: %s, %s' % (c, f.name(lang=lang, plain=True), f('phone', lang=lang)), '%s: %s' % (d, f('email')), '%s: %s' % (e, ch(['S', 'M', 'L', 'XL'])),
             'Club: ' + ch(['Riverside Striders', 'Les Foulées du Lac', 'Club Atletismo Norte', 'LG Talaue'])]
    return '\n'.join(lines), lang

LAYOUTS = [('terraform_plan', L_terraform, 'terraform_plan'), ('kubectl_describe', L_kubectl, 'kubectl'), ('prometheus_alert', L_prometheus, 'json'),
           ('pagerduty_incident', L_pagerduty, 'incident'), ('airflow_task_log', L_airflow, 'log'), ('dbt_run_log', L_dbt, 'log'),
           ('stripe_webhook', L_stripe, 'json'), ('shopify_order', L_shopify, 'json'), ('zapier_payload', L_zapier, 'automation'),
           ('outlook_invite', L_outlook, 'calendar_text'), ('discord_export', L_discord, 'json'), ('voicemail_transcript', L_voicemail, 'transcript'),
           ('call_centre_notes', L_callnotes, 'notes'), ('pharmacy_refill', L_pharmacy, 'form'), ('vet_record', L_vet, 'record'),
           ('tenancy_agreement', L_tenancy, 'contract'), ('utility_bill', L_utility, 'bill'), ('tax_form_w9', L_w9, 'form'),
           ('customs_declaration', L_customs, 'form'), ('loyalty_statement', L_loyalty, 'statement'), ('library_record', L_library, 'record'),
           ('club_membership_list', L_club, 'table'), ('wedding_guest_list', L_wedding, 'list'), ('genealogy_record', L_genealogy, 'record'),
           ('police_witness_statement', L_witness, 'statement'), ('bug_bounty_report', L_bugbounty, 'markdown'), ('contacts_csv', L_contacts, 'csv'),
           ('agent_scratchpad', L_scratchpad, 'agent_trace'), ('obituary', L_obituary, 'prose'), ('shipping_manifest', L_manifest, 'table'),
           ('sports_registration', L_sports, 'form')]

def build_multi(name, fn, ctx):
    for _ in range(300):
        f = Fill(ch(LANG_LIST))
        text, lang = fn(f)
        if len(f.labels) < 2:
            continue
        if check_sample(text, f.labels):
            return mk(text, f.labels, lang, name, ctx)
    raise RuntimeError('cannot build multi ' + name)

# ================================================================ main
N_MULTI = 300
NEG_PER_KIND = 26

def table(rows, head):
    out = ['| ' + ' | '.join(head) + ' |', '|' + '---|' * len(head)]
    for r in rows:
        out.append('| ' + ' | '.join(str(x) for x in r) + ' |')
    return '\n'.join(out)

def count(items):
    d = {}
    for x in items:
        d[x] = d.get(x, 0) + 1
    return d

def main():
    selftest_scanner()
    samples = []
    off = 0
    for det, n in SINGLE_COUNTS:
        for i in range(n):
            samples.append(build_single(det, LANG_LIST[(off + i) % len(LANG_LIST)]))
        off += 7
    n_single = len(samples)
    for i in range(N_MULTI):
        name, fn, ctx = LAYOUTS[i % len(LAYOUTS)]
        samples.append(build_multi(name, fn, ctx))
    n_multi = len(samples) - n_single
    for k_i, kind in enumerate(NEG_KINDS):
        for i in range(NEG_PER_KIND):
            samples.append(build_negative(kind, LANG_LIST[(k_i * 5 + i) % len(LANG_LIST)]))
    n_neg = len(samples) - n_single - n_multi
    R.shuffle(samples)
    # final re-verification of every written sample
    for s in samples:
        for l in s['labels']:
            assert len(occ_positions(s['text'], l['value'])) == sum(1 for m in s['labels'] if m['value'] == l['value'])
        assert not scan(mask(s['text'], s['labels']))
    data = ''.join(json.dumps(s, ensure_ascii=False) + '\n' for s in samples).encode('utf-8')
    with open('heldout14.jsonl', 'wb') as fh:
        fh.write(data)
    sha = hashlib.sha256(data).hexdigest()
    write_readme(samples, n_single, n_multi, n_neg, sha)
    print(len(samples))
    print(sha)

def write_readme(samples, n_single, n_multi, n_neg, sha):
    labels = [l for s in samples for l in s['labels']]
    det_c = count(l['detector'] for l in labels)
    form_c = count((l['detector'], l['form']) for l in labels)
    single_det = count(s['labels'][0]['detector'] for s in samples if len(s['labels']) == 1 and s['form'] == s['labels'][0]['form'])
    lay_c = count(s['form'] for s in samples if len(s['labels']) >= 2 or s['form'] in [x[0] for x in LAYOUTS])
    neg_c = count(s['form'] for s in samples if not s['labels'])
    lang_c = count(s['lang'] for s in samples)
    ctx_c = count(s['context'] for s in samples)
    det_rows = [(d, det_c[d], single_det.get(d, 0)) for d in sorted(det_c)]
    form_rows = [(d, f, form_c[(d, f)]) for d, f in sorted(form_c)]
    layout_langs = {}
    for s in samples:
        if s['form'] in [x[0] for x in LAYOUTS]:
            layout_langs.setdefault(s['form'], set()).add(s['lang'])
    lay_rows = [(n, lay_c.get(n, 0), ctx, ', '.join(sorted(layout_langs.get(n, [])))) for n, _, ctx in LAYOUTS]
    n_langs_pool = len(sorted({e['lang'] for e in NAME_POOL}))
    n_cc = len(sorted({s['cc'] for s in STREETS}))
    rej = ', '.join('%s: %d' % (k, REJECT[k]) for k in sorted(REJECT))
    md = f"""# heldout14 — blind held-out PII test corpus (fourteenth)

## Provenance
Written blind from `/work/h14/BRIEF.md` only. No other corpus, detector source, notes or git history on this machine
was read. Every sentence frame, layout, name pool, street pool, domain, company and negative was invented for this
corpus by the generator below. Names are real common given and family names combined at random (not famous people);
streets, domains and companies are invented.

## Generator
`make_heldout14.py` — Python 3, standard library only, no input files, `SEED = {SEED}`, one `random.Random(SEED)`
stream; no set is iterated unsorted. Run `python3 make_heldout14.py` in this directory; it writes `heldout14.jsonl`
and this `README.md` and prints the sample count and SHA-256. The output was checked to be byte-identical under
`PYTHONHASHSEED=0` and `PYTHONHASHSEED=4242` (two runs, same SHA-256).

## Counts
- total samples: **{len(samples)}**
- single-value samples: {n_single}
- multi-value samples: {n_multi} ({len(LAYOUTS)} layouts)
- hard negatives (`labels: []`): {n_neg} ({len(NEG_KINDS)} kinds × {NEG_PER_KIND})
- labelled values: {len(labels)}
- SHA-256 of `heldout14.jsonl`: `{sha}`

## Format
One JSON object per line, UTF-8, `ensure_ascii=False`:
`{{"text": ..., "labels": [{{"detector", "value", "form"}}], "lang", "form", "context"}}`.
`value` is an exact substring of `text` and occurs in it exactly as often as it is labelled (overlapping
occurrences counted); labelled spans never overlap. Sample `form` = the label form for single-value samples, the
layout name for multi-value samples, the look-alike kind for negatives. `lang` = ISO 639-1 code of the prose
(for English-chrome technical layouts it is `en`; for single-value samples it is the language of the sentence frame,
while the wrapper chrome such as `Comment ▸` or `[PagerDuty]` stays English). `context` = kind of text.

## What a label covers
Conventions follow the brief exactly:
- **email**: the address alone (never `mailto:`, `<>`); obfuscated forms as written (`[at]`, `(at)`, ` at … dot …`,
  ` @ `, `[.]`, full-width `＠`, U+200B around `@`), upper case, `+tag`, subdomains.
- **phone**: the number with its own separators, `+`/`00`, `(0)` trunk, area brackets; NBSP, U+2009 and full-width
  digits occur; `tel:` links label the part after `tel:`. Every labelled phone is written either with `+`/`00` or
  with separators; no bare national digit run is ever generated after a phone word (neither labelled nor negative).
  National layouts of {len(sorted({p[0] for p in PHONE_PLANS}))} countries (mobile and landline plans).
- **credit_card**: Luhn-valid PAN with brand IIN and length (Visa 13/16/19, Mastercard 51–55 and 2221–2720, Amex
  4-6-5, Diners 14, Discover, JCB, UnionPay, Maestro); separators space, dash, NBSP, U+2009, full-width digits or
  compact. Form = `brand_separator`.
- **ssn**: AAA-GG-SSSS with dashes, spaces, dots or bare; area 001–899 except 666, group 01–99, serial 0001–9999;
  every text holding an SSN label contains `SSN` or `social security number`.
- **iban**: whole IBAN, correct country length, BBAN shape and mod-97 (national check digits also computed for BE, FR,
  ES and the NL account); compact, groups of four with space/NBSP/dash, lower case.
- **ipv4**: address only (port and prefix stay outside), private and public, defanged `[.]` as one value; never
  documentation ranges, loopback, 0/8, link-local, CGNAT, benchmarking, multicast/reserved, 255.x; no leading zeros.
- **ipv6**: address only (brackets, port, `%zone`, `/prefix` outside); compressed, full, upper case, leading zeros,
  ULA, link-local with zone, embedded IPv4 tail (`::ffff:`, `64:ff9b::`); never 2001:db8::/32, `::1`, `::`.
- **openai_key / anthropic_key / aws_access_key / github_token**: shapes as in the brief; after `Authorization: Bearer`
  an OpenAI key is labelled `openai_key` only (form `bearer`).
- **jwt**: three segments, header is base64url JSON with a real `alg`, signature length matches the alg (HS256 32 B,
  HS384 48, HS512 64, RS*/PS* 256, ES256 64, ES384 96, ES512 132, EdDSA 64); after `Bearer` labelled jwt only (form
  `bearer`). Form `jose_other`: JOSE header with non-JSON payload, cut-short signature, or `alg: none` with empty
  signature (`xxx.yyy.`).
- **bearer_token**: opaque token after `Bearer ` (never a JWT or provider key), ≥ 16 chars with digits and mixed
  case, or hex with digits.
- **private_key**: whole block BEGIN…END as written: LF, CRLF, JSON `\\n`-escaped, YAML block (continuation-line
  indentation is inside the value), flattened with spaces, `.env` quoted with `\\n`. Kinds: RSA PKCS#1 (real 1024-bit
  key maths), PKCS#8 RSA / EC / Ed25519, SEC1 EC, OpenSSH (`openssh-key-v1`), ENCRYPTED PKCS#8 (PBES2). Bodies are
  valid base64 with correct DER nesting (checked by a DER parser) or the OpenSSH magic. Form = `kind_style`.
- **person_name**: the name only; titles (`Dr.`, `Frau`, `Mme`, `Sra.`, `pani`, …) and honorific suffixes (`さん`,
  `様`, `님`, `जी`, `先生`, `女士`) stay outside; given+family, family+given (hu, vi), middle initial, CAPS family,
  particles (van, de, von, da, dela, Ó, Nic, Ní, Mac), compound surnames, native scripts.
- **street_address**: street + house number only (postcode, city, floor stay outside); `Street, 14` comma style where
  local (ES, PT, BR, RU, UA), `812/3` (CZ, SK), `12a`, `12-14`, `12 bis`/`ter` (FR, BE), number before (FR, anglophone).

## Checks (every draw; a failing draw is thrown away)
1. each value is a substring with the exact occurrence count; no overlapping spans; the characters around each value
   do not extend it (e.g. no digit glued to a number, no `.` glued after a JWT);
2. per-detector validity: Luhn + IIN + length; IBAN length/shape/mod-97; SSN ranges; IPv4 ranges and no leading
   zeros; IPv6 parses (`ipaddress`) and is outside the excluded ranges; key regexes; JWT header/payload decode as JSON
   and signature length; PEM base64 + DER/OpenSSH structure; names from the pool; streets from the pool with a number;
3. no well-known sample values (test PANs such as 4111…, AKIAIOSFODNN7EXAMPLE, 078-05-1120, the jwt.io token,
   textbook IBANs) and no forbidden IPv4 (documentation, loopback, 0/8, multicast/reserved, …) anywhere in a text;
4. with labelled values masked out, a conservative scanner finds nothing: emails (plain and obfuscated incl. `[.]`,
   `＠`, U+200B), Luhn-valid runs of 13–19 digits (any contiguous groups), valid IBANs (70+ country lengths), dotted
   quads incl. defanged, any parseable IPv6 token, OpenAI/Anthropic/AWS/GitHub key shapes, `T3BlbkFJ`, JWTs with a
   JOSE header, PEM private-key markers, qualifying Bearer tokens, `+`/`00` phone shapes (≥ 7 digits), dashed SSNs
   anywhere and any valid SSN shape when SSN wording is present, any pool given name next to any pool family name in
   either order, any case (plus CJK concatenations), any pool street within 8 characters of a digit. The same scan
   runs over every hard negative. No duplicate texts. The scanner self-test (positives that must hit, negatives that
   must not) runs first.
Rejected draws in this build: {rej}.

## Values per detector
{table(det_rows, ['detector', 'labelled values (all samples)', 'single-value samples'])}

## Values per detector and form
{table(form_rows, ['detector', 'form', 'values'])}

## Multi-value layouts (none of the layouts listed in the brief as used before)
{table(lay_rows, ['layout', 'samples', 'context', 'languages'])}

## Hard-negative kinds
{table([(k, neg_c.get(k, 0)) for k in NEG_KINDS], ['kind', 'samples'])}

## Languages ({len(lang_c)})
{table([(k, lang_c[k]) for k in sorted(lang_c)], ['lang', 'samples'])}

## Contexts
Single-value samples and negatives are wrapped in one of: Discord message, Teams message, Google Docs comment,
voicemail transcription, call-centre note, agent scratchpad (ReAct), Notion checklist, PagerDuty note, Airflow log
line, LLM prompt (“summarize/translate/extract …”), forum reply, push notification, Confluence wiki markup, kanban
card, or a bare note. Punctuation glued to values varies: quotes (`"`, `'`, `«»`, `“”`, `「」`), brackets,
parentheses, `<>`, Markdown `**`/`*`/backticks, CJK `：` and `（）`, trailing `.`/`,`/`।`/`۔`, values at line start after
indentation, at text start and at text end.
{table([(k, ctx_c[k]) for k in sorted(ctx_c)], ['context', 'samples'])}

## Pools
- person names: {len(NAME_POOL)} given+family combinations from {n_langs_pool} languages ({len(ALL_GIVEN)} given and
  {len(ALL_FAMILY)} family names; native scripts for el, ru, uk, bg, sr, ar, he, fa, hi, ja, ko, zh, th, ka);
- streets: {len(STREETS)} invented street names from {n_cc} countries, none named after a person;
- domains: {len(DOMAINS)} invented domains.
"""
    with open('README.md', 'w', encoding='utf-8') as fh:
        fh.write(md)

if __name__ == '__main__':
    main()
