"""Value generators for the third held-out corpus (standard library only).

Every generator takes a random.Random and returns (value, shape). Values follow published
formats (numbering plans, ISO 13616 IBAN lengths, Luhn, JOSE/JWT, provider key shapes); they are
random, never copied personal data.
"""

import base64
import json
import string

B62 = string.ascii_letters + string.digits
B64URL = B62 + "-_"
HEX = "0123456789abcdef"
B32 = string.ascii_uppercase + "234567"
NBSP = "\u00a0"


def rs(rng, alphabet, n):
    return "".join(rng.choice(alphabet) for _ in range(n))


def digits(rng, n, first_nonzero=False):
    s = rs(rng, string.digits, n)
    if first_nonzero and s[0] == "0":
        s = rng.choice("123456789") + s[1:]
    return s


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def rbytes(rng, n):
    return bytes(rng.randrange(256) for _ in range(n))


# ---------------------------------------------------------------- credit cards (Luhn)

def luhn_digit(body):
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def luhn_ok(num):
    return luhn_digit(num[:-1]) == num[-1]


# brand -> (prefix chooser, lengths, grouping per length)
def _mc_prefix(rng):
    if rng.random() < 0.7:
        return str(rng.randint(51, 55))
    return str(rng.randint(2221, 2720))


CARD_BRANDS = {
    "visa": (lambda r: "4", [16, 16, 16, 13, 19]),
    "mastercard": (_mc_prefix, [16]),
    "amex": (lambda r: r.choice(["34", "37"]), [15]),
    "discover": (lambda r: r.choice(["6011", "65", str(r.randint(644, 649))]), [16]),
    "jcb": (lambda r: str(r.randint(3528, 3589)), [16]),
    "diners": (lambda r: r.choice(["36", "38", "30" + str(r.randint(0, 5))]), [14]),
    "unionpay": (lambda r: "62" + str(r.randint(2126, 2925))[:2], [16, 19]),
    "maestro": (lambda r: r.choice(["5018", "5020", "5038", "6304", "6759", "6761", "6762", "6763"]), [16, 19, 13]),
}


def card_number(rng, brand):
    pre, lengths = CARD_BRANDS[brand]
    prefix = pre(rng)
    n = rng.choice(lengths)
    body = prefix + digits(rng, n - len(prefix) - 1)
    return body + luhn_digit(body)


def group_card(num, sep):
    n = len(num)
    if n == 13:
        parts = [num[:4], num[4:8], num[8:]]
    elif n == 15:
        parts = [num[:4], num[4:10], num[10:]]
    elif n == 14:
        parts = [num[:4], num[4:10], num[10:]]
    elif n == 19 and sep != " ":
        parts = [num[:4], num[4:8], num[8:12], num[12:16], num[16:]]
    else:
        parts = [num[i:i + 4] for i in range(0, n, 4)]
    return sep.join(parts)


def credit_card(rng, brand=None, style=None):
    brand = brand or rng.choice(list(CARD_BRANDS))
    num = card_number(rng, brand)
    style = style or rng.choices(["spaced", "dashed", "compact", "nbsp", "dotted"], [50, 20, 20, 5, 5])[0]
    sep = {"spaced": " ", "dashed": "-", "compact": "", "nbsp": NBSP, "dotted": "."}[style]
    return group_card(num, sep), f"{brand}_{style}"


# ---------------------------------------------------------------- IBAN (ISO 13616, mod-97)

def _n(k):
    return ("n", k)


def _a(k):
    return ("a", k)


def _c(k):
    return ("c", k)


