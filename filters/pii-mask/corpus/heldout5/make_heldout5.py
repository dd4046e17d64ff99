#!/usr/bin/env python3
"""Generator for the fifth blind held-out corpus of the pii-mask filter.

Standard library only, fixed seed, no input files.  Writes heldout5.jsonl next
to this script and prints the sample count and the SHA-256 of the file.

Written blind: the author did not read the detector, its README, its tuning
corpora or the other held-out corpora.  Do not edit this corpus (or its
generator) to make a detector pass: fix the detector.
"""
import base64
import hashlib
import ipaddress
import json
import os
import random
import re
import sys

SEED = 0x5EED_4E1D_0005
rng = random.Random(SEED)

# ---------------------------------------------------------------------------
# small helpers
# ---------------------------------------------------------------------------
UP = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
LO = "abcdefghijklmnopqrstuvwxyz"
DG = "0123456789"
ALNUM = UP + LO + DG
B64 = UP + LO + DG + "+/"
B64URL = UP + LO + DG + "-_"
HEX = "0123456789abcdef"
ZW = "\u200b"
NBSP = "\u00a0"
THIN = "\u2009"
NNBSP = "\u202f"


def rs(alphabet, n):
    return "".join(rng.choice(alphabet) for _ in range(n))


def pick(seq):
    return seq[rng.randrange(len(seq))]


def wpick(pairs):
    """pairs: list of (item, weight)"""
    tot = sum(w for _, w in pairs)
    x = rng.random() * tot
    for it, w in pairs:
        x -= w
        if x < 0:
            return it
    return pairs[-1][0]


def fullwidth_digits(s):
    return "".join(chr(ord(c) - 48 + 0xFF10) if c in DG else c for s_ in [s] for c in s_)


FW_TABLE = {0xFF10 + i: 48 + i for i in range(10)}
FW_TABLE[0xFF20] = ord("@")
FW_TABLE[0xFF0B] = ord("+")
FW_TABLE[0xFF0E] = ord(".")
FW_TABLE[0xFF0D] = ord("-")


def norm(s):
    """Same-length normalisation: full-width digits / @ / + / . to ASCII."""
    return s.translate(FW_TABLE)


def luhn_sum_ok(digits):
    tot = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        tot += d
    return tot % 10 == 0


def luhn_complete(partial):
    for c in DG:
        if luhn_sum_ok(partial + c):
            return partial + c
    raise AssertionError


def digits_only(s):
    return "".join(c for c in norm(s) if c in DG)


def group(s, sizes, sep):
    out, i = [], 0
    for k in sizes:
        out.append(s[i:i + k])
        i += k
    if i < len(s):
        out.append(s[i:])
    return sep.join(x for x in out if x)


# ---------------------------------------------------------------------------
# languages
# ---------------------------------------------------------------------------
LANG_W = [("en", 24), ("de", 9), ("fr", 7), ("es", 7), ("cs", 6), ("ro", 5), ("hu", 5),
          ("fi", 5), ("el", 5), ("id", 5), ("vi", 5), ("ko", 5), ("he", 5), ("pl", 3), ("it", 4)]
LANGS = [l for l, _ in LANG_W]

POS_NOUN_KEYS = ["email", "phone", "card", "ssn", "iban", "ip", "ip6", "key", "token", "pkey", "name", "street"]
POS_NOUNS = {
    "en": ["email address", "phone number", "card number", "Social Security number", "IBAN", "IP address", "IPv6 address", "API key", "access token", "private key", "full name", "street address"],
    "de": ["E-Mail-Adresse", "Telefonnummer", "Kartennummer", "US-Sozialversicherungsnummer (SSN)", "IBAN", "IP-Adresse", "IPv6-Adresse", "API-Schlüssel", "Zugriffstoken", "privater Schlüssel", "Name", "Straße und Hausnummer"],
    "fr": ["adresse e-mail", "numéro de téléphone", "numéro de carte", "numéro de sécurité sociale américain (SSN)", "IBAN", "adresse IP", "adresse IPv6", "clé API", "jeton d'accès", "clé privée", "nom complet", "rue et numéro"],
    "es": ["correo electrónico", "número de teléfono", "número de tarjeta", "número de Seguro Social (SSN)", "IBAN", "dirección IP", "dirección IPv6", "clave API", "token de acceso", "clave privada", "nombre completo", "calle y número"],
    "cs": ["e-mail", "telefon", "číslo karty", "americké číslo sociálního zabezpečení (SSN)", "IBAN", "IP adresa", "IPv6 adresa", "API klíč", "přístupový token", "soukromý klíč", "jméno", "ulice a číslo popisné"],
    "ro": ["adresa de e-mail", "număr de telefon", "numărul cardului", "număr de asigurare socială SUA (SSN)", "IBAN", "adresa IP", "adresa IPv6", "cheie API", "token de acces", "cheie privată", "nume complet", "strada și numărul"],
    "hu": ["e-mail-cím", "telefonszám", "kártyaszám", "amerikai társadalombiztosítási szám (SSN)", "IBAN", "IP-cím", "IPv6-cím", "API-kulcs", "hozzáférési token", "privát kulcs", "név", "utca és házszám"],
    "fi": ["sähköposti", "puhelinnumero", "kortin numero", "yhdysvaltalainen sosiaaliturvatunnus (SSN)", "IBAN", "IP-osoite", "IPv6-osoite", "API-avain", "käyttöoikeustunnus", "yksityinen avain", "nimi", "katuosoite"],
    "el": ["email", "τηλέφωνο", "αριθμός κάρτας", "αριθμός κοινωνικής ασφάλισης ΗΠΑ (SSN)", "IBAN", "διεύθυνση IP", "διεύθυνση IPv6", "κλειδί API", "διακριτικό πρόσβασης", "ιδιωτικό κλειδί", "ονοματεπώνυμο", "οδός και αριθμός"],
    "id": ["alamat email", "nomor telepon", "nomor kartu", "nomor jaminan sosial AS (SSN)", "IBAN", "alamat IP", "alamat IPv6", "kunci API", "token akses", "kunci privat", "nama lengkap", "alamat jalan"],
    "vi": ["địa chỉ email", "số điện thoại", "số thẻ", "số an sinh xã hội Mỹ (SSN)", "IBAN", "địa chỉ IP", "địa chỉ IPv6", "khóa API", "mã truy cập", "khóa riêng", "họ tên", "số nhà và tên đường"],
    "ko": ["이메일", "전화번호", "카드 번호", "미국 사회보장번호(SSN)", "IBAN", "IP 주소", "IPv6 주소", "API 키", "액세스 토큰", "개인 키", "이름", "도로명 주소"],
    "he": ["כתובת מייל", "מספר טלפון", "מספר כרטיס", "מספר ביטוח לאומי אמריקאי (SSN)", "IBAN", "כתובת IP", "כתובת IPv6", "מפתח API", "אסימון גישה", "מפתח פרטי", "שם מלא", "כתובת רחוב"],
    "pl": ["adres e-mail", "numer telefonu", "numer karty", "amerykański numer SSN", "IBAN", "adres IP", "adres IPv6", "klucz API", "token dostępu", "klucz prywatny", "imię i nazwisko", "ulica i numer"],
    "it": ["indirizzo email", "numero di telefono", "numero della carta", "numero di previdenza sociale USA (SSN)", "IBAN", "indirizzo IP", "indirizzo IPv6", "chiave API", "token di accesso", "chiave privata", "nome e cognome", "via e numero civico"],
}

POS_FRAMES = {
    "en": ["Hi, please update my details. {N}: {v}. Thanks!", "Sending the corrected value ({n}): {v}", "{N} — {v} (confirmed yesterday)",
           "Can you double-check this one? {N}: {v}", "Changed again, sorry! New {n}: {v}", "As discussed on the call, {n} = {v}.",
           "for the onboarding sheet -> {n}: {v} (please don't share outside the team)"],
    "de": ["Hallo, bitte meine Daten aktualisieren. {N}: {v}. Danke!", "Hier der korrigierte Wert ({n}): {v}", "{N} – {v} (gestern bestätigt)",
           "Könnt ihr das bitte prüfen? {N}: {v}", "Sorry, schon wieder geändert. Neu ({n}): {v}", "Wie telefonisch besprochen: {n} = {v}."],
    "fr": ["Bonjour, merci de mettre à jour mes informations. {N} : {v}. Merci !", "Voici la valeur corrigée ({n}) : {v}", "{N} – {v} (confirmé hier)",
           "Pouvez-vous vérifier ceci ? {N} : {v}", "Désolé, encore un changement. Nouveau ({n}) : {v}", "Comme convenu au téléphone : {n} = {v}."],
    "es": ["Hola, por favor actualicen mis datos. {N}: {v}. ¡Gracias!", "Les envío el dato corregido ({n}): {v}", "{N} – {v} (confirmado ayer)",
           "¿Pueden revisar esto? {N}: {v}", "Perdón, cambió otra vez. Nuevo dato ({n}): {v}", "Como hablamos por teléfono: {n} = {v}."],
    "cs": ["Dobrý den, prosím o aktualizaci údajů. {N}: {v}. Děkuji.", "Posílám opravený údaj ({n}): {v}", "{N} – {v} (ověřeno včera)",
           "Můžete to prosím zkontrolovat? {N}: {v}", "Omlouvám se, zase se to změnilo. Nově ({n}): {v}", "Jak jsme se domluvili po telefonu: {n} = {v}."],
    "ro": ["Bună ziua, vă rog să actualizați datele mele. {N}: {v}. Mulțumesc!", "Vă trimit valoarea corectată ({n}): {v}", "{N} – {v} (confirmat ieri)",
           "Puteți verifica, vă rog? {N}: {v}", "Scuze, s-a schimbat din nou. Nou ({n}): {v}", "Cum am stabilit la telefon: {n} = {v}."],
    "hu": ["Jó napot! Kérem, frissítsék az adataimat. {N}: {v}. Köszönöm!", "Küldöm a javított adatot ({n}): {v}", "{N} – {v} (tegnap megerősítve)",
           "Meg tudnák nézni? {N}: {v}", "Bocsánat, megint változott. Új adat ({n}): {v}", "Ahogy telefonon megbeszéltük: {n} = {v}."],
    "fi": ["Hei, päivittäkää tietoni. {N}: {v}. Kiitos!", "Tässä korjattu tieto ({n}): {v}", "{N} – {v} (vahvistettu eilen)",
           "Voisitteko tarkistaa tämän? {N}: {v}", "Anteeksi, muuttui taas. Uusi tieto ({n}): {v}", "Kuten puhelimessa sovittiin: {n} = {v}."],
    "el": ["Καλημέρα, παρακαλώ ενημερώστε τα στοιχεία μου. {N}: {v}. Ευχαριστώ!", "Στέλνω το διορθωμένο στοιχείο ({n}): {v}", "{N} – {v} (επιβεβαιώθηκε χθες)",
           "Μπορείτε να το ελέγξετε; {N}: {v}", "Συγγνώμη, άλλαξε ξανά. Νέο στοιχείο ({n}): {v}", "Όπως συμφωνήσαμε στο τηλέφωνο: {n} = {v}."],
    "id": ["Halo, tolong perbarui data saya. {N}: {v}. Terima kasih!", "Berikut data yang sudah dikoreksi ({n}): {v}", "{N} – {v} (dikonfirmasi kemarin)",
           "Bisa tolong dicek? {N}: {v}", "Maaf, berubah lagi. Data baru ({n}): {v}", "Sesuai obrolan di telepon: {n} = {v}."],
    "vi": ["Chào bạn, vui lòng cập nhật thông tin của tôi. {N}: {v}. Cảm ơn!", "Gửi bạn thông tin đã sửa ({n}): {v}", "{N} – {v} (đã xác nhận hôm qua)",
           "Bạn kiểm tra giúp mình nhé? {N}: {v}", "Xin lỗi, lại thay đổi rồi. Thông tin mới ({n}): {v}", "Như đã trao đổi qua điện thoại: {n} = {v}."],
    "ko": ["안녕하세요, 제 정보를 업데이트해 주세요. {N}: {v}. 감사합니다!", "수정된 정보를 보내드립니다 ({n}): {v}", "{N} – {v} (어제 확인됨)",
           "이것 좀 확인해 주시겠어요? {N}: {v}", "죄송해요, 또 바뀌었어요. 새 정보 ({n}): {v}", "전화로 말씀드린 대로: {n} = {v}."],
    "he": ["שלום, אבקש לעדכן את הפרטים שלי. {N}: {v}. תודה!", "שולח את הפרט המתוקן ({n}): {v}", "{N} – {v} (אושר אתמול)",
           "תוכלו לבדוק את זה? {N}: {v}", "סליחה, זה השתנה שוב. פרט חדש ({n}): {v}", "כפי שסיכמנו בטלפון: {n} = {v}."],
    "pl": ["Dzień dobry, proszę o aktualizację moich danych. {N}: {v}. Dziękuję!", "Przesyłam poprawioną wartość ({n}): {v}", "{N} – {v} (potwierdzone wczoraj)",
           "Czy możecie to sprawdzić? {N}: {v}", "Przepraszam, znowu się zmieniło. Nowa wartość ({n}): {v}", "Tak jak ustaliliśmy telefonicznie: {n} = {v}."],
    "it": ["Buongiorno, vi chiedo di aggiornare i miei dati. {N}: {v}. Grazie!", "Vi invio il dato corretto ({n}): {v}", "{N} – {v} (confermato ieri)",
           "Potete controllare questo? {N}: {v}", "Scusate, è cambiato di nuovo. Nuovo dato ({n}): {v}", "Come concordato al telefono: {n} = {v}."],
}

# detector-specific free frames (no noun) for a few languages
SPECIAL_FRAMES = {
    ("en", "email"): ["Reply to {v} instead, the old inbox is dead.", "cc {v} on the next invoice please", "Drop me a line at {v} if the parcel is late."],
    ("en", "phone"): ["Call me back on {v} after 6pm.", "If nobody answers, text {v} — that's the site manager's mobile.", "Reach the night desk on {v}."],
    ("en", "credit_card"): ["The charge on {v} went through twice, can you refund one?", "Please bill the deposit to {v} exp 09/28."],
    ("en", "iban"): ["Refund goes to {v}, not the old account.", "Wire the deposit to {v} by Friday."],
    ("en", "ssn"): ["Payroll still has my SSN wrong: it should be {v}.", "W-2 correction — employee SSN {v}."],
    ("en", "person_name"): ["Please ask for {v} at the front desk.", "The package was signed for by {v}.", "Our new contact on the vendor side is {v}."],
    ("en", "street_address"): ["We moved! New office is at {v}, 2nd floor.", "Leave it with the neighbour at {v} if I'm out."],
    ("de", "email"): ["Antwort bitte an {v}, das alte Postfach ist tot.", "Schreib mir einfach an {v}, falls das Paket nicht kommt."],
    ("de", "phone"): ["Ruf mich bitte ab 18 Uhr unter {v} zurück.", "Die Hotline erreichen Sie unter {v}."],
    ("de", "person_name"): ["Bitte am Empfang nach {v} fragen.", "Das Paket hat {v} angenommen."],
    ("de", "street_address"): ["Wir sind umgezogen: neue Anschrift {v}, 3. OG.", "Bitte beim Nachbarn in der {v} abgeben."],
    ("fr", "phone"): ["Rappelez-moi au {v} après 18 h.", "Le standard est joignable au {v}."],
    ("fr", "email"): ["Répondez plutôt à {v}, l'ancienne boîte ne marche plus."],
    ("es", "phone"): ["Llámame al {v} después de las seis.", "Si no contesto, manda un mensaje al {v}."],
    ("es", "email"): ["Mejor escríbeme a {v}, el correo viejo ya no funciona."],
    ("cs", "phone"): ["Zavolejte mi prosím po 18. hodině na {v}.", "Kdyby to nikdo nebral, pište na {v}."],
    ("fi", "phone"): ["Soita minulle kuuden jälkeen numeroon {v}."],
    ("id", "phone"): ["Kalau tidak diangkat, WA saja ke {v} ya."],
    ("vi", "phone"): ["Anh gọi lại cho em theo số {v} sau 6 giờ chiều nhé."],
    ("ko", "phone"): ["오후 6시 이후에 {v}로 연락 주세요."],
}

DEV_FRAMES = {
    "en": ["oops, I just pasted the {n} into the channel: {v} — rotating it now", "CI fails with this {n}, can someone look? {v}", "found a hard-coded {n} in the repo: {v}"],
    "de": ["Mist, ich habe gerade den Wert gepostet ({n}): {v} – wird sofort rotiert", "Im Repo gefunden, hart kodiert ({n}): {v}"],
    "fr": ["Oups, j'ai collé ça dans le canal ({n}) : {v} — je le révoque tout de suite", "Trouvé en dur dans le dépôt ({n}) : {v}"],
    "es": ["Ups, acabo de pegar esto en el canal ({n}): {v}. Lo revoco ya.", "Encontrado en el repo, escrito a mano ({n}): {v}"],
    "cs": ["Pozor, omylem jsem sem vložil tohle ({n}): {v}. Už se to řeší.", "V repozitáři je natvrdo tohle ({n}): {v}"],
    "ro": ["Hopa, am lipit asta în canal ({n}): {v} — o revoc acum", "Găsit scris direct în cod ({n}): {v}"],
    "hu": ["Hoppá, ezt véletlenül bemásoltam ({n}): {v} – már cseréljük", "A repóban beégetve találtam ({n}): {v}"],
    "fi": ["Hups, liitin tämän kanavalle ({n}): {v} – vaihdetaan heti", "Repossa kovakoodattuna ({n}): {v}"],
    "el": ["Ουπς, το επικόλλησα κατά λάθος ({n}): {v} — το ανακαλώ τώρα", "Βρέθηκε μέσα στον κώδικα ({n}): {v}"],
    "id": ["Waduh, barusan ketempel di channel ({n}): {v} — langsung saya ganti", "Ketemu di repo, ditulis langsung ({n}): {v}"],
    "vi": ["Chết, mình lỡ dán cái này vào kênh ({n}): {v} — đang thu hồi", "Tìm thấy trong repo, viết cứng ({n}): {v}"],
    "ko": ["앗, 실수로 채널에 붙여넣었어요 ({n}): {v} — 바로 교체할게요", "저장소에 하드코딩되어 있네요 ({n}): {v}"],
    "he": ["אופס, הדבקתי את זה בערוץ ({n}): {v} — מחליף מיד", "נמצא בקוד, כתוב ישירות ({n}): {v}"],
    "pl": ["Ups, wkleiłem to na kanał ({n}): {v} — już unieważniam", "Znalezione w repo na sztywno ({n}): {v}"],
    "it": ["Ops, l'ho incollato nel canale ({n}): {v} — lo revoco subito", "Trovato scritto nel codice ({n}): {v}"],
}

