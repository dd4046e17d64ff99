"""Hard negatives: text with numbers, codes and capitalised words that are not personal data.

Each category function returns (text, lang). Long digit runs are checked not to pass Luhn so an
id is never accidentally a valid card number; nothing here names a person or a street with a
house number.
"""

import base64
import string
import uuid

from values import B62, HEX, digits, luhn_ok, rs, rbytes, b64url

LANGS = ["en", "de", "fr", "es", "it", "pt", "nl", "pl", "sv", "tr"]


def not_luhn(rng, n, first="123456789"):
    while True:
        s = rng.choice(first) + digits(rng, n - 1)
        if not luhn_ok(s):
            return s


def _date(rng, lang):
    y, m, d = rng.randint(2019, 2026), rng.randint(1, 12), rng.randint(1, 28)
    months = {
        "en": "January February March April May June July August September October November December",
        "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
        "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
        "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
        "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
        "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
        "nl": "januari februari maart april mei juni juli augustus september oktober november december",
        "pl": "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada grudnia",
        "sv": "januari februari mars april maj juni juli augusti september oktober november december",
        "tr": "Ocak Şubat Mart Nisan Mayıs Haziran Temmuz Ağustos Eylül Ekim Kasım Aralık",
    }[lang].split()
    style = rng.randint(0, 5)
    if style == 0:
        return "%04d-%02d-%02d" % (y, m, d)
    if style == 1:
        return "%02d.%02d.%04d" % (d, m, y)
    if style == 2:
        return "%02d/%02d/%04d" % (d, m, y) if lang != "en" else "%02d/%02d/%04d" % (m, d, y)
    if style == 3 and lang == "en":
        return "%s %d, %d" % (months[m - 1], d, y)
    if style == 4:
        return "%02d-%02d-%04d" % (d, m, y)
    if lang in ("es", "pt"):
        return "%d de %s de %d" % (d, months[m - 1], y)
    if lang == "de":
        return "%d. %s %d" % (d, months[m - 1], y)
    return "%d %s %d" % (d, months[m - 1], y)


def date(rng, lang):
    d = _date(rng, lang)
    d2 = _date(rng, lang)
    t = {
        "en": [f"The meeting was moved from {d} to {d2}.", f"Invoice date: {d}, due date: {d2}", f"Valid until {d}.", f"Last login {d}"],
        "de": [f"Der Termin wurde vom {d} auf den {d2} verschoben.", f"Rechnungsdatum: {d}, fällig am {d2}", f"Gültig bis {d}."],
        "fr": [f"Le rendez-vous est déplacé du {d} au {d2}.", f"Date de facture : {d}, échéance : {d2}", f"Valable jusqu'au {d}."],
        "es": [f"La reunión pasa del {d} al {d2}.", f"Fecha de factura: {d}, vencimiento: {d2}", f"Válido hasta el {d}."],
        "it": [f"L'appuntamento è spostato dal {d} al {d2}.", f"Data fattura: {d}, scadenza: {d2}"],
        "pt": [f"A reunião passou de {d} para {d2}.", f"Data da fatura: {d}, vencimento: {d2}"],
        "nl": [f"De afspraak is verplaatst van {d} naar {d2}.", f"Factuurdatum: {d}, vervaldatum: {d2}"],
        "pl": [f"Spotkanie przeniesiono z {d} na {d2}.", f"Data wystawienia: {d}, termin płatności: {d2}"],
        "sv": [f"Mötet flyttas från {d} till {d2}.", f"Fakturadatum: {d}, förfallodatum: {d2}"],
        "tr": [f"Toplantı {d} tarihinden {d2} tarihine ertelendi.", f"Fatura tarihi: {d}, son ödeme: {d2}"],
    }[lang]
    return rng.choice(t)