# country -> BBAN structure (total IBAN length = 4 + sum)
IBAN_BBAN = {
    "DE": [_n(8), _n(10)],                         # 22
    "AT": [_n(5), _n(11)],                         # 20
    "CH": [_n(5), _c(12)],                         # 21
    "FR": [_n(5), _n(5), _n(11), _n(2)],           # 27
    "BE": [_n(3), _n(7), _n(2)],                   # 16
    "LU": [_n(3), _c(13)],                         # 20
    "ES": [_n(4), _n(4), _n(2), _n(10)],           # 24
    "IT": [_a(1), _n(5), _n(5), _c(12)],           # 27
    "PT": [_n(4), _n(4), _n(11), _n(2)],           # 25
    "NL": [_a(4), _n(10)],                         # 18
    "GB": [_a(4), _n(6), _n(8)],                   # 22
    "IE": [_a(4), _n(6), _n(8)],                   # 22
    "PL": [_n(8), _n(16)],                         # 28
    "SE": [_n(3), _n(16), _n(1)],                  # 24
    "TR": [_n(5), _n(1), _c(16)],                  # 26
    "DK": [_n(4), _n(9), _n(1)],                   # 18
    "FI": [_n(3), _n(11)],                         # 18
    "NO": [_n(4), _n(6), _n(1)],                   # 15
}
IBAN_LEN = {"DE": 22, "AT": 20, "CH": 21, "FR": 27, "BE": 16, "LU": 20, "ES": 24, "IT": 27,
            "PT": 25, "NL": 18, "GB": 22, "IE": 22, "PL": 28, "SE": 24, "TR": 26, "DK": 18,
            "FI": 18, "NO": 15}
NL_BANKS = ["ABNA", "INGB", "RABO", "SNSB", "TRIO", "KNAB", "BUNQ", "ASNB"]
GB_BANKS = ["NWBK", "BARC", "LOYD", "HBUK", "MIDL", "NAIA", "SRLG"]
IE_BANKS = ["AIBK", "BOFI", "IPBS"]


def iban_check(country, bban):
    s = bban + country + "00"
    num = "".join(str(int(ch, 36)) for ch in s)
    return "%02d" % (98 - int(num) % 97)


def iban_valid(iban):
    s = iban.replace(" ", "")
    s = s[4:] + s[:4]
    return int("".join(str(int(ch, 36)) for ch in s)) % 97 == 1


def iban_bban(rng, country):
    out = ""
    for kind, k in IBAN_BBAN[country]:
        if kind == "n":
            out += digits(rng, k)
        elif kind == "a":
            if country == "NL":
                out += rng.choice(NL_BANKS)
            elif country == "GB":
                out += rng.choice(GB_BANKS)
            elif country == "IE":
                out += rng.choice(IE_BANKS)
            else:
                out += rs(rng, string.ascii_uppercase, k)
        else:
            # alphanumeric fields are digits in most real accounts
            out += digits(rng, k) if rng.random() < 0.8 else rs(rng, string.ascii_uppercase + string.digits, k)
    if country == "BE":
        first = int(out[:10])
        chk = first % 97 or 97
        out = out[:10] + "%02d" % chk
    if country == "TR":
        out = out[:5] + "0" + out[6:]
    return out


def iban(rng, country, style=None):
    bban = iban_bban(rng, country)
    value = country + iban_check(country, bban) + bban
    assert len(value) == IBAN_LEN[country] and iban_valid(value), value
    style = style or rng.choices(["grouped", "compact"], [65, 35])[0]
    if style == "grouped":
        value = " ".join(value[i:i + 4] for i in range(0, len(value), 4))
    return value, f"{country.lower()}_{style}"


# ---------------------------------------------------------------- US SSN

def ssn(rng, style=None):
    while True:
        area = rng.randint(1, 899)
        if area == 666:
            continue
        group = rng.randint(1, 99)
        serial = rng.randint(1, 9999)
        s = "%03d-%02d-%04d" % (area, group, serial)
        if s in ("078-05-1120", "219-09-9999", "123-45-6789"):
            continue
        break
    style = style or rng.choices(["dashed", "spaced"], [80, 20])[0]
    if style == "spaced":
        s = s.replace("-", " ")
    return s, style


# ---------------------------------------------------------------- IP addresses