NEG_NOUN_KEYS = ["order", "tracking", "invoice", "version", "date", "time", "price", "reqid", "checksum", "commit", "mac",
                 "product", "isbn", "coords", "customer", "timestamp", "routing", "imei", "serial", "oid", "ticket",
                 "account", "ref", "zip", "result", "build"]
NEG_NOUNS = {
    "en": ["order number", "tracking number", "invoice number", "version", "date", "time", "price", "request ID", "checksum", "commit", "MAC address", "product code", "ISBN", "coordinates", "customer number", "timestamp", "routing number", "IMEI", "serial number", "OID", "ticket", "account number", "reference", "ZIP code", "result", "build"],
    "de": ["Bestellnummer", "Sendungsnummer", "Rechnungsnummer", "Version", "Datum", "Uhrzeit", "Preis", "Request-ID", "Prüfsumme", "Commit", "MAC-Adresse", "Artikelnummer", "ISBN", "Koordinaten", "Kundennummer", "Zeitstempel", "US-Routing-Nummer", "IMEI", "Seriennummer", "OID", "Ticket", "Kontonummer", "Referenz", "Postleitzahl", "Ergebnis", "Build"],
    "fr": ["numéro de commande", "numéro de suivi", "numéro de facture", "version", "date", "heure", "prix", "identifiant de requête", "somme de contrôle", "commit", "adresse MAC", "référence produit", "ISBN", "coordonnées GPS", "numéro client", "horodatage", "numéro de routage", "IMEI", "numéro de série", "OID", "ticket", "numéro de compte", "référence", "code postal", "résultat", "build"],
    "es": ["número de pedido", "número de seguimiento", "número de factura", "versión", "fecha", "hora", "precio", "ID de solicitud", "suma de verificación", "commit", "dirección MAC", "código de producto", "ISBN", "coordenadas", "número de cliente", "marca de tiempo", "número de ruta bancaria", "IMEI", "número de serie", "OID", "ticket", "número de cuenta", "referencia", "código postal", "resultado", "compilación"],
    "cs": ["číslo objednávky", "číslo zásilky", "číslo faktury", "verze", "datum", "čas", "cena", "ID požadavku", "kontrolní součet", "commit", "MAC adresa", "kód produktu", "ISBN", "souřadnice", "zákaznické číslo", "časové razítko", "směrovací číslo banky (US)", "IMEI", "sériové číslo", "OID", "tiket", "číslo účtu", "reference", "PSČ", "výsledek", "build"],
    "ro": ["număr comandă", "număr AWB", "număr factură", "versiune", "dată", "oră", "preț", "ID cerere", "sumă de control", "commit", "adresă MAC", "cod produs", "ISBN", "coordonate", "număr client", "marcaj temporal", "cod de rutare", "IMEI", "număr de serie", "OID", "tichet", "număr de cont", "referință", "cod poștal", "rezultat", "build"],
    "hu": ["rendelésszám", "csomagkövetési szám", "számlaszám", "verzió", "dátum", "időpont", "ár", "kérésazonosító", "ellenőrzőösszeg", "commit", "MAC-cím", "termékkód", "ISBN", "koordináták", "ügyfélszám", "időbélyeg", "banki irányítószám (US)", "IMEI", "sorozatszám", "OID", "jegy", "bankszámlaszám", "hivatkozás", "irányítószám", "eredmény", "build"],
    "fi": ["tilausnumero", "seurantanumero", "laskun numero", "versio", "päivämäärä", "kellonaika", "hinta", "pyynnön tunnus", "tarkistussumma", "commit", "MAC-osoite", "tuotekoodi", "ISBN", "koordinaatit", "asiakasnumero", "aikaleima", "pankin reititysnumero", "IMEI", "sarjanumero", "OID", "tiketti", "tilinumero", "viite", "postinumero", "tulos", "build"],
    "el": ["αριθμός παραγγελίας", "αριθμός αποστολής", "αριθμός τιμολογίου", "έκδοση", "ημερομηνία", "ώρα", "τιμή", "ID αιτήματος", "άθροισμα ελέγχου", "commit", "διεύθυνση MAC", "κωδικός προϊόντος", "ISBN", "συντεταγμένες", "αριθμός πελάτη", "χρονοσφραγίδα", "αριθμός δρομολόγησης", "IMEI", "σειριακός αριθμός", "OID", "αίτημα", "αριθμός λογαριασμού", "αναφορά", "ταχυδρομικός κώδικας", "αποτέλεσμα", "build"],
    "id": ["nomor pesanan", "nomor resi", "nomor faktur", "versi", "tanggal", "jam", "harga", "ID permintaan", "checksum", "commit", "alamat MAC", "kode produk", "ISBN", "koordinat", "nomor pelanggan", "stempel waktu", "nomor routing", "IMEI", "nomor seri", "OID", "tiket", "nomor rekening", "referensi", "kode pos", "hasil", "build"],
    "vi": ["mã đơn hàng", "mã vận đơn", "số hóa đơn", "phiên bản", "ngày", "giờ", "giá", "mã yêu cầu", "mã kiểm tra", "commit", "địa chỉ MAC", "mã sản phẩm", "ISBN", "tọa độ", "mã khách hàng", "dấu thời gian", "mã định tuyến ngân hàng", "IMEI", "số sê-ri", "OID", "phiếu hỗ trợ", "số tài khoản", "mã tham chiếu", "mã bưu chính", "kết quả", "bản build"],
    "ko": ["주문 번호", "운송장 번호", "송장 번호", "버전", "날짜", "시간", "가격", "요청 ID", "체크섬", "커밋", "MAC 주소", "제품 코드", "ISBN", "좌표", "고객 번호", "타임스탬프", "라우팅 번호", "IMEI", "일련번호", "OID", "티켓", "계좌 번호", "참조 번호", "우편번호", "결과", "빌드"],
    "he": ["מספר הזמנה", "מספר מעקב", "מספר חשבונית", "גרסה", "תאריך", "שעה", "מחיר", "מזהה בקשה", "סכום ביקורת", "קומיט", "כתובת MAC", "מק\"ט", "ISBN", "קואורדינטות", "מספר לקוח", "חותמת זמן", "מספר ניתוב", "IMEI", "מספר סידורי", "OID", "קריאה", "מספר חשבון", "אסמכתא", "מיקוד", "תוצאה", "build"],
    "pl": ["numer zamówienia", "numer przesyłki", "numer faktury", "wersja", "data", "godzina", "cena", "ID żądania", "suma kontrolna", "commit", "adres MAC", "kod produktu", "ISBN", "współrzędne", "numer klienta", "znacznik czasu", "numer rozliczeniowy (US)", "IMEI", "numer seryjny", "OID", "zgłoszenie", "numer konta", "referencja", "kod pocztowy", "wynik", "build"],
    "it": ["numero d'ordine", "numero di tracking", "numero di fattura", "versione", "data", "ora", "prezzo", "ID richiesta", "checksum", "commit", "indirizzo MAC", "codice prodotto", "ISBN", "coordinate", "codice cliente", "timestamp", "routing number", "IMEI", "numero di serie", "OID", "ticket", "numero di conto", "riferimento", "CAP", "risultato", "build"],
}
NEG_FRAMES = {
    "en": ["{N}: {v}", "Can someone check {v}? It's the {n} from yesterday's report.", "The {n} is {v}, nothing else changed.", "FYI: {n} {v} showed up in the export again."],
    "de": ["{N}: {v}", "Kann jemand {v} prüfen? Das ist die Angabe ({n}) aus dem Bericht von gestern.", "Laut System ({n}): {v}, sonst unverändert.", "Zur Info – im Export taucht wieder auf ({n}): {v}"],
    "fr": ["{N} : {v}", "Quelqu'un peut vérifier {v} ? C'est la valeur ({n}) du rapport d'hier.", "Selon le système ({n}) : {v}, rien d'autre n'a changé.", "Pour info, on retrouve encore ceci dans l'export ({n}) : {v}"],
    "es": ["{N}: {v}", "¿Alguien puede revisar {v}? Es el dato ({n}) del informe de ayer.", "Según el sistema ({n}): {v}, nada más cambió.", "Para que conste, en la exportación vuelve a salir ({n}): {v}"],
    "cs": ["{N}: {v}", "Může někdo zkontrolovat {v}? Je to údaj ({n}) ze včerejšího reportu.", "Podle systému ({n}): {v}, jinak beze změny.", "Pro info – v exportu se zase objevilo ({n}): {v}"],
    "ro": ["{N}: {v}", "Poate cineva să verifice {v}? Este valoarea ({n}) din raportul de ieri.", "Conform sistemului ({n}): {v}, altceva nu s-a schimbat.", "Pentru informare, în export apare din nou ({n}): {v}"],
    "hu": ["{N}: {v}", "Valaki meg tudná nézni ezt: {v}? Ez a tegnapi jelentésből való adat ({n}).", "A rendszer szerint ({n}): {v}, más nem változott.", "Tájékoztatásul: az exportban megint szerepel ({n}): {v}"],
    "fi": ["{N}: {v}", "Voiko joku tarkistaa arvon {v}? Se on eilisen raportin tieto ({n}).", "Järjestelmän mukaan ({n}): {v}, muuten ei muutoksia.", "Tiedoksi: vientitiedostossa näkyy taas ({n}): {v}"],
    "el": ["{N}: {v}", "Μπορεί κάποιος να ελέγξει το {v}; Είναι το στοιχείο ({n}) από τη χθεσινή αναφορά.", "Σύμφωνα με το σύστημα ({n}): {v}, τίποτε άλλο δεν άλλαξε.", "Για ενημέρωση: στην εξαγωγή εμφανίζεται ξανά ({n}): {v}"],
    "id": ["{N}: {v}", "Ada yang bisa cek {v}? Itu data ({n}) dari laporan kemarin.", "Menurut sistem ({n}): {v}, selain itu tidak ada perubahan.", "Info: di hasil ekspor muncul lagi ({n}): {v}"],
    "vi": ["{N}: {v}", "Ai kiểm tra giúp {v} được không? Đó là thông tin ({n}) trong báo cáo hôm qua.", "Theo hệ thống ({n}): {v}, ngoài ra không có gì thay đổi.", "Lưu ý: trong file xuất lại xuất hiện ({n}): {v}"],
    "ko": ["{N}: {v}", "{v} 좀 확인해 주실 분 있나요? 어제 보고서에 있던 항목({n})입니다.", "시스템 기준 ({n}): {v}, 그 외 변경 사항 없음.", "참고로 내보내기 파일에 또 나왔습니다 ({n}): {v}"],
    "he": ["{N}: {v}", "מישהו יכול לבדוק את {v}? זה הנתון ({n}) מהדוח של אתמול.", "לפי המערכת ({n}): {v}, שום דבר אחר לא השתנה.", "לידיעתכם: בייצוא מופיע שוב ({n}): {v}"],
    "pl": ["{N}: {v}", "Czy ktoś może sprawdzić {v}? To wartość ({n}) z wczorajszego raportu.", "Według systemu ({n}): {v}, poza tym bez zmian.", "Dla informacji: w eksporcie znowu pojawia się ({n}): {v}"],
    "it": ["{N}: {v}", "Qualcuno può controllare {v}? È il dato ({n}) del report di ieri.", "Secondo il sistema ({n}): {v}, nient'altro è cambiato.", "Per info: nell'export compare di nuovo ({n}): {v}"],
}

MAIL_BITS = {  # greeting, closing, subject word
    "en": ("Hello,", "Kind regards,\nCustomer Care", "Subject"),
    "de": ("Guten Tag,", "Mit freundlichen Grüßen\nIhr Kundenservice", "Betreff"),
    "fr": ("Bonjour,", "Cordialement,\nLe service client", "Objet"),
    "es": ("Hola:", "Saludos cordiales,\nAtención al cliente", "Asunto"),
    "cs": ("Dobrý den,", "S pozdravem\nzákaznická podpora", "Předmět"),
    "ro": ("Bună ziua,", "Cu stimă,\nEchipa de suport", "Subiect"),
    "hu": ("Tisztelt Ügyfélszolgálat!", "Üdvözlettel:\negy ügyfél", "Tárgy"),
    "fi": ("Hei,", "Ystävällisin terveisin\nAsiakaspalvelu", "Aihe"),
    "el": ("Καλησπέρα σας,", "Με εκτίμηση,\nΕξυπηρέτηση πελατών", "Θέμα"),
    "id": ("Selamat siang,", "Salam,\nTim Layanan Pelanggan", "Subjek"),
    "vi": ("Xin chào,", "Trân trọng,\nBộ phận CSKH", "Tiêu đề"),
    "ko": ("안녕하세요,", "감사합니다.\n고객지원팀", "제목"),
    "he": ("שלום רב,", "בברכה,\nשירות לקוחות", "נושא"),
    "pl": ("Dzień dobry,", "Z poważaniem\nDział obsługi klienta", "Temat"),
    "it": ("Buongiorno,", "Cordiali saluti,\nServizio clienti", "Oggetto"),
}
ROLES = {
    "en": ("customer", "agent"), "de": ("Kunde", "Support"), "fr": ("client", "conseiller"), "es": ("cliente", "agente"),
    "cs": ("zákazník", "operátor"), "ro": ("client", "operator"), "hu": ("ügyfél", "ügyintéző"), "fi": ("asiakas", "tuki"),
    "el": ("πελάτης", "υποστήριξη"), "id": ("pelanggan", "agen"), "vi": ("khách hàng", "nhân viên"), "ko": ("고객", "상담원"),
    "he": ("לקוח", "נציג"), "pl": ("klient", "konsultant"), "it": ("cliente", "operatore"),
}
AGENT_LINE = {
    "en": "Thanks, let me check that for you.", "de": "Danke, ich schaue kurz nach.", "fr": "Merci, je vérifie tout de suite.",
    "es": "Gracias, lo reviso enseguida.", "cs": "Děkuji, hned to ověřím.", "ro": "Mulțumesc, verific imediat.",
    "hu": "Köszönöm, máris megnézem.", "fi": "Kiitos, tarkistan asian.", "el": "Ευχαριστώ, το ελέγχω αμέσως.",
    "id": "Terima kasih, saya cek dulu ya.", "vi": "Cảm ơn, để mình kiểm tra nhé.", "ko": "감사합니다, 바로 확인해 드릴게요.",
    "he": "תודה, אני בודק את זה.", "pl": "Dziękuję, już sprawdzam.", "it": "Grazie, controllo subito.",
}
SUBJ = {
    "en": "Data update", "de": "Datenänderung", "fr": "Mise à jour", "es": "Actualización de datos", "cs": "Změna údajů",
    "ro": "Actualizare date", "hu": "Adatmódosítás", "fi": "Tietojen päivitys", "el": "Ενημέρωση στοιχείων", "id": "Pembaruan data",
    "vi": "Cập nhật thông tin", "ko": "정보 변경", "he": "עדכון פרטים", "pl": "Aktualizacja danych", "it": "Aggiornamento dati",
}


def capfirst(s):
    return s[:1].upper() + s[1:]


def lang_pick(weights=None):
    return wpick(weights or LANG_W)