def timestamp(rng, lang):
    y, mo, d = rng.randint(2020, 2026), rng.randint(1, 12), rng.randint(1, 28)
    h, mi, s = rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59)
    ms = rng.randint(0, 999)
    epoch = rng.randint(1_600_000_000, 1_800_000_000)
    opts = [
        f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}.{ms:03d}Z INFO request completed in {rng.randint(3, 900)} ms",
        f"[{y:04d}-{mo:02d}-{d:02d} {h:02d}:{mi:02d}:{s:02d},{ms:03d}] worker-{rng.randint(1, 9)} started job",
        f"created_at={epoch} updated_at={epoch + rng.randint(1, 99999)}",
        f"\"ts\": {epoch}{ms:03d}, \"duration_ms\": {rng.randint(1, 5000)}",
        f"{h:02d}:{mi:02d}:{s:02d}.{ms:03d} GC pause {rng.randint(1, 80)}ms",
        f"Uptime: {rng.randint(1, 400)} days, {h:02d}:{mi:02d}:{s:02d}",
        f"cron: 0 {h} * * 1-5 /usr/local/bin/backup.sh  # last run {y:04d}{mo:02d}{d:02d}{h:02d}{mi:02d}{s:02d}",
        f"Date: {['Mon', 'Tue', 'Wed', 'Thu', 'Fri'][rng.randint(0, 4)]}, {d:02d} {['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun'][rng.randint(0, 5)]} {y} {h:02d}:{mi:02d}:{s:02d} +0200",
    ]
    return rng.choice(opts), "en"


def version(rng, lang):
    a, b, c = rng.randint(1, 24), rng.randint(0, 40), rng.randint(0, 250)
    four = f"{rng.randint(1, 20)}.{rng.randint(0, 30)}.{rng.randint(0, 255)}.{rng.randint(1, 255)}"
    t = {
        "en": [f"Upgraded the cluster to v{a}.{b}.{c} last night.", f"Firmware version {four} fixes the Wi-Fi drop.",
               f"requires python>={rng.randint(3, 3)}.{rng.randint(8, 13)}, numpy=={a}.{b}.{c}", f"Server: nginx/1.{b}.{c}",
               f"Build {four} is now on the beta channel.", f"Changelog {a}.{b}.{c} → {a}.{b}.{c + 1}: bug fixes"],
        "de": [f"Bitte auf Version {a}.{b}.{c} aktualisieren.", f"Firmware-Version {four} behebt den Fehler.", f"Seit dem Update auf {a}.{b} stürzt die App ab."],
        "fr": [f"Mettez à jour vers la version {a}.{b}.{c}.", f"La version du firmware {four} corrige le bug."],
        "es": [f"Actualiza a la versión {a}.{b}.{c}, por favor.", f"La versión de firmware {four} soluciona el fallo."],
        "it": [f"Aggiornate alla versione {a}.{b}.{c}.", f"La versione firmware {four} risolve il problema."],
        "pt": [f"Atualizem para a versão {a}.{b}.{c}.", f"A versão de firmware {four} corrige a falha."],
        "nl": [f"Update naar versie {a}.{b}.{c} a.u.b.", f"Firmwareversie {four} lost het probleem op."],
        "pl": [f"Zaktualizuj do wersji {a}.{b}.{c}.", f"Wersja firmware {four} naprawia błąd."],
        "sv": [f"Uppdatera till version {a}.{b}.{c}.", f"Firmwareversion {four} löser felet."],
        "tr": [f"Lütfen {a}.{b}.{c} sürümüne güncelleyin.", f"Yazılım sürümü {four} hatayı düzeltiyor."],
    }[lang]
    return rng.choice(t)


def order_id(rng, lang):
    amz = f"{rng.randint(100, 999)}-{digits(rng, 7)}-{digits(rng, 7)}"
    inv = f"INV-{rng.randint(2019, 2026)}-{digits(rng, 5)}"
    re_ = f"RE-{rng.randint(2019, 2026)}-{digits(rng, 4)}"
    num = not_luhn(rng, rng.choice([8, 10, 12]))
    t = {
        "en": [f"Your order {amz} has shipped.", f"Invoice {inv} is overdue.", f"Order number: {num}", f"Ref. {inv} / PO {digits(rng, 6)}"],
        "de": [f"Ihre Bestellung {amz} wurde versandt.", f"Rechnungsnummer {re_}, Kundennummer {digits(rng, 7)}", f"Auftragsnummer: {num}"],
        "fr": [f"Votre commande n° {num} a été expédiée.", f"Facture {inv} en attente de paiement."],
        "es": [f"Tu pedido {amz} ha sido enviado.", f"Número de pedido: {num}", f"Factura {inv} pendiente."],
        "it": [f"Il tuo ordine n. {num} è stato spedito.", f"Fattura {inv} scaduta."],
        "pt": [f"A sua encomenda n.º {num} foi enviada.", f"Fatura {inv} em atraso."],
        "nl": [f"Je bestelling {amz} is verzonden.", f"Factuurnummer {inv}, ordernummer {num}"],
        "pl": [f"Zamówienie nr {num} zostało wysłane.", f"Faktura {inv} jest przeterminowana."],
        "sv": [f"Din order {num} har skickats.", f"Faktura {inv} är förfallen."],
        "tr": [f"{num} numaralı siparişiniz kargoya verildi.", f"{inv} numaralı fatura gecikmede."],
    }[lang]
    return rng.choice(t)