def ipv4(rng, kind=None):
    kind = kind or rng.choices(["public", "private"], [65, 35])[0]
    if kind == "private":
        c = rng.random()
        if c < 0.4:
            return "10.%d.%d.%d" % (rng.randint(0, 255), rng.randint(0, 255), rng.randint(1, 254)), kind
        if c < 0.75:
            return "192.168.%d.%d" % (rng.randint(0, 255), rng.randint(1, 254)), kind
        return "172.%d.%d.%d" % (rng.randint(16, 31), rng.randint(0, 255), rng.randint(1, 254)), kind
    while True:
        a = rng.randint(1, 223)
        if a in (10, 127, 100, 169, 172, 192, 198, 203):
            continue
        return "%d.%d.%d.%d" % (a, rng.randint(0, 255), rng.randint(0, 255), rng.randint(1, 254)), kind


def ipv6(rng, kind=None):
    kind = kind or rng.choice(["full", "compressed", "compressed", "linklocal", "upper", "doc"])
    if kind == "doc":
        g = ["2001", "db8"] + ["%x" % rng.randint(0, 0xffff) for _ in range(2)]
        return ":".join(g) + "::" + "%x" % rng.randint(1, 0xffff), "compressed"
    if kind == "linklocal":
        return "fe80::" + ":".join("%x" % rng.randint(1, 0xffff) for _ in range(4)), kind
    prefix = rng.choice(["2a02", "2a01", "2001", "2600", "2607", "2804", "2a00", "2c0f", "2403"])
    groups = [prefix] + ["%x" % rng.randint(0, 0xffff) for _ in range(7)]
    if kind == "full":
        return ":".join("%04x" % int(g, 16) for g in groups), kind
    if kind == "upper":
        groups[3:6] = ["0", "0", "0"]
        return (":".join(groups[:3]) + "::" + ":".join(groups[6:])).upper(), kind
    # compressed: a run of zero groups in the middle
    start = rng.randint(2, 4)
    end = rng.randint(start + 1, 7)
    return ":".join(groups[:start]) + "::" + ":".join(groups[end:]), kind


# ---------------------------------------------------------------- provider keys and tokens

def openai_key(rng, kind=None):
    kind = kind or rng.choice(["legacy", "proj", "proj", "svcacct", "admin"])
    if kind == "legacy":
        return "sk-" + rs(rng, B62, 20) + "T3BlbkFJ" + rs(rng, B62, 20), kind
    prefix = {"proj": "sk-proj-", "svcacct": "sk-svcacct-", "admin": "sk-admin-"}[kind]
    return prefix + rs(rng, B64URL, rng.choice([48, 64, 74])) + "T3BlbkFJ" + rs(rng, B64URL, rng.choice([48, 74])), kind


def anthropic_key(rng, kind=None):
    kind = kind or rng.choices(["api03", "admin01"], [80, 20])[0]
    return "sk-ant-%s-" % kind + rs(rng, B64URL, 93) + "AA", kind


def aws_access_key(rng, kind=None):
    kind = kind or rng.choices(["AKIA", "ASIA", "ABIA", "ACCA"], [70, 22, 4, 4])[0]
    return kind + rs(rng, B32, 16), kind.lower()


def github_token(rng, kind=None):
    kind = kind or rng.choice(["ghp", "ghp", "gho", "ghu", "ghs", "ghr", "pat"])
    if kind == "pat":
        return "github_pat_" + rs(rng, B62, 22) + "_" + rs(rng, B62, 59), "fine_grained"
    return kind + "_" + rs(rng, B62, 36), kind


def bearer_token(rng, kind=None):
    kind = kind or rng.choice(["opaque", "opaque", "google", "slack", "hex", "dotted"])
    if kind == "opaque":
        return rs(rng, B62, rng.choice([32, 40, 48])), kind
    if kind == "google":
        return "ya29.a0" + rs(rng, B64URL, 150), kind
    if kind == "slack":
        return "xoxb-%s-%s-%s" % (digits(rng, 12, True), digits(rng, 13, True), rs(rng, B62, 24)), kind
    if kind == "hex":
        t = rs(rng, HEX, 64)
        return t, kind
    return "%s.%s" % (rs(rng, B62, 24), rs(rng, B64URL, 40)), kind