# ---------------------------------------------------------------------------
# person names and streets
# ---------------------------------------------------------------------------
NAMES = {
    "en": (["Emily", "James", "Olivia", "Daniel", "Grace", "Ethan", "Chloe", "Marcus", "Hannah", "Owen"],
           ["Whitfield", "Harrington", "Okafor", "Caldwell", "Brennan", "Lockwood", "Pemberton", "Ashworth", "Donnelly", "Fairbanks"]),
    "de": (["Lukas", "Annika", "Jonas", "Miriam", "Felix", "Katrin", "Tobias", "Svenja", "Matthias", "Ulrike"],
           ["Brandstätter", "Hoffmeister", "Kessler", "Oberländer", "Schwarzkopf", "Wendler", "Reinholz", "Engelhardt", "Vogelsang", "Kranich"]),
    "fr": (["Camille", "Théo", "Manon", "Baptiste", "Élodie", "Quentin", "Solène", "Mathis", "Inès", "Arnaud"],
           ["Lefebvre", "Moreau", "Girardot", "Chevalier", "Roussel", "Fontaine", "Marchetti", "Delacroix", "Perrin", "Garnier"]),
    "es": (["Lucía", "Javier", "Marta", "Diego", "Paula", "Álvaro", "Nerea", "Sergio", "Irene", "Rubén"],
           ["García Ortega", "Fernández", "Morales", "Castillo", "Jiménez Ruiz", "Navarro", "Domínguez", "Herrera", "Cabrera", "Iglesias"]),
    "ro": (["Andrei", "Ioana", "Mihai", "Elena", "Radu", "Alexandra", "Bogdan", "Cristina", "Vlad", "Simona"],
           ["Popescu", "Ionescu", "Dumitrescu", "Constantin", "Stănescu", "Munteanu", "Georgescu", "Bălan", "Florea", "Niculescu"]),
    "fi": (["Aino", "Mikko", "Eetu", "Venla", "Juho", "Sanna", "Ville", "Noora", "Lauri", "Iida"],
           ["Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Hämäläinen", "Laine", "Heikkinen", "Koskinen", "Järvinen", "Lehtonen"]),
    "id": (["Siti", "Budi", "Dewi", "Agus", "Rina", "Fajar", "Putri", "Hendra", "Ayu", "Rizky"],
           ["Rahmawati", "Santoso", "Wijaya", "Hidayat", "Lestari", "Saputra", "Kurniawan", "Pratama", "Nugroho", "Susanto"]),
    "he": (["נועה", "יונתן", "מאיה", "איתי", "תמר", "אורי", "שירה", "עומר"],
           ["כהן", "לוי", "מזרחי", "פרץ", "ביטון", "אברהם", "פרידמן", "שפירא"]),
    "it": (["Giulia", "Marco", "Chiara", "Alessandro", "Francesca", "Lorenzo", "Federica", "Matteo"],
           ["Rossi", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Ferraro"]),
}
CS_NAMES = [("Tomáš", "Dvořák"), ("Jakub", "Procházka"), ("Ondřej", "Kučera"), ("Petr", "Veselý"), ("Lukáš", "Horák"),
            ("Tereza", "Dvořáková"), ("Kateřina", "Procházková"), ("Lucie", "Kučerová"), ("Veronika", "Veselá"), ("Barbora", "Horáková")]
PL_NAMES = [("Katarzyna", "Kowalska"), ("Agnieszka", "Wiśniewska"), ("Magdalena", "Zielińska"), ("Piotr", "Kowalski"),
            ("Krzysztof", "Wiśniewski"), ("Marcin", "Zieliński"), ("Ewa", "Nowak"), ("Tomasz", "Nowak")]
EL_NAMES = [("Γιώργος", "Παπαδόπουλος", "Giorgos Papadopoulos"), ("Δημήτρης", "Οικονόμου", "Dimitris Oikonomou"),
            ("Νίκος", "Γεωργίου", "Nikos Georgiou"), ("Κώστας", "Καραγιάννης", "Kostas Karagiannis"),
            ("Μαρία", "Παπαδοπούλου", "Maria Papadopoulou"), ("Ελένη", "Νικολάου", "Eleni Nikolaou"),
            ("Κατερίνα", "Καραγιάννη", "Katerina Karagianni"), ("Σοφία", "Οικονόμου", "Sofia Oikonomou")]
HU_NAMES = (["Kovács", "Szabó", "Tóth", "Horváth", "Varga", "Molnár", "Németh", "Farkas", "Balogh", "Takács"],
            ["Péter", "Eszter", "Gábor", "Zsófia", "László", "Katalin", "Bence", "Réka", "Tamás", "Anikó"])
VI_NAMES = (["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"], ["Thị", "Văn", "Minh", "Thu", "Đức", "Ngọc"],
            ["Hương", "Tuấn", "Dũng", "Linh", "Quang", "Phương", "Khánh", "Thảo"])
KO_NAMES = (["김", "이", "박", "최", "정", "강", "조", "윤"], ["민준", "서연", "지훈", "하은", "도윤", "수빈", "예준", "지우"],
            {"김": "Kim", "이": "Lee", "박": "Park", "최": "Choi", "정": "Jung", "강": "Kang", "조": "Cho", "윤": "Yoon"},
            {"민준": "Min-jun", "서연": "Seo-yeon", "지훈": "Ji-hoon", "하은": "Ha-eun", "도윤": "Do-yoon", "수빈": "Su-bin", "예준": "Ye-jun", "지우": "Ji-woo"})
TITLES = {"en": ["Dr.", "Ms.", "Mr."], "de": ["Frau", "Herr", "Dr."], "cs": ["Ing.", "Mgr.", "MUDr."], "fr": ["Mme", "M."], "es": ["Sra.", "Sr."],
          "pl": ["Pani", "Pan"], "it": ["Dott.", "Sig.ra"], "ro": ["Dl.", "Dna."], "fi": ["Dr."], "id": ["Ibu", "Bapak"], "el": ["κ."], "he": ["ד\"ר"]}


def ascii_fold(s):
    tbl = {"á": "a", "é": "e", "í": "i", "ó": "o", "ú": "u", "ý": "y", "č": "c", "ď": "d", "ě": "e", "ň": "n", "ř": "r", "š": "s",
           "ť": "t", "ů": "u", "ž": "z", "ä": "a", "ö": "o", "ü": "u", "ß": "ss", "ă": "a", "â": "a", "î": "i", "ș": "s", "ț": "t",
           "ő": "o", "ű": "u", "ł": "l", "ś": "s", "ń": "n", "ż": "z", "ź": "z", "ą": "a", "ę": "e", "ć": "c", "è": "e", "ê": "e",
           "ë": "e", "ç": "c", "ï": "i", "à": "a", "ñ": "n", "ò": "o", "ì": "i", "ù": "u"}
    out = []
    for c in s.lower():
        out.append(tbl.get(c, c))
    return "".join(out)


def person_name(lang):
    """returns (value, form, ascii_given, ascii_family) ; value never includes a title"""
    if lang == "cs":
        g, f = pick(CS_NAMES)
        if rng.random() < 0.2:
            return f"{f.upper()} {g}", "caps_family_first", ascii_fold(g), ascii_fold(f)
        return f"{g} {f}", "given_family", ascii_fold(g), ascii_fold(f)
    if lang == "pl":
        g, f = pick(PL_NAMES)
        return f"{g} {f}", "given_family", ascii_fold(g), ascii_fold(f)
    if lang == "el":
        g, f, lat = pick(EL_NAMES)
        if rng.random() < 0.3:
            a, b = lat.split()
            return lat, "latin_transliteration", a.lower(), b.lower()
        a, b = lat.split()
        return f"{g} {f}", "native_script", a.lower(), b.lower()
    if lang == "hu":
        f, g = pick(HU_NAMES[0]), pick(HU_NAMES[1])
        return f"{f} {g}", "family_given", ascii_fold(g), ascii_fold(f)
    if lang == "vi":
        f, m, g = pick(VI_NAMES[0]), pick(VI_NAMES[1]), pick(VI_NAMES[2])
        return f"{f} {m} {g}", "family_middle_given", "", ""
    if lang == "ko":
        f, g = pick(KO_NAMES[0]), pick(KO_NAMES[1])
        if rng.random() < 0.3:
            return f"{KO_NAMES[2][f]} {KO_NAMES[3][g]}", "latin_transliteration", KO_NAMES[3][g].lower().replace("-", ""), KO_NAMES[2][f].lower()
        return f + g, "native_script", KO_NAMES[3][g].lower().replace("-", ""), KO_NAMES[2][f].lower()
    pool = NAMES.get(lang, NAMES["en"])
    g, f = pick(pool[0]), pick(pool[1])
    if lang == "he":
        return f"{g} {f}", "native_script", "", ""
    if lang == "en" and rng.random() < 0.2:
        return f"{g} {pick(UP)}. {f}", "middle_initial", ascii_fold(g), ascii_fold(f)
    if lang in ("fr", "it", "ro") and rng.random() < 0.2:
        return f"{f.upper()} {g}", "caps_family_first", ascii_fold(g), ascii_fold(f.split()[0])
    return f"{g} {f}", "given_family", ascii_fold(g), ascii_fold(f.split()[0])


STREETS = {
    "en": ["Maple Street", "Oak Avenue", "Mill Lane", "Station Road", "Willow Close", "River Road", "Orchard Way", "Elm Grove", "Harbour View", "Meadow Drive"],
    "de": ["Lindenstraße", "Birkenweg", "Bahnhofstraße", "Gartenstraße", "Ahornweg", "Wiesenstraße", "Am Mühlbach", "Feldstraße", "Kirchgasse", "Schulstraße"],
    "fr": ["rue des Lilas", "avenue des Tilleuls", "rue du Moulin", "chemin des Vignes", "rue de la Gare", "boulevard des Pins", "impasse des Cerisiers", "allée des Érables"],
    "es": ["Calle del Olmo", "Calle Mayor", "Avenida del Mar", "Calle de los Pinos", "Paseo de las Acacias", "Calle del Río", "Calle de la Fuente", "Camino del Molino"],
    "cs": ["Lipová", "Zahradní", "Polní", "Školní", "Nádražní", "Květná", "Na Výsluní", "U Potoka", "Luční", "Okružní"],
    "ro": ["Strada Florilor", "Strada Teilor", "Strada Morii", "Bulevardul Unirii", "Strada Livezii", "Calea Victoriei", "Strada Plopilor"],
    "hu": ["Virág utca", "Fő utca", "Tölgyfa utca", "Malom utca", "Hold utca", "Kert utca", "Rét utca", "Szőlő utca"],
    "fi": ["Koivukuja", "Rantatie", "Myllytie", "Kirkkokatu", "Mäntytie", "Satamakatu", "Pihlajatie", "Kuusitie"],
    "el": ["Ακακιών", "Ανθέων", "Ελιάς", "Πλατάνων", "Κυπαρισσίων", "Λεμονιάς", "Ακτής"],
    "id": ["Jalan Melati", "Jalan Mawar", "Jalan Kenanga", "Jl. Anggrek", "Jalan Cempaka", "Jl. Flamboyan"],
    "vi": ["Hàng Bạc", "Hàng Gai", "Hàng Đào", "Hàng Mã", "Hàng Buồm"],
    "ko": ["테헤란로", "올림픽로", "한강대로", "강남대로", "반포대로"],
    "he": ["רחוב הגפן", "רחוב הזית", "רחוב האלון", "רחוב הרימון", "רחוב התמר", "שדרות הים"],
    "pl": ["ul. Polna", "ul. Leśna", "ul. Kwiatowa", "ul. Ogrodowa", "ul. Słoneczna", "ul. Lipowa"],
    "it": ["Via dei Tigli", "Via del Mulino", "Via delle Rose", "Viale dei Pini", "Via della Stazione", "Corso del Popolo"],
}
CITY = {"en": ("SW1A 2AA", "London"), "de": ("10115", "Berlin"), "fr": ("69003", "Lyon"), "es": ("28013", "Madrid"), "cs": ("602 00", "Brno"),
        "ro": ("400001", "Cluj-Napoca"), "hu": ("6720", "Szeged"), "fi": ("33100", "Tampere"), "el": ("546 22", "Θεσσαλονίκη"),
        "id": ("40115", "Bandung"), "vi": ("", "Hà Nội"), "ko": ("06236", "서울"), "he": ("6100001", "תל אביב"), "pl": ("30-001", "Kraków"),
        "it": ("40121", "Bologna")}


def street_address(lang):
    s = pick(STREETS[lang])
    n = rng.randint(1, 180)
    if lang == "en":
        if rng.random() < 0.25:
            s2 = s.replace("Street", "St").replace("Avenue", "Ave").replace("Road", "Rd").replace("Drive", "Dr").replace("Lane", "Ln")
            if s2 != s:
                return f"{n} {s2}", "number_first_abbrev"
        return f"{n} {s}", "number_first"
    if lang == "fr":
        if rng.random() < 0.2:
            return f"{n} bis {s}", "number_first_bis"
        return f"{n} {s}", "number_first"
    if lang == "vi":
        return f"{n} {s}", "number_first"
    if lang == "de":
        if s.endswith("straße") and rng.random() < 0.3:
            return f"{s[:-6]}str. {n}", "abbrev_name_number"
        if rng.random() < 0.2:
            return f"{s} {n}{pick('abc')}", "name_number_letter"
        return f"{s} {n}", "name_number"
    if lang == "cs":
        if rng.random() < 0.4:
            return f"{s} {rng.randint(100, 2999)}/{n % 60 + 1}", "name_conscription_slash"
        return f"{s} {n}", "name_number"
    if lang == "es":
        if rng.random() < 0.4:
            return f"{s}, {n}", "name_comma_number"
        return f"{s} {n}", "name_number"
    if lang == "it" and rng.random() < 0.4:
        return f"{s}, {n}", "name_comma_number"
    if lang == "ro" and rng.random() < 0.4:
        return f"{s} nr. {n}", "name_nr_number"
    if lang == "id":
        return f"{s} No. {n}", "name_no_number"
    if lang == "pl" and rng.random() < 0.4:
        return f"{s} {n}/{rng.randint(1, 40)}", "name_number_flat"
    if lang == "hu" and rng.random() < 0.3:
        return f"{s.replace(' utca', ' u.')} {n}", "abbrev_name_number"
    if lang in ("ko", "he", "el"):
        return f"{s} {n}", "native_script"
    return f"{s} {n}", "name_number"


# ---------------------------------------------------------------------------
# emails
# ---------------------------------------------------------------------------
DOMAIN_WORDS = ["northwind", "kvetinarstvi", "brightpath", "zeleny-dum", "acmelogistik", "sunfield", "florina", "havasi", "kotimaa",
                "thalassa", "nusantara", "saigonbay", "hanbit", "galil", "lesnydwor", "collinaverde", "bluewharf", "ridgeway",
                "stadtwerk-nord", "atelier-lune", "cafedelmar", "orbitlabs", "metsapolku", "aigaio", "mekong-tech", "dalnim"]
TLD_BY_LANG = {"en": [".com", ".co.uk", ".io", ".org", ".net"], "de": [".de", ".at", ".ch"], "fr": [".fr", ".be"], "es": [".es", ".com.mx"],
               "cs": [".cz", ".sk"], "ro": [".ro"], "hu": [".hu"], "fi": [".fi"], "el": [".gr", ".com.cy"], "id": [".co.id", ".id"],
               "vi": [".vn", ".com.vn"], "ko": [".co.kr", ".kr"], "he": [".co.il"], "pl": [".pl"], "it": [".it"]}
PROVIDERS = {"en": ["gmail.com", "outlook.com", "yahoo.com", "proton.me"], "de": ["web.de", "gmx.de", "t-online.de"], "fr": ["orange.fr", "free.fr"],
             "es": ["hotmail.es", "gmail.com"], "cs": ["seznam.cz", "email.cz"], "ro": ["yahoo.ro", "gmail.com"], "hu": ["freemail.hu", "citromail.hu"],
             "fi": ["luukku.com", "gmail.com"], "el": ["otenet.gr", "gmail.com"], "id": ["yahoo.co.id", "gmail.com"], "vi": ["gmail.com"],
             "ko": ["naver.com", "daum.net"], "he": ["walla.co.il", "gmail.com"], "pl": ["wp.pl", "onet.pl", "o2.pl"], "it": ["libero.it", "virgilio.it"]}
ROLE_LOCALS = ["info", "billing", "kontakt", "podpora", "office", "hr", "facturacion", "ugyfelszolgalat", "asiakaspalvelu", "cskh", "support-team", "ventas"]
FIRST_ASCII = ["jana", "tomas", "lukas", "emily", "marco", "ioana", "peter", "aino", "budi", "minjun", "noa", "giorgos", "lan", "ewa", "camille", "diego"]
LAST_ASCII = ["novakova", "brandt", "whitfield", "rossi", "popescu", "kovacs", "virtanen", "santoso", "kim", "cohen", "papadopoulos", "nguyen", "kowalska", "moreau", "navarro"]


def email_parts(lang, given="", family=""):
    g = given or pick(FIRST_ASCII)
    f = family or pick(LAST_ASCII)
    style = wpick([("first.last", 30), ("f.last", 12), ("firstlast99", 12), ("first_last", 8), ("last.first", 8), ("role", 10), ("first-last", 5)])
    if style == "first.last":
        loc = f"{g}.{f}"
    elif style == "f.last":
        loc = f"{g[0]}.{f}"
    elif style == "firstlast99":
        loc = f"{g}{f}{rng.randint(1, 99)}"
    elif style == "first_last":
        loc = f"{g}_{f}"
    elif style == "last.first":
        loc = f"{f}.{g}"
    elif style == "first-last":
        loc = f"{g}-{f}"
    else:
        loc = pick(ROLE_LOCALS)
    if rng.random() < 0.45:
        dom = pick(PROVIDERS.get(lang, PROVIDERS["en"]))
    else:
        dom = pick(DOMAIN_WORDS) + pick(TLD_BY_LANG.get(lang, [".com"]))
    return loc, dom


def make_email(lang, given="", family="", allow_obf=True):
    loc, dom = email_parts(lang, given, family)
    form = wpick([("plain", 46), ("plus_tag", 6), ("subdomain", 5), ("mixed_case", 5), ("upper_case", 2), ("bracket_at", 6), ("paren_at", 5),
                  ("words_at_dot", 5), ("spaced_at", 5), ("defanged_dot", 5), ("fullwidth_at", 4), ("bracket_at_dot", 4), ("zero_width_at", 2)]
                 if allow_obf else [("plain", 80), ("plus_tag", 8), ("subdomain", 6), ("mixed_case", 6)])
    if form == "plain":
        v = f"{loc}@{dom}"
    elif form == "plus_tag":
        v = f"{loc}+{pick(['news', 'shop', 'bank', 'travel', 'work', 'test'])}@{dom}"
    elif form == "subdomain":
        sub = pick(["mail", "eu", "corp", "students", "staff"])
        base = dom if dom.count(".") == 1 else pick(DOMAIN_WORDS) + ".com"
        v = f"{loc}@{sub}.{base}"
    elif form == "mixed_case":
        v = f"{capfirst(loc)}@{capfirst(dom)}"
    elif form == "upper_case":
        v = f"{loc}@{dom}".upper()
    elif form == "bracket_at":
        v = f"{loc} [at] {dom}" if rng.random() < 0.6 else f"{loc}[at]{dom}"
    elif form == "paren_at":
        v = f"{loc}(at){dom}" if rng.random() < 0.6 else f"{loc} (at) {dom}"
    elif form == "words_at_dot":
        v = f"{loc} at {dom.replace('.', ' dot ')}"
    elif form == "spaced_at":
        v = f"{loc} @ {dom}"
    elif form == "defanged_dot":
        v = f"{loc}@{dom.replace('.', '[.]')}"
    elif form == "fullwidth_at":
        v = f"{loc}＠{dom}"
    elif form == "bracket_at_dot":
        v = f"{loc} [at] {dom.replace('.', ' [dot] ')}"
    else:  # zero width joiners around the @
        v = f"{loc}{ZW}@{ZW}{dom}"
    return v, form


# ---------------------------------------------------------------------------
# phones
# ---------------------------------------------------------------------------
# template chars: N = 2-9, D = 0-9 ; everything else literal
PHONE_T = {
    "DE": [("+49 30 NDDDDDDD", "intl_spaces"), ("+49 171 NDDDDDD", "intl_spaces"), ("+49 (0)30 NDDD DDDD", "intl_trunk0"), ("+49 (0)221 NDDDDDD", "intl_trunk0"),
           ("030 NDDDDDDD", "national_spaces"), ("030/NDDDDDD", "national_slash"), ("(030) NDDD DDDD", "national_parens"), ("0176-NDDDDDDD", "national_dashes"),
           ("+49-171-NDDDDDD", "intl_dashes"), ("+4915NDDDDDDDD", "e164_compact"), ("0049 89 NDDDDDD", "intl_00")],
    "US": [("(NDD) NDD-DDDD", "us_parens"), ("NDD-NDD-DDDD", "national_dashes"), ("+1 NDD NDD DDDD", "intl_spaces"), ("+1-NDD-NDD-DDDD", "intl_dashes"),
           ("NDD.NDD.DDDD", "national_dots"), ("+1 (NDD) NDD-DDDD", "intl_parens"), ("+1NDDNDDDDDD", "e164_compact")],
    "GB": [("+44 20 7NDD DDDD", "intl_spaces"), ("020 7NDD DDDD", "national_spaces"), ("+44 7NDD DDDDDD", "intl_spaces"), ("07NDD DDDDDD", "national_spaces"),
           ("+44 (0)20 7NDD DDDD", "intl_trunk0"), ("+44 161 NDD DDDD", "intl_spaces")],
    "FR": [("+33 6 DD DD DD DD", "intl_spaces"), ("06 DD DD DD DD", "national_spaces"), ("06.DD.DD.DD.DD", "national_dots"), ("+33 (0)1 DD DD DD DD", "intl_trunk0"),
           ("01-DD-DD-DD-DD", "national_dashes"), ("+33 7 DD DD DD DD", "intl_spaces")],
    "ES": [("+34 6DD DD DD DD", "intl_spaces"), ("6DD DDD DDD", "national_spaces"), ("+34 91 DDD DD DD", "intl_spaces"), ("91 DDD DD DD", "national_spaces")],
    "CZ": [("+420 6DD DDD DDD", "intl_spaces"), ("+420 7DD DDD DDD", "intl_spaces"), ("6DD DDD DDD", "national_spaces"), ("+420 2DD DDD DDD", "intl_spaces"),
           ("00420 7DD DDD DDD", "intl_00"), ("+420 6DD-DDD-DDD", "intl_dashes")],
    "RO": [("+40 7DD DDD DDD", "intl_spaces"), ("07DD DDD DDD", "national_spaces"), ("07DD-DDD-DDD", "national_dashes"), ("+40 21 DDD DD DD", "intl_spaces"),
           ("021 DDD DD DD", "national_spaces"), ("+407DDDDDDDD", "e164_compact")],
    "HU": [("+36 30 NDD DDDD", "intl_spaces"), ("+36 20 NDD DDDD", "intl_spaces"), ("06 30 NDD DDDD", "national_spaces"), ("+36 1 NDD DDDD", "intl_spaces"),
           ("06-1-NDD-DDDD", "national_dashes"), ("+36 (70) NDD-DDDD", "intl_parens"), ("06/30/NDD-DDDD", "national_slash")],
    "FI": [("+358 40 NDD DDDD", "intl_spaces"), ("040 NDD DDDD", "national_spaces"), ("+358 50 NDDDDDD", "intl_spaces"), ("09 NDDD DDDD", "national_spaces"),
           ("+358 9 NDDD DDDD", "intl_spaces"), ("040-NDDDDDD", "national_dashes")],
    "GR": [("+30 69N DDD DDDD", "intl_spaces"), ("69N DDD DDDD", "national_spaces"), ("+30 210 NDD DDDD", "intl_spaces"), ("210 NDDDDDD", "national_spaces"),
           ("+30 2310 NDDDDD", "intl_spaces"), ("+30-69N-DDD-DDDD", "intl_dashes")],
    "ID": [("+62 81N-DDDD-DDDD", "intl_dashes"), ("081N-DDDD-DDDD", "national_dashes"), ("+62 21 NDDD DDDD", "intl_spaces"), ("(021) NDDD-DDDD", "national_parens"),
           ("+62 85N DDDD DDDD", "intl_spaces"), ("0812 DDDD DDDD", "national_spaces")],
    "VN": [("+84 9N DDD DD DD", "intl_spaces"), ("09N DDD DDDD", "national_spaces"), ("09ND.DDD.DDD", "national_dots"), ("+84 28 DDDD DDDD", "intl_spaces"),
           ("(028) DDDD DDDD", "national_parens"), ("+84 3N DDD DDDD", "intl_spaces")],
    "KR": [("+82 10-NDDD-DDDD", "intl_dashes"), ("010-NDDD-DDDD", "national_dashes"), ("02-NDD-DDDD", "national_dashes"), ("+82 2-NDDD-DDDD", "intl_dashes"),
           ("010 NDDD DDDD", "national_spaces"), ("031-NDD-DDDD", "national_dashes")],
    "IL": [("+972 5N-NDD-DDDD", "intl_dashes"), ("05N-NDD-DDDD", "national_dashes"), ("03-NDD-DDDD", "national_dashes"), ("+972-3-NDD-DDDD", "intl_dashes"),
           ("+972 54 NDD DDDD", "intl_spaces")],
    "PL": [("+48 5DD DDD DDD", "intl_spaces"), ("+48 6DD DDD DDD", "intl_spaces"), ("5DD-DDD-DDD", "national_dashes"), ("+48 22 NDD DD DD", "intl_spaces"),
           ("22 NDD DD DD", "national_spaces")],
    "IT": [("+39 3DD DDD DDDD", "intl_spaces"), ("3DD DDD DDDD", "national_spaces"), ("+39 06 NDDD DDDD", "intl_spaces"), ("06 NDDDDDDD", "national_spaces"),
           ("+39 02-NDDD-DDDD", "intl_dashes")],
}
PHONE_CC = {"en": ["US", "US", "GB"], "de": ["DE"], "fr": ["FR"], "es": ["ES"], "cs": ["CZ"], "ro": ["RO"], "hu": ["HU"], "fi": ["FI"], "el": ["GR"],
            "id": ["ID"], "vi": ["VN"], "ko": ["KR"], "he": ["IL"], "pl": ["PL"], "it": ["IT"]}


def fill_template(t):
    out = []
    for c in t:
        if c == "N":
            out.append(pick("23456789"))
        elif c == "D":
            out.append(pick(DG))
        else:
            out.append(c)
    return "".join(out)


def make_phone(lang, evasion=True):
    cc = pick(PHONE_CC[lang])
    t, form = pick(PHONE_T[cc])
    v = fill_template(t)
    if evasion:
        ev = wpick([(None, 80), ("fullwidth_digits", 6), ("nbsp_separators", 6), ("thin_space_separators", 3), ("dotted", 5)])
        if ev == "fullwidth_digits":
            v = fullwidth_digits(v)
            if rng.random() < 0.4:
                v = v.replace("+", "＋")
            form = ev
        elif ev == "nbsp_separators" and " " in v:
            v = v.replace(" ", NBSP)
            form = ev
        elif ev == "thin_space_separators" and " " in v:
            v = v.replace(" ", pick([THIN, NNBSP]))
            form = ev
        elif ev == "dotted" and (" " in v or "-" in v) and "(" not in v:
            v = v.replace(" ", ".").replace("-", ".")
            form = "dotted_groups"
    return v, form


# ---------------------------------------------------------------------------
# credit cards
# ---------------------------------------------------------------------------
def card_number():
    brand = wpick([("visa", 30), ("mastercard", 22), ("amex", 10), ("discover", 7), ("jcb", 6), ("diners", 5), ("unionpay", 6), ("maestro", 6),
                   ("mastercard2", 8)])
    if brand == "visa":
        ln = wpick([(16, 85), (13, 7), (19, 8)])
        pre = "4"
    elif brand == "mastercard":
        ln, pre = 16, str(rng.randint(51, 55))
    elif brand == "mastercard2":
        ln, pre, brand = 16, str(rng.randint(2221, 2720)), "mastercard"
    elif brand == "amex":
        ln, pre = 15, pick(["34", "37"])
    elif brand == "discover":
        ln, pre = 16, pick(["6011", str(rng.randint(644, 649)), "65"])
    elif brand == "jcb":
        ln, pre = 16, str(rng.randint(3528, 3589))
    elif brand == "diners":
        ln, pre = 14, pick(["36", str(rng.randint(300, 305))])
    elif brand == "unionpay":
        ln, pre = wpick([(16, 70), (19, 30)]), "62" + pick(["12", "22", "28", "70", "84"])
    else:
        ln, pre = wpick([(16, 70), (19, 30)]), pick(["5018", "5020", "5038", "6304", "6759", "6761", "6763"])
    body = pre + rs(DG, ln - len(pre) - 1)
    return brand, luhn_complete(body)


def card_groups(n):
    L = len(n)
    if L == 15:
        return [4, 6, 5]
    if L == 14:
        return [4, 6, 4]
    if L == 13:
        return [4, 4, 5]
    if L == 19:
        return [4, 4, 4, 4, 3]
    return [4, 4, 4, 4]


def make_card():
    brand, n = card_number()
    form = wpick([("grouped_spaces", 38), ("grouped_dashes", 14), ("compact", 18), ("fullwidth_digits", 5), ("zero_width_groups", 4),
                  ("nbsp_groups", 5), ("dotted_groups", 4), ("thin_space_groups", 3), ("fullwidth_compact", 2), ("double_spaces", 2)])
    gs = card_groups(n)
    if form == "grouped_spaces":
        v = group(n, gs, " ")
    elif form == "grouped_dashes":
        v = group(n, gs, "-")
    elif form == "compact":
        v = n
    elif form == "fullwidth_digits":
        v = fullwidth_digits(group(n, gs, " "))
    elif form == "fullwidth_compact":
        v = fullwidth_digits(n)
    elif form == "zero_width_groups":
        v = group(n, gs, ZW)
    elif form == "nbsp_groups":
        v = group(n, gs, NBSP)
    elif form == "dotted_groups":
        v = group(n, gs, ".")
    elif form == "thin_space_groups":
        v = group(n, gs, THIN)
    else:
        v = group(n, gs, "  ")
    return v, form, brand


def card_brand_ok(d):
    L = len(d)
    p2, p3, p4, p6 = int(d[:2]), int(d[:3]), int(d[:4]), int(d[:6])
    if d[0] == "4" and L in (13, 16, 19):
        return True
    if (51 <= p2 <= 55 or 2221 <= p4 <= 2720) and L == 16:
        return True
    if p2 in (34, 37) and L == 15:
        return True
    if (p4 == 6011 or 644 <= p3 <= 649 or p2 == 65) and L in (16, 19):
        return True
    if 3528 <= p4 <= 3589 and L in (16, 19):
        return True
    if (p2 == 36 or 300 <= p3 <= 305) and L == 14:
        return True
    if p2 == 62 and 16 <= L <= 19:
        return True
    if p4 in (5018, 5020, 5038, 6304, 6759, 6761, 6763) and 12 <= L <= 19:
        return True
    return False


# ---------------------------------------------------------------------------
# SSN
# ---------------------------------------------------------------------------
def ssn_parts():
    while True:
        a = rng.randint(1, 899)
        if a != 666:
            break
    return f"{a:03d}", f"{rng.randint(1, 99):02d}", f"{rng.randint(1, 9999):04d}"


def make_ssn():
    a, g, s = ssn_parts()
    form = wpick([("dashes", 60), ("spaces", 12), ("compact_with_context", 14), ("dots", 4), ("fullwidth_dashes", 4), ("nbsp", 3), ("en_dash", 3)])
    if form == "dashes":
        v = f"{a}-{g}-{s}"
    elif form == "spaces":
        v = f"{a} {g} {s}"
    elif form == "compact_with_context":
        v = a + g + s
    elif form == "dots":
        v = f"{a}.{g}.{s}"
    elif form == "fullwidth_dashes":
        v = fullwidth_digits(f"{a}-{g}-{s}")
    elif form == "nbsp":
        v = f"{a}{NBSP}{g}{NBSP}{s}"
    else:
        v = f"{a}\u2013{g}\u2013{s}"
    return v, form


def ssn_ok(a, g, s):
    a, g, s = int(a), int(g), int(s)
    return 1 <= a <= 899 and a != 666 and 1 <= g <= 99 and 1 <= s <= 9999


# ---------------------------------------------------------------------------
# IBAN
# ---------------------------------------------------------------------------
IBAN_SPEC = {"DE": (22, "18n"), "AT": (20, "16n"), "CH": (21, "5n12c"), "FR": (27, "10n11c2n"), "ES": (24, "20n"), "IT": (27, "1a10n12c"),
             "NL": (18, "4a10n"), "BE": (16, "12n"), "GB": (22, "4a14n"), "IE": (22, "4a14n"), "PL": (28, "24n"), "CZ": (24, "20n"),
             "SK": (24, "20n"), "RO": (24, "4a16c"), "HU": (28, "24n"), "FI": (18, "14n"), "GR": (27, "7n16c"), "PT": (25, "21n"),
             "SE": (24, "20n"), "DK": (18, "14n"), "NO": (15, "11n"), "LU": (20, "3n13c"), "HR": (21, "17n"), "SI": (19, "15n"),
             "BG": (22, "4a6n8c"), "LT": (20, "16n"), "LV": (21, "4a13c"), "EE": (20, "16n"), "IL": (23, "19n"), "TR": (26, "5n1z16c"),
             "SA": (24, "2n18c"), "AE": (23, "19n"), "CY": (28, "8n16c"), "MT": (31, "4a5n18c"), "IS": (26, "22n"), "LI": (21, "5n12c"),
             "MC": (27, "10n11c2n"), "SM": (27, "1a10n12c")}
IBAN_CC = {"en": ["GB", "IE", "NL", "BE", "SE", "DK", "NO", "PT"], "de": ["DE", "DE", "AT", "CH", "LI"], "fr": ["FR", "FR", "BE", "LU", "MC"],
           "es": ["ES", "ES", "PT"], "cs": ["CZ", "CZ", "SK"], "ro": ["RO"], "hu": ["HU"], "fi": ["FI", "EE"], "el": ["GR", "GR", "CY"],
           "id": ["NL", "DE", "AE", "SA"], "vi": ["FR", "DE", "GB"], "ko": ["DE", "GB", "TR"], "he": ["IL", "IL"], "pl": ["PL", "LT", "LV"],
           "it": ["IT", "IT", "SM", "MT", "HR", "SI", "BG", "IS"]}


def bban_from_spec(spec):
    out = []
    for m in re.finditer(r"(\d+)([nacz])", spec):
        k, t = int(m.group(1)), m.group(2)
        for _ in range(k):
            if t == "n":
                out.append(pick(DG))
            elif t == "a":
                out.append(pick(UP))
            elif t == "z":
                out.append("0")
            else:
                out.append(pick(DG) if rng.random() < 0.8 else pick(UP))
    return "".join(out)


def mod97(s):
    r = 0
    for c in s:
        if c.isdigit():
            r = (r * 10 + int(c)) % 97
        else:
            v = ord(c.upper()) - 55
            r = (r * 100 + v) % 97
    return r


def iban_checkdigits(cc, bban):
    return f"{98 - mod97(bban + cc + '00'):02d}"


def iban_valid(compact):
    c = compact.upper()
    if len(c) < 5 or c[:2] not in IBAN_SPEC or len(c) != IBAN_SPEC[c[:2]][0]:
        return False
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]+", c):
        return False
    return mod97(c[4:] + c[:4]) == 1


def make_iban_compact(cc):
    L, spec = IBAN_SPEC[cc]
    bban = bban_from_spec(spec)
    return cc + iban_checkdigits(cc, bban) + bban


def make_iban(lang):
    cc = pick(IBAN_CC[lang])
    c = make_iban_compact(cc)
    form = wpick([("print_spaces", 50), ("compact", 28), ("nbsp_groups", 5), ("lower_compact", 3), ("dashes", 3), ("lower_spaces", 3),
                  ("fullwidth_digits", 3), ("thin_space_groups", 2), ("zero_width_groups", 3)])
    g = [4] * 8
    if form == "print_spaces":
        v = group(c, g, " ")
    elif form == "compact":
        v = c
    elif form == "nbsp_groups":
        v = group(c, g, NBSP)
    elif form == "lower_compact":
        v = c.lower()
    elif form == "dashes":
        v = group(c, g, "-")
    elif form == "lower_spaces":
        v = group(c, g, " ").lower()
    elif form == "fullwidth_digits":
        v = fullwidth_digits(group(c, g, " "))
    elif form == "thin_space_groups":
        v = group(c, g, THIN)
    else:
        v = group(c, g, ZW)
    return v, form


# ---------------------------------------------------------------------------
# IP addresses
# ---------------------------------------------------------------------------
def ipv4_public():
    while True:
        a = rng.randint(1, 223)
        if a in (10, 100, 127, 169, 172, 192, 198, 203, 0):
            continue
        ip = f"{a}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
        return ip


def ipv4_private():
    k = rng.randrange(3)
    if k == 0:
        return f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(2, 254)}"
    if k == 1:
        return f"172.{rng.randint(16, 31)}.{rng.randint(0, 255)}.{rng.randint(2, 254)}"
    return f"192.168.{rng.randint(0, 255)}.{rng.randint(2, 254)}"