def tracking(rng, lang):
    ups = "1Z" + rs(rng, string.ascii_uppercase + string.digits, 16)
    dhl = "JJD" + digits(rng, 18)
    ps = rs(rng, "ABCLRSU", 2) + digits(rng, 9) + rng.choice(["DE", "FR", "ES", "IT", "NL", "PL", "SE", "TR", "PT"])
    gls = not_luhn(rng, 11)
    code = rng.choice([ups, dhl, ps, gls])
    t = {
        "en": [f"Tracking number: {code}", f"Your parcel {code} is out for delivery.", f"UPS {ups} — delivered"],
        "de": [f"Sendungsnummer: {code}", f"Ihr Paket {code} ist in Zustellung."],
        "fr": [f"Numéro de suivi : {code}", f"Votre colis {code} est en cours de livraison."],
        "es": [f"Número de seguimiento: {code}", f"Tu paquete {code} está en reparto."],
        "it": [f"Numero di tracciamento: {code}", f"Il pacco {code} è in consegna."],
        "pt": [f"Número de rastreio: {code}", f"A encomenda {code} está em distribuição."],
        "nl": [f"Track & trace: {code}", f"Je pakket {code} wordt vandaag bezorgd."],
        "pl": [f"Numer przesyłki: {code}"], "sv": [f"Kollinummer: {code}"], "tr": [f"Kargo takip numarası: {code}"],
    }[lang]
    return rng.choice(t)


def amount(rng, lang):
    big = rng.randint(1000, 9_999_999)
    cents = rng.randint(0, 99)
    de_fmt = f"{big:,}".replace(",", ".") + f",{cents:02d}"
    en_fmt = f"{big:,}.{cents:02d}"
    fr_fmt = f"{big:,}".replace(",", "\u202f") + f",{cents:02d}"
    t = {
        "en": [f"Total: ${en_fmt} (incl. tax)", f"Revenue grew to £{en_fmt} this quarter.", f"Budget approved: USD {en_fmt}"],
        "de": [f"Gesamtbetrag: {de_fmt} €", f"Der Umsatz lag bei {de_fmt} EUR.", f"Preis: CHF {big:,}.{cents:02d}".replace(",", "'")],
        "fr": [f"Montant total : {fr_fmt} €", f"Le chiffre d'affaires atteint {fr_fmt} euros."],
        "es": [f"Importe total: {de_fmt} €", f"La factura asciende a {de_fmt} euros."],
        "it": [f"Totale: € {de_fmt}", f"Il fatturato è di {de_fmt} euro."],
        "pt": [f"Total: {de_fmt} €", f"Valor: R$ {de_fmt}"],
        "nl": [f"Totaal: € {de_fmt}", f"De omzet bedroeg {de_fmt} euro."],
        "pl": [f"Do zapłaty: {big:,}".replace(",", " ") + f",{cents:02d} zł"],
        "sv": [f"Att betala: {big:,} kr".replace(",", " ")],
        "tr": [f"Toplam tutar: {de_fmt} TL"],
    }[lang]
    return rng.choice(t)


def hashes(rng, lang):
    opts = [
        f"sha256: {rs(rng, HEX, 64)}",
        f"commit {rs(rng, HEX, 40)}\nMerge: {rs(rng, HEX, 7)} {rs(rng, HEX, 7)}",
        f"MD5 ({rng.choice(['setup.exe', 'backup.tar.gz', 'image.iso'])}) = {rs(rng, HEX, 32)}",
        f"fixed in {rs(rng, HEX, 7)}, see also {rs(rng, HEX, 10)}",
        f"\"etag\": \"W/\\\"{rs(rng, HEX, 32)}\\\"\"",
        f"docker pull registry.example.net/app@sha256:{rs(rng, HEX, 64)}",
        f"{rs(rng, HEX, 40)}  dist/app-{rng.randint(1, 9)}.{rng.randint(0, 20)}.{rng.randint(0, 30)}.tar.gz",
    ]
    return rng.choice(opts), "en"