def _jwt_payload(rng):
    iat = rng.randint(1_700_000_000, 1_790_000_000)
    p = {"sub": rs(rng, string.digits, rng.choice([8, 10, 18])), "iat": iat,
         "exp": iat + rng.choice([300, 900, 3600, 86400])}
    if rng.random() < 0.6:
        p["iss"] = rng.choice(["https://auth.acme-cloud.io/", "https://login.shopnow.example/",
                               "https://sso.kundenportal.example.de/realms/main", "api-gateway"])
    if rng.random() < 0.5:
        p["aud"] = rng.choice(["web", "mobile-app", "billing-api", "https://api.example.net"])
    if rng.random() < 0.4:
        p["scope"] = rng.choice(["read write", "openid profile", "orders:read", "admin"])
    if rng.random() < 0.3:
        p["jti"] = rs(rng, HEX, 32)
    return p


def _seg(obj):
    return b64url(json.dumps(obj, separators=(",", ":")).encode())


def jwt(rng, kind=None):
    kind = kind or rng.choices(["jws_hs256", "jws_rs256", "jws_es256", "jwe", "alg_none", "opaque_payload"],
                               [40, 20, 12, 12, 8, 8])[0]
    if kind == "jwe":
        if rng.random() < 0.5:
            h = {"alg": "dir", "enc": "A256GCM"}
            ek = ""
        else:
            h = {"alg": "RSA-OAEP-256", "enc": "A256GCM", "kid": rs(rng, B62, 8)}
            ek = b64url(rbytes(rng, 256))
        return ".".join([_seg(h), ek, b64url(rbytes(rng, 12)), b64url(rbytes(rng, rng.randint(60, 180))),
                         b64url(rbytes(rng, 16))]), kind
    if kind == "alg_none":
        return _seg({"alg": "none", "typ": "JWT"}) + "." + _seg(_jwt_payload(rng)) + ".", kind
    alg = {"jws_hs256": "HS256", "jws_rs256": "RS256", "jws_es256": "ES256", "opaque_payload": "HS256"}[kind]
    h = {"alg": alg, "typ": "JWT"}
    if alg != "HS256" and rng.random() < 0.7:
        h = {"alg": alg, "kid": rs(rng, B64URL, 16), "typ": "JWT"}
    if kind == "opaque_payload":
        payload = b64url(rbytes(rng, rng.randint(20, 60)))
    else:
        payload = _seg(_jwt_payload(rng))
    siglen = {"HS256": 32, "RS256": 256, "ES256": 64}[alg]
    return _seg(h) + "." + payload + "." + b64url(rbytes(rng, siglen)), kind


def private_key(rng, kind=None, escaped=False):
    kind = kind or rng.choice(["pkcs8", "rsa", "ec", "openssh"])
    label, head, width = {
        "pkcs8": ("PRIVATE KEY", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", 64),
        "rsa": ("RSA PRIVATE KEY", "MIIEpAIBAAKCAQEA", 64),
        "ec": ("EC PRIVATE KEY", "MHcCAQEEI", 64),
        "openssh": ("OPENSSH PRIVATE KEY", "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ", 70),
    }[kind]
    nbytes = {"pkcs8": 300, "rsa": 300, "ec": 80, "openssh": 250}[kind]
    body = head + base64.b64encode(rbytes(rng, nbytes)).decode()
    lines = [body[i:i + width] for i in range(0, len(body), width)]
    nl = "\\n" if escaped else "\n"
    return nl.join([f"-----BEGIN {label}-----"] + lines + [f"-----END {label}-----"]), kind + ("_escaped" if escaped else "")