def ipv4_any():
    return ipv4_private() if rng.random() < 0.3 else ipv4_public()


IP6_PREFIX = ["2a01:4f8", "2a02:8108", "2001:41d0", "2600:1f18", "2406:da00", "2804:14c", "2a00:1450", "2c0f:f4c0", "2405:4800", "2001:67c", "2a0a:a540", "2403:6200"]


def ipv6_raw(linklocal=False):
    if linklocal:
        groups = ["fe80", "0", "0", "0"] + [f"{rng.randrange(65536):x}" for _ in range(4)]
    else:
        p = pick(IP6_PREFIX).split(":")
        rest = [f"{rng.randrange(65536):x}" for _ in range(8 - len(p))]
        # zero runs to make compression realistic
        if rng.random() < 0.7:
            i = rng.randint(1, 4)
            for j in range(i):
                idx = 2 + j
                if idx < 7:
                    rest[idx - len(p)] = "0"
        if rng.random() < 0.3:
            rest[-1] = f"{rng.randint(1, 255):x}"
        groups = p + rest
    return ipaddress.IPv6Address(":".join(groups))


def make_ipv6():
    form = wpick([("compressed", 40), ("exploded", 10), ("full_no_leading_zeros", 10), ("upper_compressed", 8), ("link_local_zone", 8),
                  ("bracket_port", 10), ("cidr_suffix", 8), ("url_bracket", 6)])
    a = ipv6_raw(linklocal=(form == "link_local_zone"))
    pre, post = "", ""
    if form == "exploded":
        v = a.exploded
    elif form == "full_no_leading_zeros":
        v = ":".join(f"{int(x, 16):x}" for x in a.exploded.split(":"))
    elif form == "upper_compressed":
        v = a.compressed.upper()
    else:
        v = a.compressed
    if form == "link_local_zone":
        post = "%" + pick(["eth0", "en0", "wlan0", "ens3", "25"])
    elif form == "bracket_port":
        pre, post = "[", f"]:{pick(['443', '8443', '22', '5432', '9000'])}"
    elif form == "cidr_suffix":
        post = pick(["/64", "/128", "/56"])
    elif form == "url_bracket":
        pre, post = "https://[", f"]:{pick(['8080', '8443'])}/health"
    return v, form, pre, post