def uuids(rng, lang):
    u = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    u2 = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    opts = [f"request_id={u}", f"{{\"id\": \"{u}\", \"parent\": \"{u2}\"}}", f"Trace {u.upper()} not found",
            f"DELETE /api/v2/items/{u} -> 204", f"correlation-id: {u}"]
    return rng.choice(opts), "en"


def product(rng, lang):
    p = rng.choice(["iPhone 15 Pro Max 256 GB", "Galaxy S24 Ultra (SM-S928B)", "ThinkPad X1 Carbon Gen 11",
                    "PlayStation 5 Slim", "Dyson V15 Detect", "Bosch Serie 6 WAU28T40", "Kindle Paperwhite 11. Gen",
                    "Sony WH-1000XM5", "Nintendo Switch OLED", "Miele G 7310 SC", "Pixel 8a 128GB", "MacBook Air M3 15\"",
                    "Philips Hue White Ambiance E27", "Garmin Forerunner 265", "Xiaomi Redmi Note 13 Pro 5G"])
    q = rng.randint(1, 5)
    t = {
        "en": [f"Is the {p} still in stock? I'd need {q}.", f"Compare: {p} vs. the previous model", f"Return request for {p}, reason: defective"],
        "de": [f"Ist das {p} noch lieferbar? Ich bräuchte {q} Stück.", f"Rücksendung: {p}, Grund: defekt"],
        "fr": [f"Le {p} est-il encore disponible ? J'en voudrais {q}.", f"Retour produit : {p}, motif : défectueux"],
        "es": [f"¿Queda stock del {p}? Necesito {q}.", f"Devolución: {p}, motivo: defectuoso"],
        "it": [f"Il {p} è ancora disponibile? Me ne servono {q}."], "pt": [f"O {p} ainda está disponível? Preciso de {q}."],
        "nl": [f"Is de {p} nog op voorraad? Ik wil er {q}."], "pl": [f"Czy {p} jest dostępny? Potrzebuję {q} szt."],
        "sv": [f"Finns {p} i lager? Jag behöver {q} st."], "tr": [f"{p} stokta var mı? {q} adet lazım."],
    }[lang]
    return rng.choice(t)


CITIES = ["Paris", "Lyon", "Berlin", "Hamburg", "Madrid", "Sevilla", "Roma", "Milano", "Lisboa", "Porto", "Amsterdam",
          "Utrecht", "Kraków", "Gdańsk", "Stockholm", "Göteborg", "İstanbul", "Ankara", "London", "Manchester",
          "Florence", "Victoria", "Charlotte", "Santiago", "San Sebastián", "Sankt Gallen", "Frankfurt am Main", "Den Haag"]


def city(rng, lang):
    a, b, c = rng.sample(CITIES, 3)
    t = {
        "en": [f"Flights from {a} to {b} are cheaper in {rng.choice(['May', 'June', 'October'])}.", f"We have offices in {a}, {b} and {c}.", f"Weather in {a}: sunny, 24 °C"],
        "de": [f"Der Zug von {a} nach {b} fällt heute aus.", f"Wir haben Standorte in {a}, {b} und {c}."],
        "fr": [f"Le vol {a} – {b} est annulé.", f"Nous avons des bureaux à {a}, {b} et {c}."],
        "es": [f"El tren de {a} a {b} sale con retraso.", f"Tenemos oficinas en {a}, {b} y {c}."],
        "it": [f"Il volo da {a} a {b} è in ritardo."], "pt": [f"O voo de {a} para {b} foi cancelado."],
        "nl": [f"De trein van {a} naar {b} rijdt niet."], "pl": [f"Pociąg z {a} do {b} jest opóźniony."],
        "sv": [f"Tåget från {a} till {b} är försenat."], "tr": [f"{a} - {b} uçuşu iptal edildi."],
    }[lang]
    return rng.choice(t)