def make_ipv4():
    ip = ipv4_any()
    form = wpick([("plain", 50), ("with_port", 14), ("cidr_suffix", 8), ("url", 8), ("bracketed", 5), ("defanged", 4), ("fullwidth_digits", 3),
                  ("quoted", 8)])
    pre, post, v = "", "", ip
    if form == "with_port":
        post = f":{pick(['8080', '443', '22', '3306', '5432', '51820', '6379'])}"
    elif form == "cidr_suffix":
        post = pick(["/32", "/24", "/28"])
    elif form == "url":
        pre, post = pick(["http://", "https://"]), pick(["/", ":8080/status", "/admin/login", ":9090/metrics"])
    elif form == "bracketed":
        pre, post = "[", "]"
    elif form == "defanged":
        k = ip.rsplit(".", 1)
        v = k[0] + "[.]" + k[1]
    elif form == "fullwidth_digits":
        v = fullwidth_digits(ip).replace(".", "．") if rng.random() < 0.5 else fullwidth_digits(ip)
    elif form == "quoted":
        pre, post = '"', '"'
    return v, form, pre, post


# ---------------------------------------------------------------------------
# secrets
# ---------------------------------------------------------------------------
def rand_safe(alpha, n):
    s = rs(alpha, n)
    while s[0] in "-_" or s[-1] in "-_":
        s = rs(alpha, n)
    return s


def make_openai():
    form = wpick([("legacy_sk", 35), ("sk_proj", 45), ("sk_svcacct", 20)])
    if form == "legacy_sk":
        return "sk-" + rs(ALNUM, 20) + "T3BlbkFJ" + rs(ALNUM, 20), form
    mid = ALNUM + "-_"
    pre = "sk-proj-" if form == "sk_proj" else "sk-svcacct-"
    a = rng.randint(56, 78)
    return pre + rand_safe(mid, a) + "T3BlbkFJ" + rand_safe(mid, 148 - a), form


def make_anthropic():
    return "sk-ant-api03-" + rand_safe(ALNUM + "-_", 93) + "AA", "sk_ant_api03"


def make_aws():
    p = "AKIA" if rng.random() < 0.7 else "ASIA"
    return p + rs(UP + "234567", 16), ("akia" if p == "AKIA" else "asia_temporary")


def make_github():
    form = wpick([("ghp", 40), ("gho", 12), ("ghu", 10), ("ghs", 12), ("ghr", 6), ("github_pat", 20)])
    if form == "github_pat":
        return "github_pat_" + rs(ALNUM, 22) + "_" + rs(ALNUM, 59), "fine_grained_pat"
    return form + "_" + rs(ALNUM, 36), form + "_classic"


def b64url(b):
    return base64.urlsafe_b64encode(b).decode().rstrip("=")


def make_jwt():
    alg = wpick([("HS256", 45), ("RS256", 30), ("ES256", 15), ("HS512", 10)])
    hdr = pick([{"alg": alg, "typ": "JWT"}, {"typ": "JWT", "alg": alg}, {"alg": alg, "typ": "JWT", "kid": rs(HEX, 8)}, {"alg": alg}])
    iat = rng.randint(1700000000, 1760000000)
    pl = {"sub": pick([str(rng.randint(1000, 99999999)), "usr_" + rs(LO + DG, 12), rs(HEX, 8) + "-" + rs(HEX, 4) + "-4" + rs(HEX, 3) + "-a" + rs(HEX, 3) + "-" + rs(HEX, 12)]),
          "iat": iat}
    if rng.random() < 0.8:
        pl["exp"] = iat + pick([900, 3600, 86400])
    if rng.random() < 0.6:
        pl["iss"] = "https://auth." + pick(DOMAIN_WORDS) + pick([".com", ".io", ".net"])
    if rng.random() < 0.5:
        pl["scope"] = pick(["read", "read write", "orders:read", "admin"])
    if rng.random() < 0.4:
        pl["role"] = pick(["user", "service", "viewer"])
    h = b64url(json.dumps(hdr, separators=(",", ":")).encode())
    p = b64url(json.dumps(pl, separators=(",", ":")).encode())
    siglen = {"HS256": 43, "RS256": 342, "ES256": 86, "HS512": 86}[alg]
    sig = rs(B64URL, siglen)
    return f"{h}.{p}.{sig}", alg.lower()


BAD_BEARER_START = ("sk-", "gh", "eyJ", "AKIA", "ASIA", "github_pat", "xox")


def make_bearer_token():
    while True:
        style = wpick([("opaque_alnum", 40), ("google_ya29", 12), ("hex64", 10), ("opaque_punct", 20), ("facebook_eaa", 8), ("azure_like", 10)])
        if style == "opaque_alnum":
            t = rs(ALNUM, rng.randint(24, 48))
        elif style == "google_ya29":
            t = "ya29." + rand_safe(ALNUM + "-_", rng.randint(90, 140))
        elif style == "hex64":
            t = rs(HEX, 64)
        elif style == "opaque_punct":
            t = rs(ALNUM, 10) + pick(".~-_") + rs(ALNUM, 14) + pick(".~-_") + rs(ALNUM, 12)
        elif style == "facebook_eaa":
            t = "EAAG" + rs(ALNUM, 120)
        else:
            t = rs(ALNUM, 8) + "." + rs(ALNUM + "-_", 30) + "." + rs(ALNUM, 6)
            t = t.replace("eyJ", "e4J")
        if t.startswith(BAD_BEARER_START):
            continue
        if len(t) >= 16 and (re.search(r"\d", t) and (re.search(r"[A-Za-z]", t))) and (style == "hex64" or (re.search(r"[a-z]", t) and re.search(r"[A-Z]", t))):
            return t, style


def b64_body(prefix, total):
    body = prefix + rs(UP + LO + DG + "+/", total - len(prefix))
    return body


def make_private_key():
    kind = wpick([("rsa_pkcs1", 25), ("pkcs8_rsa", 15), ("pkcs8_ec", 15), ("ec_sec1", 20), ("openssh_ed25519", 15), ("pkcs8_ed25519", 5), ("encrypted_pkcs8", 5)])
    if kind == "rsa_pkcs1":
        lab, body, w = "RSA PRIVATE KEY", b64_body(pick(["MIIEpAIBAAKCAQEA", "MIIEowIBAAKCAQEA", "MIICXQIBAAKBgQC"]), rng.choice([1588, 1592, 884])), 64
    elif kind == "pkcs8_rsa":
        lab, body, w = "PRIVATE KEY", b64_body("MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ", 1624), 64
    elif kind == "pkcs8_ec":
        lab, body, w = "PRIVATE KEY", b64_body("MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg", 184), 64
    elif kind == "ec_sec1":
        lab, body, w = "EC PRIVATE KEY", b64_body("MHcCAQEEI", 162) + "==", 64
    elif kind == "openssh_ed25519":
        lab, body, w = "OPENSSH PRIVATE KEY", b64_body("b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZWQyNTUxOQAAACA", 396) + "=", 70
    elif kind == "pkcs8_ed25519":
        lab, body, w = "PRIVATE KEY", b64_body("MC4CAQAwBQYDK2VwBCIEI", 64), 64
    else:
        lab, body, w = "ENCRYPTED PRIVATE KEY", b64_body("MIHsMFcGCSqGSIb3DQEFDTBKMCkGCSqGSIb3DQEFDDAcBAg", 320), 64
    lines = [body[i:i + w] for i in range(0, len(body), w)]
    return f"-----BEGIN {lab}-----", lines, f"-----END {lab}-----", kind


# ---------------------------------------------------------------------------
# misc filler
# ---------------------------------------------------------------------------
def rdate():
    return f"20{rng.randint(22, 26)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def rtime():
    return f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"


def host():
    return pick(["api", "app", "auth", "gateway", "internal", "billing"]) + "." + pick(DOMAIN_WORDS) + pick([".com", ".io", ".net", ".eu"])


def uuid4():
    return f"{rs(HEX, 8)}-{rs(HEX, 4)}-4{rs(HEX, 3)}-{pick('89ab')}{rs(HEX, 3)}-{rs(HEX, 12)}"


def small_id():
    return str(rng.randint(100, 99999))


# ---------------------------------------------------------------------------
# contexts for one personal value
# ---------------------------------------------------------------------------
NOUN_IDX = {"email": 0, "phone": 1, "credit_card": 2, "ssn": 3, "iban": 4, "ipv4": 5, "ipv6": 6, "openai_key": 7, "anthropic_key": 7,
            "aws_access_key": 7, "github_token": 8, "jwt": 8, "bearer_token": 8, "private_key": 9, "person_name": 10, "street_address": 11}
FIELD = {"email": ["email", "contact_email", "e_mail"], "phone": ["phone", "mobile", "tel"], "credit_card": ["card_number", "pan", "cc_number"],
         "ssn": ["ssn", "social_security_no"], "iban": ["iban", "payout_iban"], "ipv4": ["client_ip", "remote_addr", "src_ip"],
         "ipv6": ["client_ip6", "remote_addr", "peer"], "person_name": ["full_name", "contact_name", "name"], "street_address": ["street", "address_line1"]}


def noun(lang, det):
    return POS_NOUNS[lang][NOUN_IDX[det]]


def sentence(lang, det, tok):
    sp = SPECIAL_FRAMES.get((lang, det))
    if sp and rng.random() < 0.45:
        return pick(sp).format(v=tok)
    n = noun(lang, det)
    return pick(POS_FRAMES[lang]).format(n=n, N=capfirst(n), v=tok)


def ctx_personal(det, tok, lang):
    """returns (text, context, lang)"""
    ctxs = [("chat", 24), ("email", 12), ("ticket", 6), ("sms", 5), ("form", 10), ("chat-transcript", 7), ("json", 9), ("csv", 7), ("yaml", 4),
            ("sql", 5), ("html", 4), ("markdown", 4), ("xml", 3)]
    if det in ("ipv4", "ipv6"):
        ctxs += [("log", 30), ("toml", 4)]
    c = wpick(ctxs)
    f = pick(FIELD[det])
    n = noun(lang, det)
    if c == "chat":
        return sentence(lang, det, tok), c, lang
    if c == "sms":
        return sentence(lang, det, tok)[:400], c, lang
    if c == "email":
        g, b, s = MAIL_BITS[lang]
        return f"{s}: {SUBJ[lang]}\n\n{g}\n\n{sentence(lang, det, tok)}\n\n{b}", c, lang
    if c == "ticket":
        return f"[TICKET-{rng.randint(10000, 99999)}] status=open prio={pick(['low', 'normal', 'high'])}\n{sentence(lang, det, tok)}", c, lang
    if c == "chat-transcript":
        cu, ag = ROLES[lang]
        h, m = rng.randint(8, 20), rng.randint(10, 50)
        return f"[{h:02d}:{m:02d}] {ag}: …\n[{h:02d}:{m + 1:02d}] {cu}: {sentence(lang, det, tok)}\n[{h:02d}:{m + 2:02d}] {ag}: {AGENT_LINE[lang]}", c, lang
    if c == "form":
        return f"{capfirst(n)}: {tok}\n{'✔' if rng.random() < 0.5 else '[x]'} GDPR\n", c, lang
    if c == "json":
        return json.dumps({"id": rng.randint(100, 99999), f: "@@", "status": pick(["active", "pending"]), "updated": rdate()}, ensure_ascii=False).replace("@@", tok), c, "en"
    if c == "csv":
        return f"id;{f};created\n{rng.randint(100, 9999)};{tok};{rdate()}", c, "en"
    if c == "yaml":
        return f"customer:\n  id: {rng.randint(100, 9999)}\n  {f}: \"{tok}\"\n  tier: {pick(['gold', 'basic'])}\n", c, "en"
    if c == "toml":
        return f"[peer]\nname = \"edge-{rng.randint(1, 9)}\"\n{f} = \"{tok}\"\nkeepalive = 25\n", c, "en"
    if c == "sql":
        return f"INSERT INTO customers (id, {f}, created_at) VALUES ({rng.randint(100, 99999)}, '{tok}', '{rdate()}');", c, "en"
    if c == "html":
        return f"<div class=\"profile\"><label>{n}</label> <span>{tok}</span></div>", c, lang
    if c == "markdown":
        return f"| field | value |\n|---|---|\n| {n} | {tok} |\n| status | ok |", c, lang
    if c == "xml":
        return f"<customer id=\"{rng.randint(100, 9999)}\"><{f}>{tok}</{f}></customer>", c, "en"
    # log
    if det == "ipv4":
        k = rng.randrange(4)
        if k == 0:
            return f"{tok} - - [{rng.randint(1, 28):02d}/Mar/2025:{rtime()} +0000] \"GET /api/v1/orders?page={rng.randint(1, 9)} HTTP/1.1\" 200 {rng.randint(200, 9000)} \"-\" \"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/122.0.6261.94 Safari/537.36\"", "log", "en"
        if k == 1:
            return f"{pick(['Mar', 'Apr', 'Oct'])} {rng.randint(1, 28)} {rtime()} bastion sshd[{rng.randint(1000, 65000)}]: Failed password for invalid user admin from {tok} port {rng.randint(1025, 65000)} ssh2", "log", "en"
        if k == 2:
            return f"{rdate()}T{rtime()}Z WARN rate limit exceeded client={tok} route=/login attempts={rng.randint(6, 60)}", "log", "en"
        return f"level=info msg=\"connection accepted\" peer={tok} tls=1.3 dur={rng.randint(2, 900)}ms", "log", "en"
    return f"{rdate()} {rtime()} kernel: IPv6: {pick(['eth0', 'ens3'])}: neighbour {tok} reachable", "log", "en"


# ---------------------------------------------------------------------------
# single-value sample builders; each returns dict
# ---------------------------------------------------------------------------
def S(text, labels, lang, form, context, allow=()):
    return {"text": text, "labels": [{"detector": d, "value": v, "form": f} for d, v, f in labels], "lang": lang, "form": form,
            "context": context, "_allow": list(allow)}


def b_email():
    lang = lang_pick()
    v, form = make_email(lang)
    pre, post = "", ""
    if form == "plain" and rng.random() < 0.25:
        k = rng.randrange(3)
        if k == 0:
            t = f"<p>{pick(['Questions?', 'Fragen?', 'Dotazy?', '궁금하신 점?'])} <a href=\"mailto:{v}\">{pick(['write to us', 'schreiben Sie uns', 'napište nám', 'contact'])}</a></p>"
            return S(t, [("email", v, "mailto_href")], "en", "mailto_href", "html")
        if k == 1:
            t = f"From: {pick(['Support desk', 'Kundenservice', 'Podpora'])} <{v}>\nTo: helpdesk@{pick(DOMAIN_WORDS)}.com\n"
            # two emails: label both
            v2 = t.split("To: ")[1].strip()
            return S(t, [("email", v, "angle_brackets"), ("email", v2, "plain")], "en", "mail_headers", "email")
        t = f"[{pick(['contact', 'Kontakt', 'kapcsolat'])}](mailto:{v})"
        return S(t, [("email", v, "markdown_mailto")], lang, "markdown_mailto", "markdown")
    text, c, l2 = ctx_personal("email", pre + v + post, lang)
    return S(text, [("email", v, form)], l2, form, c)


def b_phone():
    lang = lang_pick()
    v, form = make_phone(lang)
    if rng.random() < 0.06 and "+" in v:
        t = f"<a href=\"tel:{v.replace(' ', '')}\">{pick(['Call us', 'Rufen Sie an', 'Zavolejte', 'Hívjon'])}</a>"
        return S(t, [("phone", v.replace(" ", ""), "tel_href")], "en", "tel_href", "html")
    text, c, l2 = ctx_personal("phone", v, lang)
    return S(text, [("phone", v, form)], l2, form, c)


def b_card():
    lang = lang_pick()
    v, form, brand = make_card()
    text, c, l2 = ctx_personal("credit_card", v, lang)
    return S(text, [("credit_card", v, form)], l2, form, c)