def capitalised(rng, lang):
    t = {
        "en": ["Thank You For Your Patience. Our Team Will Get Back To You Shortly.", "Quarterly Sales Review For North America",
               "Please Restart The Router And Try Again.", "Welcome Back! Your Settings Have Been Saved.", "Grand Canyon Hiking Guide",
               "Happy New Year From All Of Us At Customer Success", "New Balance Running Shoes On Sale", "Summer Street Festival Cancelled Due To Rain"],
        "de": ["Vielen Dank Für Ihre Geduld.", "Frohe Weihnachten Und Einen Guten Rutsch!", "Neue Öffnungszeiten Ab Montag",
               "Bitte Beachten Sie Die Geänderten Lieferzeiten.", "Herzlich Willkommen Im Kundenportal"],
        "fr": ["Merci De Votre Patience.", "Bonne Année Et Meilleurs Vœux", "Nouveaux Horaires D'ouverture", "Soldes D'été Jusqu'à Moins Cinquante Pour Cent"],
        "es": ["Gracias Por Su Paciencia.", "Feliz Navidad Y Próspero Año Nuevo", "Nuevo Horario De Atención Al Cliente", "Gran Venta De Verano"],
        "it": ["Grazie Per La Pazienza.", "Buone Feste Da Tutto Il Team", "Nuovi Orari Di Apertura"],
        "pt": ["Obrigado Pela Sua Paciência.", "Boas Festas E Feliz Ano Novo", "Novo Horário De Funcionamento"],
        "nl": ["Bedankt Voor Uw Geduld.", "Fijne Feestdagen En Een Gelukkig Nieuwjaar", "Nieuwe Openingstijden Vanaf Maandag"],
        "pl": ["Dziękujemy Za Cierpliwość.", "Wesołych Świąt I Szczęśliwego Nowego Roku"],
        "sv": ["Tack För Ditt Tålamod.", "God Jul Och Gott Nytt År"], "tr": ["Sabrınız İçin Teşekkür Ederiz.", "Yeni Yılınız Kutlu Olsun"],
    }[lang]
    return rng.choice(t)


def math(rng, lang):
    a, b, c = rng.randint(2, 99), rng.randint(2, 99), rng.randint(100, 9999)
    opts = [f"Solve {a}x + {b} = {c} for x.", f"{a} * {b} = {a * b}, and {c} / {a} ≈ {c / a:.4f}",
            f"2^{a % 31 + 2} = {2 ** (a % 31 + 2)}", f"det([[{a}, {b}], [{b}, {a}]]) = {a * a - b * b}",
            f"f(x) = {a}x^2 - {b}x + {c}; f'(x) = {2 * a}x - {b}", f"The ratio {a}:{b}:{c} simplifies poorly.",
            f"P(X ≤ {a}) = 0.{digits(rng, 4)}, σ = {b}.{digits(rng, 2)}", f"{c} mod 97 = {c % 97}",
            f"sum(range({c})) = {sum(range(c))}", f"[{a}, {b}, {c}, {a + b}, {b + c}, {a + c}]"]
    return rng.choice(opts), "en"


def phone_like_id(rng, lang):
    n1 = f"{rng.randint(100, 999)}-{rng.randint(100, 999)}-{digits(rng, 4)}"
    n2 = f"{digits(rng, 3)} {digits(rng, 3)} {digits(rng, 3)}"
    t = {
        "en": [f"Order no. {n1} was cancelled.", f"Ticket #{digits(rng, 10)} closed.", f"Part number {n1}, qty 4",
               f"Case ID {rng.randint(2019, 2026)}-{digits(rng, 4)}-{digits(rng, 4)}", f"Invoice number {n2}", f"Policy no. {n2} renewed"],
        "de": [f"Vorgangsnummer {n2}", f"Bestellnummer {n1}", f"Kundennummer: {digits(rng, 3)} {digits(rng, 3)} {digits(rng, 4)}", f"Aktenzeichen {digits(rng, 3)}/{digits(rng, 5)}"],
        "fr": [f"Numéro de commande {n1}", f"Référence dossier {n2}", f"Numéro d'adhérent : {n2}"],
        "es": [f"Número de pedido {n2}", f"Número de socio: {n2}", f"Expediente {n1}"],
        "it": [f"Numero ordine {n2}", f"Codice pratica {n1}"], "pt": [f"Número da encomenda {n2}", f"Processo n.º {n1}"],
        "nl": [f"Ordernummer {n1}", f"Dossiernummer {n2}"], "pl": [f"Numer zamówienia {n2}"], "sv": [f"Ordernummer {n1}"],
        "tr": [f"Sipariş numarası {n2}"],
    }[lang]
    return rng.choice(t)