def b_ssn():
    lang = wpick([("en", 70), ("es", 18), ("de", 3), ("ko", 3), ("vi", 3), ("pl", 3)])
    v, form = make_ssn()
    if form == "compact_with_context":
        t = pick(["SSN: {v}", "Employee SSN {v} (no dashes, as requested)", "social security number {v}", "ssn={v}"]).format(v=v)
        if lang != "en":
            t = f"{noun(lang, 'ssn')}: {v}"
        c = pick(["form", "chat", "log"])
        if c == "log":
            t = f"{rdate()} {rtime()} payroll.sync employee={rng.randint(100, 9999)} ssn={v} status=mismatch"
            lang = "en"
        return S(t, [("ssn", v, form)], lang, form, c)
    text, c, l2 = ctx_personal("ssn", v, lang)
    if "SSN" not in text and "ssn" not in text:
        text = "SSN — " + text
    return S(text, [("ssn", v, form)], l2, form, c)


def b_iban():
    lang = lang_pick()
    v, form = make_iban(lang)
    text, c, l2 = ctx_personal("iban", v, lang)
    return S(text, [("iban", v, form)], l2, form, c)


def b_ipv4():
    lang = lang_pick()
    v, form, pre, post = make_ipv4()
    text, c, l2 = ctx_personal("ipv4", pre + v + post, lang)
    return S(text, [("ipv4", v, form)], l2, form, c)


def b_ipv6():
    lang = lang_pick()
    v, form, pre, post = make_ipv6()
    text, c, l2 = ctx_personal("ipv6", pre + v + post, lang)
    return S(text, [("ipv6", v, form)], l2, form, c)


def b_name():
    lang = lang_pick()
    v, form = person_name(lang)[:2]
    k = rng.random()
    if k < 0.2 and lang in TITLES:
        t = pick(TITLES[lang]) + " " + v
        text, c, l2 = ctx_personal("person_name", t, lang)
        return S(text, [("person_name", v, "title_outside_value")], l2, "title_outside_value", c)
    if k < 0.35:
        g, b, s = MAIL_BITS[lang]
        text = f"{g}\n\n{pick(['the signed contract is attached.', 'der Vertrag ist unterschrieben angehängt.', 'v příloze posílám podepsanou smlouvu.', 'csatolom az aláírt szerződést.']) if lang in ('en','de','cs','hu') else '📎'}\n\n{b.splitlines()[0]}\n{v}"
        return S(text, [("person_name", v, form)], lang, "email_signature", "email")
    text, c, l2 = ctx_personal("person_name", v, lang)
    return S(text, [("person_name", v, form)], l2, form, c)


def b_street():
    lang = lang_pick()
    v, form = street_address(lang)
    pc, city = CITY[lang]
    tok = v + (", " + (pc + " " if pc else "") + city if rng.random() < 0.6 else "")
    text, c, l2 = ctx_personal("street_address", tok, lang)
    return S(text, [("street_address", v, form)], l2, form, c)


# ---------- secrets --------------------------------------------------------
def secret_ctx(det, v, env, lang):
    c = wpick([("env", 18), ("yaml", 12), ("toml", 8), ("json", 10), ("code", 16), ("shell", 10), ("log", 8), ("chat", 12), ("ticket", 4), ("diff", 5)])
    if c == "env":
        return f"# {pick(['local dev', 'staging', 'do not commit'])}\nAPP_ENV=staging\n{env}={v}\nLOG_LEVEL=debug\n", c, "en"
    if c == "yaml":
        return f"services:\n  worker:\n    image: registry.local/worker:{rng.randint(1, 9)}.{rng.randint(0, 20)}\n    environment:\n      {env}: \"{v}\"\n", c, "en"
    if c == "toml":
        return f"[credentials]\n{env.lower()} = \"{v}\"\ntimeout_s = {rng.randint(5, 60)}\n", c, "en"
    if c == "json":
        return json.dumps({"name": "worker", "env": {env: "@@"}, "replicas": rng.randint(1, 5)}).replace("@@", v), c, "en"
    if c == "code":
        k = rng.randrange(3)
        if k == 0:
            return f"import os\n\n{env} = os.environ.get(\"{env}\", \"{v}\")  # TODO remove fallback\n", c, "en"
        if k == 1:
            return f"const {env.lower()} = process.env.{env} ?? '{v}';\n", c, "en"
        return f"func main() {{\n\tkey := \"{v}\"\n\tclient := newClient(key)\n\t_ = client\n}}\n", c, "en"
    if c == "shell":
        return f"$ export {env}={v}\n$ ./deploy.sh --region eu-central-1\n", c, "en"
    if c == "log":
        return f"{rdate()}T{rtime()}Z DEBUG config loaded {env.lower()}={v} source=env", c, "en"
    if c == "diff":
        return f"--- a/.env.example\n+++ b/.env.example\n@@ -3,2 +3,3 @@\n APP_ENV=dev\n+{env}={v}\n", c, "en"
    if c == "ticket":
        return f"[TICKET-{rng.randint(10000, 99999)}] {pick(DEV_FRAMES[lang]).format(n=noun(lang, det), v=v)}", c, lang
    return pick(DEV_FRAMES[lang]).format(n=noun(lang, det), v=v), c, lang


def b_secret(det):
    lang = lang_pick()
    if det == "openai_key":
        v, form = make_openai()
        env = "OPENAI_API_KEY"
    elif det == "anthropic_key":
        v, form = make_anthropic()
        env = "ANTHROPIC_API_KEY"
        if rng.random() < 0.2:
            t = f"curl https://api.anthropic.com/v1/messages -H \"x-api-key: {v}\" -H \"anthropic-version: 2023-06-01\""
            return S(t, [(det, v, form)], "en", form, "shell")
    elif det == "aws_access_key":
        v, form = make_aws()
        env = "AWS_ACCESS_KEY_ID"
        if rng.random() < 0.3:
            t = f"[default]\naws_access_key_id = {v}\nregion = {pick(['eu-central-1', 'us-east-1', 'ap-southeast-1'])}\noutput = json\n"
            return S(t, [(det, v, form)], "en", form, "ini")
    else:
        v, form = make_github()
        env = pick(["GITHUB_TOKEN", "GH_TOKEN"])
        if rng.random() < 0.2:
            t = f"$ echo {v} | gh auth login --with-token\n$ gh repo clone {pick(['acme', 'orbitlabs', 'hanbit'])}/{pick(['infra', 'web', 'tools'])}"
            return S(t, [(det, v, form)], "en", form + "_cli_stdin", "shell")
    text, c, l2 = secret_ctx(det, v, env, lang)
    return S(text, [(det, v, form)], l2, form, c)


def b_jwt():
    v, form = make_jwt()
    c = wpick([("http", 30), ("cookie", 12), ("url", 12), ("json", 20), ("log", 14), ("chat", 12)])
    lang = "en"
    if c == "http":
        t = f"GET /v1/me HTTP/1.1\nHost: {host()}\nAuthorization: Bearer {v}\nAccept: application/json\n"
        lf = "authorization_bearer"
    elif c == "cookie":
        t = f"Set-Cookie: session={v}; Path=/; HttpOnly; Secure; SameSite=Lax"
        lf = "cookie"
        c = "http"
    elif c == "url":
        t = f"https://{host()}/callback?state={rs(ALNUM, 12)}&id_token={v}"
        lf = "url_param"
    elif c == "json":
        t = json.dumps({"token_type": "Bearer", "expires_in": 3600, "access_token": "@@"}).replace("@@", v)
        lf = "json_field"
    elif c == "log":
        t = f"{rdate()} {rtime()} ERROR auth: signature verification failed token={v}"
        lf = "log_field"
    else:
        lang = lang_pick()
        t = pick(DEV_FRAMES[lang]).format(n="JWT", v=v)
        lf = "bare"
    return S(t, [("jwt", v, form + "_" + lf)], lang, form + "_" + lf, c)


def b_bearer():
    v, style = make_bearer_token()
    k = wpick([("http", 30), ("curl", 20), ("python", 12), ("http2", 10), ("json", 10), ("log", 10), ("js", 8)])
    if k == "http":
        t = f"POST /v2/orders HTTP/1.1\nHost: {host()}\nContent-Type: application/json\nAuthorization: Bearer {v}\n\n{{\"sku\":\"TX-{rng.randint(100, 999)}\",\"qty\":{rng.randint(1, 9)}}}"
        c = "http"
    elif k == "curl":
        t = f"curl -sS -H 'Authorization: Bearer {v}' https://{host()}/v1/items?limit={rng.randint(10, 100)}"
        c = "shell"
    elif k == "python":
        t = f"resp = requests.get(url, headers={{\"Authorization\": \"Bearer {v}\"}}, timeout=10)"
        c = "code"
    elif k == "http2":
        t = f":method: GET\n:path: /api/profile\n:authority: {host()}\nauthorization: Bearer {v}\n"
        c = "http"
    elif k == "json":
        t = json.dumps({"headers": {"Authorization": "Bearer @@", "Accept": "*/*"}}).replace("@@", v)
        c = "json"
    elif k == "log":
        t = f"{rdate()} {rtime()} DEBUG outbound request headers={{'Authorization': 'Bearer {v}', 'User-Agent': 'sync/2.3'}}"
        c = "log"
    else:
        t = f"fetch(url, {{ headers: {{ Authorization: `Bearer {v}` }} }});"
        c = "code"
    return S(t, [("bearer_token", v, style + "_" + k)], "en", style + "_" + k, c)


def b_pkey():
    b, lines, e, kind = make_private_key()
    f = wpick([("pem", 45), ("crlf", 8), ("json_escaped", 15), ("yaml_block", 15), ("flattened_spaces", 7), ("env_quoted", 10)])
    if f == "pem":
        v = "\n".join([b] + lines + [e])
        t = pick(["", "$ cat ~/.ssh/id_deploy\n", "key.pem:\n", "Here is the key file you asked for:\n\n"]) + v + "\n"
        c = "code"
    elif f == "crlf":
        v = "\r\n".join([b] + lines + [e])
        t = v + "\r\n"
        c = "code"
    elif f == "json_escaped":
        v = "\\n".join([b] + lines + [e])
        t = "{\"type\": \"service_account\", \"project_id\": \"ingest-" + str(rng.randint(100, 999)) + "\", \"private_key\": \"" + v + "\\n\"}"
        c = "json"
    elif f == "yaml_block":
        v = "\n    ".join([b] + lines + [e])
        t = "tls:\n  cert_file: /etc/ssl/server.crt\n  key: |\n    " + v + "\n"
        c = "yaml"
    elif f == "flattened_spaces":
        v = " ".join([b] + lines + [e])
        t = "pasted from the vault UI (newlines got lost): " + v
        c = "chat"
    else:
        v = "\n".join([b] + lines + [e])
        t = "DEPLOY_KEY=\"" + v + "\"\nDEPLOY_HOST=build-01\n"
        c = "env"
    return S(t, [("private_key", v, kind + "_" + f)], "en", kind + "_" + f, c)


# ---------------------------------------------------------------------------
# multi-value layouts
# ---------------------------------------------------------------------------
def m_contact_card():
    lang = lang_pick()
    name, nf, g, f = person_name(lang)
    street, sf = street_address(lang)
    em, ef = make_email(lang, g, f, allow_obf=False) if g else make_email(lang, allow_obf=False)
    ph, pf = make_phone(lang, evasion=False)
    pc, city = CITY[lang]
    N = POS_NOUNS[lang]
    t = f"{capfirst(N[10])}: {name}\n{capfirst(N[11])}: {street}, {(pc + ' ') if pc else ''}{city}\n{capfirst(N[0])}: {em}\n{capfirst(N[1])}: {ph}"
    return S(t, [("person_name", name, nf), ("street_address", street, sf), ("email", em, ef), ("phone", ph, pf)], lang, "contact_card", "form")


def m_csv_rows():
    lang = lang_pick()
    rows, labels = ["id,email,phone,iban"], []
    for i in range(rng.randint(2, 3)):
        em, ef = make_email(lang, allow_obf=False)
        ph, pf = make_phone(lang, evasion=False)
        ib = make_iban_compact(pick(IBAN_CC[lang]))
        rows.append(f"{rng.randint(1000, 9999)},{em},\"{ph}\",{ib}")
        labels += [("email", em, ef), ("phone", ph, pf), ("iban", ib, "compact")]
    return S("\n".join(rows), labels, "en", "csv_rows", "csv")


def m_sql_insert():
    name, nf = person_name("en")[:2]
    em, ef = make_email("en", allow_obf=False)
    a, g, s = ssn_parts()
    ssn = f"{a}-{g}-{s}"
    cv, cf, _ = make_card()
    while cf != "compact":
        cv, cf, _ = make_card()
    t = f"INSERT INTO applicants (full_name, email, ssn, card_pan, status) VALUES ('{name}', '{em}', '{ssn}', '{cv}', 'review');"
    return S(t, [("person_name", name, nf), ("email", em, ef), ("ssn", ssn, "dashes"), ("credit_card", cv, cf)], "en", "sql_insert", "sql")


def m_http_dump():
    a, b = ipv4_public(), ipv4_private()
    if rng.random() < 0.5:
        tok, tf = make_bearer_token()
        det = "bearer_token"
    else:
        tok, tf = make_jwt()
        det = "jwt"
    t = (f"POST /api/v3/sessions/refresh HTTP/1.1\nHost: {host()}\nX-Forwarded-For: {a}, {b}\nX-Request-Id: {uuid4()}\n"
         f"Authorization: Bearer {tok}\nContent-Length: 0\n")
    return S(t, [("ipv4", a, "xff_list"), ("ipv4", b, "xff_list"), (det, tok, tf + "_authorization_bearer")], "en", "http_dump", "http")


def m_firewall():
    if rng.random() < 0.6:
        a, b = ipv4_public(), ipv4_private()
        det, fa, fb = "ipv4", "plain", "plain"
    else:
        a, b = ipv6_raw().compressed, ipv6_raw().compressed
        det, fa, fb = "ipv6", "compressed", "compressed"
    t = (f"{pick(['Mar', 'Jun', 'Nov'])} {rng.randint(1, 28)} {rtime()} gw kernel: [UFW BLOCK] IN=eth0 OUT= SRC={a} DST={b} LEN={rng.randint(40, 1500)} "
         f"TTL={rng.randint(30, 128)} PROTO=TCP SPT={rng.randint(1025, 65000)} DPT={pick(['22', '3389', '445', '23'])}")
    return S(t, [(det, a, fa), (det, b, fb)], "en", "firewall_log", "log")


def m_env_multi():
    o, of = make_openai()
    w, wf = make_aws()
    g, gf = make_github()
    t = f"# .env (staging)\nOPENAI_API_KEY={o}\nAWS_ACCESS_KEY_ID={w}\nAWS_REGION=eu-west-1\nGITHUB_TOKEN={g}\n"
    return S(t, [("openai_key", o, of), ("aws_access_key", w, wf), ("github_token", g, gf)], "en", "env_multi", "env")


def m_json_profile():
    lang = lang_pick()
    em, ef = make_email(lang, allow_obf=False)
    ph, pf = make_phone(lang, evasion=False)
    ip6 = ipv6_raw().compressed
    ib, ibf = make_iban(lang)
    d = {"user": {"id": rng.randint(1000, 99999), "email": "@E@", "phone": "@P@", "last_login_ip": "@I@", "payout": {"iban": "@B@"}}}
    t = json.dumps(d, ensure_ascii=False).replace("@E@", em).replace("@P@", ph).replace("@I@", ip6).replace("@B@", ib)
    return S(t, [("email", em, ef), ("phone", ph, pf), ("ipv6", ip6, "compressed"), ("iban", ib, ibf)], "en", "json_profile", "json")


def m_markdown_table():
    lang = lang_pick()
    N = POS_NOUNS[lang]
    rows = [f"| # | {N[0]} | {N[1]} |", "|---|---|---|"]
    labels = []
    for i in range(rng.randint(2, 3)):
        em, ef = make_email(lang, allow_obf=False)
        ph, pf = make_phone(lang)
        rows.append(f"| {i + 1} | {em} | {ph} |")
        labels += [("email", em, ef), ("phone", ph, pf)]
    return S("\n".join(rows), labels, lang, "markdown_table", "markdown")


def m_transcript():
    lang = lang_pick()
    cu, ag = ROLES[lang]
    em, ef = make_email(lang)
    ph, pf = make_phone(lang)
    N = POS_NOUNS[lang]
    t = (f"{ag}: {AGENT_LINE[lang]}\n{cu}: {capfirst(N[0])}: {em}\n{cu}: {capfirst(N[1])}: {ph}\n{ag}: {AGENT_LINE[lang]}")
    return S(t, [("email", em, ef), ("phone", ph, pf)], lang, "chat_two_values", "chat-transcript")


def m_payment():
    lang = lang_pick()
    name, nf = person_name(lang)[:2]
    cv, cf, _ = make_card()
    ib, ibf = make_iban(lang)
    N = POS_NOUNS[lang]
    t = f"{capfirst(N[10])}: {name}\n{capfirst(N[2])}: {cv}\n{capfirst(N[4])}: {ib}"
    return S(t, [("person_name", name, nf), ("credit_card", cv, cf), ("iban", ib, ibf)], lang, "payment_form", "form")


# ---------------------------------------------------------------------------
# hard negatives
# ---------------------------------------------------------------------------
def neg_text(lang, nkey, v):
    n = NEG_NOUNS[lang][NEG_NOUN_KEYS.index(nkey)]
    return pick(NEG_FRAMES[lang]).format(n=n, N=capfirst(n), v=v)


def neg_wrap(kind, nkey, v, allow=()):
    lang = lang_pick()
    c = wpick([("chat", 50), ("json", 12), ("log", 12), ("csv", 8), ("email", 8), ("yaml", 10)])
    key = {"order": "order_no", "tracking": "tracking_no", "invoice": "invoice_no", "version": "version", "date": "date", "time": "time",
           "price": "price", "reqid": "request_id", "checksum": "sha256", "commit": "commit", "mac": "mac", "product": "sku", "isbn": "isbn",
           "coords": "location", "customer": "customer_no", "timestamp": "ts", "routing": "routing_no", "imei": "imei", "serial": "serial",
           "oid": "oid", "ticket": "ticket", "account": "account_no", "ref": "reference", "zip": "zip", "result": "result", "build": "build"}[nkey]
    if c == "chat":
        return S(neg_text(lang, nkey, v), [], lang, kind, c, allow)
    if c == "email":
        g, b, s = MAIL_BITS[lang]
        return S(f"{s}: Re: #{rng.randint(1000, 99999)}\n\n{g}\n\n{neg_text(lang, nkey, v)}\n\n{b}", [], lang, kind, c, allow)
    if c == "json":
        return S(json.dumps({key: "@@", "status": pick(["ok", "queued", "failed"])}).replace("@@", v), [], "en", kind, c, allow)
    if c == "log":
        return S(f"{rdate()}T{rtime()}Z INFO job={pick(['export', 'sync', 'reindex'])} {key}=\"{v}\" took={rng.randint(3, 900)}ms", [], "en", kind, c, allow)
    if c == "csv":
        return S(f"row;{key};state\n{rng.randint(1, 500)};{v};{pick(['open', 'done'])}", [], "en", kind, c, allow)
    return S(f"item:\n  {key}: \"{v}\"\n  retries: {rng.randint(0, 5)}\n", [], "en", kind, c, allow)


def n_luhn_invalid_card():
    while True:
        brand, n = card_number()
        bad = n[:-1] + str((int(n[-1]) + rng.randint(1, 9)) % 10)
        if not luhn_sum_ok(bad):
            break
    v = group(bad, card_groups(bad), pick([" ", "-", ""]))
    return neg_wrap("luhn_invalid_card", pick(["ref", "order", "serial", "account"]), v)


def n_luhn_valid_no_iin():
    d = luhn_complete(pick(["1", "8", "9", "70", "0"]) + rs(DG, 14)) if True else ""
    d = d[:16] if len(d) >= 16 else d
    if len(d) != 16 or not luhn_sum_ok(d):
        d = luhn_complete(pick(["19", "80", "90", "71"]) + rs(DG, 13))
    v = group(d, [4, 4, 4, 4], pick([" ", "-"]))
    return neg_wrap("luhn_valid_unassigned_iin", pick(["serial", "ref", "customer"]), v, allow=[v])


def n_imei():
    d = luhn_complete(pick(["35", "86", "01", "99"]) + rs(DG, 12))
    v = pick([d, f"{d[:2]}-{d[2:8]}-{d[8:14]}-{d[14]}", f"{d[:8]} {d[8:14]} {d[14]}"])
    return neg_wrap("imei", "imei", v, allow=[v])


def n_masked_card():
    last = rs(DG, 4)
    v = pick([f"**** **** **** {last}", f"XXXX-XXXX-XXXX-{last}", f"{pick(['4', '5'])}{rs(DG, 3)} •••• •••• {last}", f"ending in {last}", f"************{last}"])
    return neg_wrap("masked_card", "ref", v)


def n_iban_bad_checksum():
    cc = pick(list(IBAN_SPEC))
    c = make_iban_compact(cc)
    ck = int(c[2:4])
    while True:
        nk = rng.randint(2, 98)
        if nk != ck:
            break
    bad = c[:2] + f"{nk:02d}" + c[4:]
    if iban_valid(bad):
        return n_iban_bad_checksum()
    v = group(bad, [4] * 8, " ") if rng.random() < 0.6 else bad
    return neg_wrap("iban_bad_checksum", pick(["account", "ref"]), v)


def n_iban_wrong_length():
    cc = pick(list(IBAN_SPEC))
    L, spec = IBAN_SPEC[cc]
    bban = bban_from_spec(spec)
    bban = bban[:-1] if rng.random() < 0.5 else bban + pick(DG)
    c = cc + iban_checkdigits(cc, bban) + bban
    v = group(c, [4] * 8, " ") if rng.random() < 0.5 else c
    return neg_wrap("iban_wrong_length", pick(["account", "ref"]), v)


def n_bank_not_iban():
    v = pick([f"{rng.randint(10, 99)}-{rng.randint(10, 99)}-{rng.randint(10, 99)} / {rs(DG, 8)}", pick(["COBADEFFXXX", "GIBACZPX", "BTRLRO22", "OKOYFIHH", "BPOTBEB1", "DEUTDEDB110"]),
             f"{rs(DG, 6)}-{rs(DG, 10)}/0800", f"BLZ {rs(DG, 3)} {rs(DG, 3)} {rs(DG, 2)}"])
    return neg_wrap("bank_details_not_iban", "account", v)


def n_ssn_invalid():
    k = rng.randrange(5)
    a, g, s = ssn_parts()
    if k == 0:
        a = "000"
    elif k == 1:
        a = "666"
    elif k == 2:
        a = str(rng.randint(900, 999))
        g = str(pick([rng.randint(70, 88), rng.randint(90, 99)]))
    elif k == 3:
        g = "00"
    else:
        s = "0000"
    v = f"{a}-{g}-{s}"
    if rng.random() < 0.5:
        lang = wpick([("en", 80), ("es", 20)])
        t = pick(["Form rejected: {v} is not a valid SSN, please re-enter.", "ITIN on file: {v}", "Validation error field=ssn value={v} reason=invalid_area_or_group",
                  "El número {v} no es un SSN válido."]).format(v=v)
        return S(t, [], lang if "El" in t else "en", "ssn_invalid_range", pick(["form", "log", "chat"]))
    return neg_wrap("ssn_invalid_range", pick(["ref", "ticket"]), v)


def n_nine_digits():
    v = rs("123456789", 1) + rs(DG, 8)
    return neg_wrap("nine_digits_no_ssn_context", pick(["routing", "customer", "order", "invoice"]), v)


def n_ssn_like():
    v = pick([f"{rs(DG, 5)}-{rs(DG, 4)}", f"{rs(DG, 3)}-{rs(DG, 3)}-{rs(DG, 3)}", f"{rs(DG, 3)}-{rs(DG, 2)}-{rs(DG, 3)}", f"{rng.randint(20, 26)}-CV-{rs(DG, 5)}"])
    return neg_wrap("ssn_like_other_shape", pick(["zip", "ref", "ticket", "product"]), v)


def n_version():
    v = pick([f"{rng.randint(1, 9)}.{rng.randint(0, 30)}.{rng.randint(0, 9)}.{rng.randint(0, 99)}.{rng.randint(0, 9)}",
              f"10.0.{rng.randint(19041, 26100)}.{rng.randint(1000, 5000)}", f"v{rng.randint(1, 5)}.{rng.randint(0, 40)}.{rng.randint(0, 20)}",
              f"{rng.randint(100, 130)}.0.{rng.randint(5000, 6999)}.{rng.randint(10, 200)}", f"{rng.randint(1, 4)}.{rng.randint(256, 999)}.{rng.randint(0, 9)}.{rng.randint(0, 9)}"])
    return neg_wrap("version_string", pick(["version", "build"]), v)


def n_oid():
    v = pick(["1.3.6.1.4.1." + str(rng.randint(300, 60000)) + "." + str(rng.randint(1, 30)), "1.2.840.113549.1.1." + str(rng.randint(1, 14)),
              "2.16.840.1.101.3.4.2." + str(rng.randint(1, 3)), "1.3.6.1.2.1.2.2.1." + str(rng.randint(1, 20)), "2.5.29." + str(rng.randint(14, 37)) + ".0"])
    return neg_wrap("oid", "oid", v)


def n_ip_out_of_range():
    parts = [rng.randint(1, 255) for _ in range(4)]
    parts[rng.randrange(4)] = rng.randint(256, 999)
    v = ".".join(map(str, parts))
    lang = "en"
    t = pick([f"error: '{v}' is not a valid IPv4 address", f"{rdate()} {rtime()} WARN dropped malformed host header value={v}",
              f"Die Eingabe {v} ist keine gültige IP-Adresse.", f"Neplatná adresa: {v}"])
    lang = "de" if "Eingabe" in t else ("cs" if "Neplatná" in t else "en")
    return S(t, [], lang, "dotted_quad_out_of_range", "log" if "WARN" in t or "error" in t else "chat")


def n_datetime():
    v = pick([f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.20{rng.randint(20, 27)}", f"{rdate()}T{rtime()}.{rs(DG, 3)}Z",
              f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/20{rng.randint(20, 27)} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}", rtime(),
              f"20{rng.randint(20, 27)}.{rng.randint(1, 12):02d}.{rng.randint(1, 28):02d}."])
    return neg_wrap("date_time", pick(["date", "time", "timestamp"]), v)


def n_price():
    v = pick([f"{rng.randint(1, 9)} {rs(DG, 3)},{rs(DG, 2)} €", f"${rng.randint(1, 99)},{rs(DG, 3)}.{rs(DG, 2)}", f"{rng.randint(1, 99)}.{rs(DG, 3)}.000 VND",
              f"₩{rng.randint(1, 9)},{rs(DG, 3)},000", f"₪{rng.randint(10, 999)}.90", f"{rng.randint(1, 99)}.{rs(DG, 3)},{rs(DG, 2)} Ft", f"{rng.randint(100, 9999)} Kč"])
    return neg_wrap("price", "price", v)


def n_ids():
    k = rng.randrange(6)
    if k == 0:
        return neg_wrap("uuid", "reqid", uuid4())
    if k == 1:
        return neg_wrap("sha256_hash", "checksum", rs(HEX, 64))
    if k == 2:
        return neg_wrap("git_sha", "commit", rs(HEX, pick([40, 7, 12])))
    if k == 3:
        return neg_wrap("md5_hash", "checksum", rs(HEX, 32))
    if k == 4:
        return neg_wrap("invoice_number", "invoice", pick([f"INV-20{rng.randint(22, 26)}-{rs(DG, 6)}", f"FV/{rs(DG, 4)}/{rng.randint(1, 12):02d}/2025", f"PO-{rs(DG, 5)}"]))
    return neg_wrap("order_number", "order", pick([f"{rs(DG, 3)}-{rs(DG, 7)}-{rs(DG, 7)}", f"#A-{rs(DG, 4)}-{rs(DG, 4)}", f"ORD{rs(DG, 8)}"]))


def n_tracking():
    v = pick([f"1Z{rs(UP + DG, 6)}{rs(DG, 10)}", f"JJD{rs(DG, 18)}", f"{rs(UP, 2)}{rs(DG, 9)}{pick(['CZ', 'DE', 'FI', 'HU'])}", f"3S{rs(UP, 4)}{rs(DG, 7)}"])
    return neg_wrap("tracking_number", "tracking", v)


def n_mac():
    b = [rs(HEX, 2) for _ in range(6)]
    v = pick([":".join(b), "-".join(b).upper(), f"{b[0]}{b[1]}.{b[2]}{b[3]}.{b[4]}{b[5]}", ":".join(b).upper()])
    return neg_wrap("mac_address", "mac", v)


def n_product_isbn():
    k = rng.randrange(3)
    if k == 0:
        return neg_wrap("product_code", "product", pick([f"SKU-{rs(DG, 4)}-{pick(['BLK', 'WHT', 'RED'])}-{pick(['S', 'M', 'XL'])}", f"ART. {rs(DG, 2)}-{rs(DG, 4)}-{rs(DG, 2)}", f"{rs(UP, 3)}{rs(DG, 5)}"]))
    if k == 1:
        d = "978" + rs(DG, 9)
        ck = (10 - sum((1 if i % 2 == 0 else 3) * int(c) for i, c in enumerate(d)) % 10) % 10
        d += str(ck)
        v = pick([d, f"{d[:3]}-{d[3:5]}-{d[5:9]}-{d[9:12]}-{d[12]}"])
        return neg_wrap("isbn13", "isbn", v)
    return neg_wrap("coordinates", "coords", pick([f"{rng.uniform(-60, 70):.4f}, {rng.uniform(-170, 170):.4f}", f"{rng.randint(30, 65)}.{rs(DG, 4)}° N, {rng.randint(1, 40)}.{rs(DG, 4)}° E"]))


def n_math():
    t = pick(["2^64 = 18446744073709551616", "π ≈ 3.14159265358979", "e ≈ 2.718281828", "sqrt(2) = 1.41421356237",
              f"{rng.randint(100, 999)} * {rng.randint(100, 999)} = ?", f"ratio 16:9, fps 29.97, {rng.randint(2, 8)}x zoom"])
    return S(t, [], "en", "math", "chat")


def n_timestamp_bare():
    v = str(rng.randint(1600000000, 1790000000)) + (rs(DG, 3) if rng.random() < 0.4 else "")
    return neg_wrap("unix_timestamp", "timestamp", v)


def n_bare_10():
    v = rs("123456789", 1) + rs(DG, 9)
    return neg_wrap("bare_10_digits", pick(["customer", "account", "order"]), v)


def n_email_like():
    t = pick(["@Override\npublic String toString() {{ return name; }}", "npm i @types/node@{a}.{b}.{c} --save-dev", "pip install requests=={a}.{b}.{c}  # not requests@latest",
              "root@web-{a:02d}:~# systemctl restart nginx", "@media (max-width: {a}00px) {{ .nav {{ display: none; }} }}", "thanks @devops-team, merged!",
              "{a} @ {b}.99 € = ?", "@everyone standup moved to 10:30", "lodash@{a}.{b}.{c} has a prototype pollution fix", "ping @{b}qa-bot please rerun"])
    t = t.format(a=rng.randint(1, 9), b=rng.randint(0, 30), c=rng.randint(0, 20))
    return S(t, [], "en", "email_like_at_sign", "code" if "{" in t or "$" in t or "#" in t else "chat")


def n_ipv6_like():
    t = pick(["use std::collections::HashMap;\nlet m: HashMap<u32, String> = HashMap::new();", "std::chrono::seconds d{{{a}}};",
              "Fingerprint MD5: " + ":".join(rs(HEX, 2) for _ in range(16)), "aspect {a}:{b}:{c}", "uptime {a:02d}:{b:02d}:{c:02d}",
              "tokio::sync::mpsc::channel({a}00)", "ERR 0x{h}: DEADBEEF::CAFE (not an address)", "BSSID " + ":".join(rs(HEX, 2) for _ in range(6))])
    t = t.format(a=rng.randint(1, 9), b=rng.randint(10, 59), c=rng.randint(10, 59), h=rs(HEX, 4))
    return S(t, [], "en", "colon_hex_not_ipv6", "code")


def n_key_placeholder():
    k = rng.randrange(10)
    if k == 0:
        v = "sk-" + "x" * 48
    elif k == 1:
        v = "sk-proj-" + "X" * rng.randint(20, 60)
    elif k == 2:
        v = "sk-your-api-key-here"
    elif k == 3:
        v = "sk-ant-api03-" + "x" * 40
    elif k == 4:
        v = "ghp_" + "X" * 36
    elif k == 5:
        v = "AKIAIOSFODNN7EXAMPLE"
    elif k == 6:
        v = "AKIA" + "X" * 16
    elif k == 7:
        v = "github_pat_" + "x" * 22 + "_" + "x" * 59
    elif k == 8:
        v = "sk-..." + rs(ALNUM, 4)
    else:
        v = "<YOUR_OPENAI_KEY>"
    env = pick(["OPENAI_API_KEY", "API_KEY", "AWS_ACCESS_KEY_ID", "GITHUB_TOKEN"])
    t, c = pick([(f"# example config — replace before use\n{env}={v}\n", "env"), (f"Set `{env}` to something like `{v}` (placeholder).", "markdown"),
                 (f"{env}: \"{v}\"  # documentation example", "yaml")])
    return S(t, [], "en", "placeholder_key", c, allow=[v])


def n_aws_near_miss():
    k = rng.randrange(3)
    if k == 0:
        body = list(rs(UP + "234567", 16))
        for _ in range(rng.randint(1, 3)):
            body[rng.randrange(16)] = pick("0189")
        v = "AKIA" + "".join(body)
    elif k == 1:
        v = "AKIA" + rs(UP + "234567", 12)
    else:
        v = "AKIA" + rs(UP + "234567", 16).lower()
    return neg_wrap("aws_like_wrong_alphabet_or_length", pick(["serial", "ref", "product"]), v)


def n_jwt_like():
    obj = pick([{"theme": "dark", "v": rng.randint(1, 9)}, {"kind": "settings", "cols": rng.randint(2, 12)}, {"page": rng.randint(1, 40), "sort": "asc"}])
    v = b64url(json.dumps(obj, separators=(",", ":")).encode())
    t = pick([f"cursor={v}", f"next_page_token: {v}", f"localStorage.setItem('prefs', '{v}')"])
    return S(t, [], "en", "base64_json_single_segment", "code")


def n_bearer_like():
    t = pick(["Authorization: Bearer <token>", "Authorization: Bearer ${API_TOKEN}", "Authorization: Bearer {{access_token}}",
              "WWW-Authenticate: Bearer realm=\"api\", error=\"invalid_token\", error_description=\"The access token expired\"",
              "curl -H \"Authorization: Bearer $TOKEN\" https://" + host() + "/v1/ping", "I am not the bearer of bad news this time, promise.",
              "Authorization: Bearer xxxxxxxxxxxxxxxxxxxxxxxx", "The bearer token expired, please log in again.", "Authorization: Bearer YOUR_ACCESS_TOKEN_HERE"])
    return S(t, [], "en", "bearer_placeholder_or_prose", "http" if "Authorization" in t or "WWW" in t else "chat")