def numeric_table(rng, lang):
    rows = []
    for _ in range(rng.randint(2, 4)):
        rows.append(f"| {rs(rng, string.ascii_uppercase, 3)}-{rng.randint(10, 99)} | {rng.randint(1, 500)} | {rng.randint(1, 9999)}.{rng.randint(0, 99):02d} | {rng.randint(0, 100)} % |")
    head = {"en": "| SKU | Qty | Price | Margin |", "de": "| Artikel | Menge | Preis | Marge |", "fr": "| Réf. | Qté | Prix | Marge |",
            "es": "| Ref. | Cant. | Precio | Margen |"}.get(lang, "| SKU | Qty | Price | Margin |")
    if rng.random() < 0.4:
        csv = "\n".join(",".join(str(rng.randint(0, 99999)) for _ in range(5)) for _ in range(3))
        return "x,y,z,w,v\n" + csv
    return head + "\n|---|---|---|---|\n" + "\n".join(rows)


def base64_blob(rng, lang):
    text = rng.choice(["Hello, world!", "The quick brown fox jumps over the lazy dog", "configuration file v2",
                       "Lorem ipsum dolor sit amet, consectetur adipiscing elit", "{\"theme\":\"dark\",\"lang\":\"de\"}"])
    opts = [
        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAA" + base64.b64encode(rbytes(rng, 48)).decode(),
        "integrity=\"sha384-" + base64.b64encode(rbytes(rng, 48)).decode() + "\"",
        "Content-Transfer-Encoding: base64\n\n" + base64.b64encode(text.encode()).decode(),
        "echo " + base64.b64encode(text.encode()).decode() + " | base64 -d",
        "\"thumbnail\": \"" + base64.b64encode(rbytes(rng, 60)).decode() + "\"",
        "font-src: url(data:font/woff2;base64," + base64.b64encode(rbytes(rng, 40)).decode() + ")",
    ]
    return rng.choice(opts), "en"


def placeholder_secret(rng, lang):
    opts = ["OPENAI_API_KEY=sk-...your-key-here...", "export ANTHROPIC_API_KEY=<your-api-key>",
            "Authorization: Bearer $TOKEN", "Authorization: Bearer ${ACCESS_TOKEN}", "Authorization: Bearer <token>",
            "GITHUB_TOKEN=ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", "aws_access_key_id = YOUR_ACCESS_KEY_ID",
            "api_key: \"{{ vault_openai_key }}\"", "Set OPENAI_API_KEY in your .env file (never commit it).",
            "token = os.environ[\"GITHUB_TOKEN\"]", "-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----",
            "headers = {\"Authorization\": f\"Bearer {token}\"}"]
    return rng.choice(opts), "en"


def street_no_number(rng, lang):
    t = {
        "en": ["Main Street is closed for the parade on Saturday.", "Take the second left onto Park Avenue.", "Oxford Street gets very busy before Christmas."],
        "de": ["Die Hauptstraße ist wegen Bauarbeiten gesperrt.", "Biegen Sie in die Goethestraße ein.", "Im Jahr 2019 wurde die Bahnhofstraße saniert."],
        "fr": ["La rue de Rivoli est fermée dimanche.", "Prenez le boulevard Saint-Michel jusqu'au bout."],
        "es": ["La Gran Vía estará cortada por obras.", "Gire a la derecha en la calle Mayor."],
        "it": ["Via del Corso è chiusa al traffico.", "Girate a sinistra in via Roma."], "pt": ["A Avenida da Liberdade está fechada ao trânsito."],
        "nl": ["De Kalverstraat is autovrij."], "pl": ["Ulica Marszałkowska jest zamknięta."], "sv": ["Drottninggatan är avstängd i dag."],
        "tr": ["İstiklal Caddesi bugün yayalara kapalı."],
    }[lang]
    return rng.choice(t)


def email_lookalike(rng, lang):
    opts = ["<img src=\"logo@2x.png\" alt=\"logo\">", "git@github.com:acme/payments-service.git",
            f"npm install @acme/ui-kit@{rng.randint(1, 9)}.{rng.randint(0, 20)}.{rng.randint(0, 9)}", "icon-menu@3x.webp",
            "ping @channel, standup moved to 10:30", "scp build.tar.gz deploy@build-01:/srv/releases/", "@media (max-width: 600px) { .nav { display: none; } }",
            "pip install 'requests[socks]'@https://files.example.net/requests.whl", "the decorator @app.route('/health') returns 200"]
    return rng.choice(opts), "en"