def n_pem_public():
    k = rng.randrange(4)
    if k == 0:
        lab, body = "PUBLIC KEY", b64_body("MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA", 392)
    elif k == 1:
        lab, body = "CERTIFICATE", b64_body("MIIDdzCCAl+gAwIBAgIE", 900)
    elif k == 2:
        lab, body = "CERTIFICATE REQUEST", b64_body("MIICvDCCAaQCAQAwdzEL", 640)
    else:
        t = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + rs(B64, 43) + " deploy@build-server"
        return S(t, [], "en", "ssh_public_key", "code")
    lines = [body[i:i + 64] for i in range(0, len(body), 64)]
    t = "\n".join([f"-----BEGIN {lab}-----"] + lines + [f"-----END {lab}-----"])
    return S(t, [], "en", "pem_public_material", "code")


NUMBERED = {"en": ["Route 66", "Terminal 2", "Gate B12", "Platform 9", "Windows 11", "Building 7"], "de": ["Gleis 4", "Halle 3", "Terminal 1", "Windows 11"],
            "cs": ["Peron 3", "Brána 12", "Hala 5"], "fi": ["Laituri 7", "Portti 21"], "fr": ["Terminal 2E", "Porte 14", "Quai 3"], "ko": ["게이트 23", "터미널 2"],
            "es": ["Puerta 18", "Andén 4"], "hu": ["Vágány 5", "Terminál 2B"], "el": ["Πύλη 7"], "id": ["Gerbang 3", "Peron 2"], "vi": ["Cổng 5", "Ga 2"],
            "he": ["שער 8"], "pl": ["Peron 2", "Brama 9"], "it": ["Binario 6", "Gate A3"], "ro": ["Peronul 4", "Poarta 11"]}
NUM_FRAME = {"en": "Meet at {v} in ten minutes.", "de": "Treffpunkt: {v}, in zehn Minuten.", "cs": "Sraz u: {v}, za deset minut.", "fi": "Tavataan: {v}, kymmenen minuutin päästä.",
             "fr": "Rendez-vous : {v}, dans dix minutes.", "ko": "10분 뒤 {v}에서 만나요.", "es": "Nos vemos en: {v}, en diez minutos.", "hu": "Találkozó: {v}, tíz perc múlva.",
             "el": "Συνάντηση: {v}, σε δέκα λεπτά.", "id": "Ketemu di {v} sepuluh menit lagi.", "vi": "Gặp nhau ở {v} sau mười phút nhé.", "he": "נפגשים ב-{v} בעוד עשר דקות.",
             "pl": "Spotkanie: {v}, za dziesięć minut.", "it": "Ci vediamo a: {v}, tra dieci minuti.", "ro": "Ne vedem la: {v}, în zece minute."}


def n_numbered():
    lang = lang_pick()
    return S(NUM_FRAME[lang].format(v=pick(NUMBERED[lang])), [], lang, "numbered_place_not_address", "chat")


PROSE = {"en": ["I'll send you my new phone number tomorrow, it isn't active yet.", "Please never paste card numbers into this chat.", "Our IBAN changed, the new one is on the invoice PDF."],
         "de": ["Meine neue Telefonnummer schicke ich morgen, sie ist noch nicht aktiv.", "Bitte keine Kartennummern in den Chat kopieren."],
         "cs": ["Nové telefonní číslo pošlu zítra, ještě není aktivní.", "Prosím, nevkládejte sem čísla karet."],
         "fi": ["Lähetän uuden puhelinnumeroni huomenna."], "hu": ["Az új telefonszámomat holnap küldöm."], "ko": ["새 전화번호는 내일 보내드릴게요."],
         "vi": ["Mình sẽ gửi số điện thoại mới vào ngày mai."], "id": ["Nomor HP baru saya kirim besok ya."], "he": ["אשלח את מספר הטלפון החדש מחר."],
         "el": ["Θα σας στείλω το νέο μου τηλέφωνο αύριο."], "ro": ["Vă trimit mâine noul număr de telefon."], "fr": ["Je vous envoie mon nouveau numéro demain."],
         "es": ["Mañana te paso mi nuevo número de teléfono."], "pl": ["Nowy numer telefonu wyślę jutro."], "it": ["Vi mando domani il nuovo numero di telefono."]}


def n_prose():
    lang = lang_pick()
    return S(pick(PROSE[lang]), [], lang, "pii_words_without_values", pick(["chat", "email", "sms"]))


def n_mixed_log():
    t = (f"{rdate()}T{rtime()}.{rs(DG, 3)}Z INFO req={uuid4()} svc=checkout v{rng.randint(1, 4)}.{rng.randint(0, 30)}.{rng.randint(0, 9)} "
         f"sha={rs(HEX, 12)} latency={rng.randint(2, 999)}ms bytes={rng.randint(100, 99999)} cache=miss")
    return S(t, [], "en", "mixed_log_no_pii", "log")


# ---------------------------------------------------------------------------
# reference checks
# ---------------------------------------------------------------------------
SEPCH = " -.\u00a0\u2009\u202f\u200b\u2013\uff0e"
EMAIL_RE = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
OBF_EMAIL_RE = re.compile(r"[A-Za-z0-9._%+\-]+\s*(?:\[at\]|\(at\)|\{at\}|\bat\b|@|＠)\s*[A-Za-z0-9\-]+(?:\s*(?:\.|\[\.\]|\[dot\]|\(dot\)|\bdot\b)\s*[A-Za-z0-9\-]+)*\s*(?:\.|\[\.\]|\[dot\]|\(dot\)|\bdot\b)\s*[A-Za-z]{2,}", re.I)
RUN_RE = re.compile(r"[0-9](?:[ \-.\u00a0\u2009\u202f\u200b]{0,2}[0-9])*")
IPV4_RE = re.compile(r"(?<![\d.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?!\.?\d)")
IPV6_RE = re.compile(r"(?<![0-9A-Za-z_:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![0-9A-Za-z_:])")
SSN_RE = re.compile(r"(?<![\w])(\d{3})([- .\u00a0\u2013])(\d{2})\2(\d{4})(?!\d)")
KEY_RES = [("openai_key", re.compile(r"sk-(?!ant-)[A-Za-z0-9_\-]{20,}")), ("anthropic_key", re.compile(r"sk-ant-[A-Za-z0-9_\-]{20,}")),
           ("aws_access_key", re.compile(r"(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z2-7]{16}(?![A-Za-z0-9])")),
           ("github_token", re.compile(r"gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{22,}")),
           ("jwt", re.compile(r"eyJ[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+")),
           ("private_key", re.compile(r"PRIVATE KEY-----"))]
BEARER_RE = re.compile(r"bearer\s+([A-Za-z0-9._~+/\-]{16,})", re.I)
PHONE_RE = re.compile(r"(?:\+|\b00(?=[1-9]))\d[\d \-().\u00a0\u2009\u202f/]{5,}\d")


def strip_seps(s):
    return "".join(c for c in norm(s) if c not in SEPCH and c != "\u2013")


def deobf_email(v):
    s = norm(v).replace(ZW, "")
    s = re.sub(r"\s*(?:\[at\]|\(at\))\s*|\s+at\s+", "@", s, count=1)
    s = re.sub(r"\s*@\s*", "@", s)
    s = re.sub(r"\s*(?:\[\.\]|\[dot\]|\(dot\))\s*|\s+dot\s+", ".", s)
    return s


def validate(det, v):
    n = norm(v)
    if det == "email":
        return EMAIL_RE.fullmatch(deobf_email(v)) is not None
    if det == "phone":
        d = digits_only(v)
        return (("+" in n) or re.search(r"\d[ \-./()\u00a0\u2009\u202f]+\d", n) is not None or n.startswith("(")) and 7 <= len(d) <= 15
    if det == "credit_card":
        d = digits_only(v)
        return luhn_sum_ok(d) and card_brand_ok(d) and re.fullmatch(r"[\d \-.\u00a0\u2009\u200b]+", n) is not None
    if det == "ssn":
        d = digits_only(v)
        return len(d) == 9 and ssn_ok(d[:3], d[3:5], d[5:])
    if det == "iban":
        return iban_valid(strip_seps(v).replace(ZW, "").upper())
    if det == "ipv4":
        try:
            ipaddress.IPv4Address(n.replace("[.]", "."))
            return True
        except ValueError:
            return False
    if det == "ipv6":
        try:
            ipaddress.IPv6Address(v)
            return True
        except ValueError:
            return False
    if det == "openai_key":
        return re.fullmatch(r"sk-(?:proj-|svcacct-)?[A-Za-z0-9_\-]{20,}", v) is not None and not v.startswith("sk-ant-")
    if det == "anthropic_key":
        return re.fullmatch(r"sk-ant-api03-[A-Za-z0-9_\-]{80,}", v) is not None
    if det == "aws_access_key":
        return re.fullmatch(r"(?:AKIA|ASIA)[A-Z2-7]{16}", v) is not None
    if det == "github_token":
        return re.fullmatch(r"gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}", v) is not None
    if det == "jwt":
        parts = v.split(".")
        if len(parts) != 3 or not all(parts):
            return False
        try:
            h = json.loads(base64.urlsafe_b64decode(parts[0] + "=" * (-len(parts[0]) % 4)))
        except Exception:
            return False
        return isinstance(h, dict) and "alg" in h
    if det == "bearer_token":
        return (len(v) >= 16 and re.search(r"\d", v) is not None or (re.search(r"[a-z]", v) and re.search(r"[A-Z]", v))) and not v.startswith(BAD_BEARER_START)
    if det == "private_key":
        return v.startswith("-----BEGIN ") and v.endswith("PRIVATE KEY-----") and "-----END " in v
    if det == "person_name":
        return not re.search(r"\d", v) and len(v) >= 2
    if det == "street_address":
        return re.search(r"\d", v) is not None
    return False


def find_spans(text, v):
    out, i = [], text.find(v)
    while i >= 0:
        out.append((i, i + len(v)))
        i = text.find(v, i + 1)
    return out


def problems(s):
    text, labels = s["text"], s["labels"]
    errs = []
    spans = []  # (start, end, det)
    counts = {}
    for lab in labels:
        counts[lab["value"]] = counts.get(lab["value"], 0) + 1
    for lab in labels:
        v, det = lab["value"], lab["detector"]
        if not validate(det, v):
            errs.append(f"invalid {det}: {v!r}")
        sp = find_spans(text, v)
        if len(sp) != counts[v]:
            errs.append(f"count mismatch {det}: {v!r} {len(sp)} vs {counts[v]}")
        for a, b in sp:
            spans.append((a, b, det))
    # overlapping labels
    ss = sorted(spans)
    for i in range(1, len(ss)):
        if ss[i][0] < ss[i - 1][1] and ss[i][:2] != ss[i - 1][:2]:
            errs.append("overlapping labels")
    allow = []
    for a in s.get("_allow", []):
        allow += find_spans(text, a)

    def ok(a, b, dets):
        for x, y in allow:
            if x <= a and b <= y:
                return True
        for x, y, d in spans:
            if x <= a and b <= y and (dets is None or d in dets):
                return True
        return False

    t = norm(text)
    for m in EMAIL_RE.finditer(t):
        if not ok(m.start(), m.end(), {"email"}):
            errs.append(f"stray email {m.group()!r}")
    for m in OBF_EMAIL_RE.finditer(t):
        if not ok(m.start(), m.end(), {"email"}):
            # a plain email already reported; obfuscated shapes only
            if "@" not in m.group():
                errs.append(f"stray obfuscated email {m.group()!r}")
    for m in RUN_RE.finditer(t):
        run = m.group()
        groups = [(g.start() + m.start(), g.end() + m.start()) for g in re.finditer(r"\d+", run)]
        for i in range(len(groups)):
            dig = ""
            for j in range(i, len(groups)):
                dig += t[groups[j][0]:groups[j][1]]
                if len(dig) > 19:
                    break
                if len(dig) >= 13 and luhn_sum_ok(dig):
                    a, b = groups[i][0], groups[j][1]
                    if not ok(a, b, {"credit_card"}):
                        errs.append(f"stray luhn run {t[a:b]!r}")
    for m in IPV4_RE.finditer(t):
        if all(int(x) <= 255 for x in m.groups()) and not ok(m.start(), m.end(), {"ipv4"}):
            errs.append(f"stray ipv4 {m.group()!r}")
    for m in IPV6_RE.finditer(text):
        g = m.group()
        if len(re.sub(r"[^0-9A-Fa-f]", "", g)) < 2:
            continue
        try:
            ipaddress.IPv6Address(g)
        except ValueError:
            continue
        if not ok(m.start(), m.end(), {"ipv6"}):
            errs.append(f"stray ipv6 {g!r}")
    for m in re.finditer(r"(?<![A-Za-z0-9])([A-Za-z]{2})(\d{2})", t):
        cc = m.group(1).upper()
        if cc not in IBAN_SPEC:
            continue
        L = IBAN_SPEC[cc][0]
        got, k = cc + m.group(2), m.end()
        while k < len(t) and len(got) < L:
            ch = t[k]
            if ch.isalnum() and ch.isascii():
                got += ch.upper()
            elif ch not in " \u00a0\u2009\u200b-":
                break
            k += 1
        if len(got) == L and iban_valid(got) and not ok(m.start(), k, {"iban"}):
            errs.append(f"stray iban {got!r}")
    for m in SSN_RE.finditer(t):
        if ssn_ok(m.group(1), m.group(3), m.group(4)) and not ok(m.start(), m.end(), {"ssn"}):
            errs.append(f"stray ssn {m.group()!r}")
    if re.search(r"ssn|social security|seguro social|사회보장|an sinh", text, re.I):
        for m in re.finditer(r"(?<!\d)\d{9}(?!\d)", t):
            if ssn_ok(m.group()[:3], m.group()[3:5], m.group()[5:]) and not ok(m.start(), m.end(), {"ssn"}):
                errs.append(f"stray bare ssn {m.group()!r}")
    for det, rx in KEY_RES:
        for m in rx.finditer(text):
            if not ok(m.start(), m.end(), {det}):
                errs.append(f"stray {det} {m.group()[:30]!r}")
    for m in BEARER_RE.finditer(text):
        tok = m.group(1)
        if re.search(r"\d", tok) or (re.search(r"[a-z]", tok) and re.search(r"[A-Z]", tok)):
            if not ok(m.start(1), m.end(1), {"bearer_token", "jwt", "openai_key", "anthropic_key", "github_token", "aws_access_key"}):
                errs.append(f"stray bearer {tok[:30]!r}")
    for m in PHONE_RE.finditer(t):
        if not ok(m.start(), m.end(), None):
            errs.append(f"stray phone-like {m.group()!r}")
    # names from pools appearing outside labels
    for nm in ALL_FULL_NAMES:
        for a, b in find_spans(text, nm):
            if not ok(a, b, {"person_name", "street_address"}):
                errs.append(f"stray name {nm!r}")
    for lab in labels:
        if lab["value"] != lab["value"].strip():
            errs.append("value has outer whitespace")
    return errs


ALL_FULL_NAMES = []
for _l, (_g, _f) in NAMES.items():
    for _a in _g:
        for _b in _f:
            ALL_FULL_NAMES.append(f"{_a} {_b}")
ALL_FULL_NAMES += [f"{a} {b}" for a, b in CS_NAMES + PL_NAMES] + [f"{a} {b}" for a, b, _ in EL_NAMES] + [c for _, _, c in EL_NAMES]


# ---------------------------------------------------------------------------
# main
# ---------------------------------------------------------------------------
PLAN_POS = [(b_email, 170), (b_phone, 170), (b_card, 150), (b_ssn, 85), (b_iban, 130), (b_ipv4, 120), (b_ipv6, 85),
            (lambda: b_secret("openai_key"), 50), (lambda: b_secret("anthropic_key"), 40), (lambda: b_secret("aws_access_key"), 50),
            (lambda: b_secret("github_token"), 50), (b_jwt, 55), (b_bearer, 55), (b_pkey, 40), (b_name, 70), (b_street, 60),
            (m_contact_card, 30), (m_csv_rows, 25), (m_sql_insert, 20), (m_http_dump, 25), (m_firewall, 25), (m_env_multi, 15),
            (m_json_profile, 20), (m_markdown_table, 15), (m_transcript, 25), (m_payment, 15)]
PLAN_NEG = [(n_luhn_invalid_card, 45), (n_luhn_valid_no_iin, 15), (n_imei, 15), (n_masked_card, 25), (n_iban_bad_checksum, 45), (n_iban_wrong_length, 15),
            (n_bank_not_iban, 20), (n_ssn_invalid, 40), (n_nine_digits, 25), (n_ssn_like, 20), (n_version, 35), (n_oid, 20), (n_ip_out_of_range, 25),
            (n_datetime, 35), (n_price, 30), (n_ids, 90), (n_tracking, 25), (n_mac, 25), (n_product_isbn, 50), (n_math, 15), (n_timestamp_bare, 20),
            (n_bare_10, 25), (n_email_like, 40), (n_ipv6_like, 30), (n_key_placeholder, 40), (n_aws_near_miss, 15), (n_jwt_like, 15),
            (n_bearer_like, 30), (n_pem_public, 20), (n_numbered, 25), (n_prose, 14), (n_mixed_log, 25)]


def main():
    out, seen, rejected = [], set(), {}
    for fn, n in PLAN_POS + PLAN_NEG:
        got, tries = 0, 0
        while got < n:
            tries += 1
            if tries > n * 50:
                raise SystemExit(f"too many rejects for {fn}")
            s = fn()
            errs = problems(s)
            if errs or s["text"] in seen:
                key = errs[0].split(" ")[0] + " " + errs[0].split(" ")[1] if errs else "duplicate"
                rejected[key] = rejected.get(key, 0) + 1
                if os.environ.get("H5_DEBUG"):
                    print("REJECT", errs[:3], file=sys.stderr)
                continue
            seen.add(s["text"])
            del s["_allow"]
            out.append(s)
            got += 1
    rng.shuffle(out)
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "heldout5.jsonl")
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        for s in out:
            fh.write(json.dumps(s, ensure_ascii=False) + "\n")
    data = open(path, "rb").read()
    print(len(out), hashlib.sha256(data).hexdigest())
    if os.environ.get("H5_DEBUG"):
        print("rejected:", dict(sorted(rejected.items())), file=sys.stderr)


if __name__ == "__main__":
    main()