def ip_lookalike(rng, lang):
    opts = [f"OID 1.3.6.1.4.1.{rng.randint(1000, 60000)}.{rng.randint(1, 9)}", f"See section {rng.randint(1, 9)}.{rng.randint(1, 9)}.{rng.randint(1, 9)}.{rng.randint(1, 9)} of the spec.",
            f"version {rng.randint(1, 20)}.{rng.randint(0, 9)}.{rng.randint(0, 99)}.{rng.randint(0, 999)}", f"Windows 10 build 10.0.{rng.randint(17000, 22631)}.{rng.randint(1, 4000)}",
            f"score 3.{rng.randint(10, 99)}.{rng.randint(100, 999)}", f"1.2.840.{rng.randint(10000, 113549)}.1.1.{rng.randint(1, 14)}",
            f"upgrade from {rng.randint(1, 9)}.{rng.randint(0, 30)}.{rng.randint(0, 9)}.{rng.randint(1, 9)} to {rng.randint(10, 12)}.0.0.1 planned"]
    return rng.choice(opts), "en"


def ipv6_lookalike(rng, lang):
    opts = [f"Meeting at {rng.randint(8, 18)}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}", "std::vector<std::string>::iterator it;",
            "Foo::Bar::baz()", f"aspect ratio 16:9, frame {rng.randint(1, 99)}:{rng.randint(10, 59)}:{rng.randint(10, 59)}",
            "a::b::c", f"elapsed {rng.randint(0, 9)}:{rng.randint(10, 59)}:{rng.randint(10, 59)}.{rng.randint(100, 999)}",
            "urn:ietf:params:oauth:grant-type:device_code", "Error::NotFound => return None", "dead:beef is not a valid address"]
    return rng.choice(opts), "en"


def postal_geo(rng, lang):
    lat, lon = rng.uniform(35, 60), rng.uniform(-9, 30)
    opts = [f"Coordinates: {lat:.6f}, {lon:.6f}", f"geo:{lat:.5f},{lon:.5f}?z=14", f"PLZ-Bereich {rng.randint(10, 99)}xxx, z. B. {rng.randint(10000, 99999)}",
            f"ZIP codes {rng.randint(10000, 99999)}–{rng.randint(10000, 99999)}", f"elevation {rng.randint(100, 3000)} m, {lat:.4f}° N {lon:.4f}° E"]
    return rng.choice(opts), "en"


def ssn_shape_id(rng, lang):
    a = rng.choice(["000", "666"])
    n1 = f"{a}-{rng.randint(10, 99)}-{digits(rng, 4)}"
    n2 = f"{rng.randint(100, 899):03d}-00-{digits(rng, 4)}"
    opts = [f"Lot {n1}, expiry 2027", f"Catalog item {n2}", f"part {n1} (rev C)", f"Form {n2} attached", f"Batch no. {n1}"]
    return rng.choice(opts), "en"


def luhn_fail_id(rng, lang):
    s = not_luhn(rng, 16, "3456")
    g = " ".join(s[i:i + 4] for i in range(0, 16, 4))
    opts = [f"Serial number: {g}", f"Gift voucher code {s} (not a payment card)", f"Membership ID {g}", f"Reference {not_luhn(rng, 15, '3456')}"]
    return rng.choice(opts), "en"


def iban_template(rng, lang):
    opts = ["IBAN format: DEkk bbbb bbbb cccc cccc cc", "Bitte IBAN im Format DE00 0000 0000 0000 0000 00 angeben.",
            "IBAN: FRkk BBBB BGGG GGCC CCCC CCCC CKK", "El IBAN español tiene 24 caracteres (ES + 22).",
            "Een Nederlands IBAN heeft 18 tekens.", "Polish IBANs have 28 characters.", "IBAN: ____ ____ ____ ____ ____ __"]
    return rng.choice(opts), "mixed"


PROSE = {"date": date, "version": version, "order_id": order_id, "tracking": tracking, "amount": amount,
         "product": product, "city": city, "capitalised": capitalised, "phone_like_id": phone_like_id,
         "street_no_number": street_no_number, "numeric_table": numeric_table}
TECHNICAL = {"timestamp": timestamp, "hash": hashes, "uuid": uuids, "math": math, "base64_blob": base64_blob,
             "placeholder_secret": placeholder_secret, "email_lookalike": email_lookalike, "ip_lookalike": ip_lookalike,
             "ipv6_lookalike": ipv6_lookalike, "postal_geo": postal_geo, "ssn_shape_id": ssn_shape_id,
             "luhn_fail_id": luhn_fail_id, "iban_template": iban_template}
