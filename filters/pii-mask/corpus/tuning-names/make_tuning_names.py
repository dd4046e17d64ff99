#!/usr/bin/env python3
"""Tuning samples for person_name and street_address in twelve languages (tuning-names.jsonl).

Usage (from the repository root):
    python3 filters/pii-mask/corpus/tuning-names/make_tuning_names.py \
        > filters/pii-mask/corpus/tuning-names/tuning-names.jsonl

Standard library only, deterministic. Written by hand from general knowledge of each
language's names, forms of address and postal conventions, by the same person who wrote the
rules: a tuning set, not a held-out one. Each line: {"text", "labels": [{"detector", "value",
"form"}], "lang", "form"}; samples without labels are hard negatives (cities, brands, products,
title-case sentences, street words without a number) and must have no finding at all.
"""

import json
import random

R = random.Random(20261202)

# Per language: (given, surname) pairs, honorific forms, sentence frames for names, street
# lines, frames for street lines, and hard negatives.
LANGS = {
    "en": {
        "people": [("Oliver", "Bennett"), ("Grace", "Whitfield"), ("Marcus", "O'Neill"),
                   ("Hannah", "Fairbanks"), ("Declan", "McAllister"), ("Priya", "Raman"),
                   ("Thomas", "Ashworth"), ("Chloe", "Pemberton"), ("Ethan", "Wolcott"),
                   ("Abigail", "Thornbury")],
        "titled": ["Mr. Pemberton", "Mrs Ashworth", "Dr. Okafor", "Ms. Fairbanks", "Prof. Lindqvist"],
        "initials": ["J. Smith", "A. R. Thompson", "K. Holloway"],
        "frames": ["Please forward this to {}.", "{} approved the change yesterday.",
                   "The invoice was signed by {}.", "Kind regards,\n{}", "Contact person: {}",
                   "I spoke with {} about the refund.", "Name: {}"],
        "streets": ["221B Baker Street", "48 Oak Avenue", "17 Kingsway Rd", "5 Elm Close",
                    "1200 Lakeshore Blvd", "9 Willow Crescent"],
        "street_frames": ["Ship it to {}, please.", "Our office moved to {} last month.",
                          "Address: {}"],
        "negatives": ["Flights to Florence and Victoria are delayed.",
                      "The Galaxy Tab Ultra ships in March.", "Main Street is closed for the parade.",
                      "Apple Watch sales grew in Boston and Denver.",
                      "Grace period ends on Friday.", "Quarterly Results Beat Expectations Again.",
                      "The Jordan River flows south.", "Windows Server 2022 needs a reboot.",
                      "Model S and Model 3 deliveries rose 5 percent.",
                      "Chelsea won 3 games in a row."],
    },
    "de": {
        "people": [("Lukas", "Brandt"), ("Sabine", "Kretschmer"), ("Jürgen", "Obermaier"),
                   ("Anja", "Wiesinger"), ("Tobias", "Feldhaus"), ("Heike", "Langhammer"),
                   ("Matthias", "von Stetten"), ("Katrin", "Müller-Hohenstein")],
        "titled": ["Herr Obermaier", "Frau Dr. Wiesinger", "Herrn Feldhaus", "Frau Langhammer"],
        "initials": ["K. Brandt", "M. Schulte"],
        "frames": ["Bitte leiten Sie das an {} weiter.", "{} hat den Antrag gestern genehmigt.",
                   "Mit freundlichen Grüßen\n{}", "Ansprechpartner: {}", "Ich habe mit {} telefoniert.",
                   "Name: {}"],
        "streets": ["Goethestraße 14b", "Berliner Allee 3-5", "Am Alten Markt 2", "Lindenweg 7",
                    "Hauptstr. 12", "Kurfürstendamm 21"],
        "street_frames": ["Lieferadresse: {}, 10115 Berlin", "Wir sind in die {} umgezogen.",
                          "Bitte an {} schicken."],
        "negatives": ["Im Jahr 2024 wuchs der Umsatz um 8 Prozent.",
                      "Die Hauptstraße ist wegen Bauarbeiten gesperrt.",
                      "Der Zug nach Hamburg und Bremen fällt aus.",
                      "Porsche Taycan und Audi Q4 im Vergleich.",
                      "Gute Reise wünscht Ihnen die Deutsche Bahn.",
                      "Neue Funktionen Im Überblick.", "Parkplatz 5 ist frei.",
                      "Der Bayerische Wald ist schön im Herbst."],
    },
    "fr": {
        "people": [("Camille", "Delacroix"), ("Julien", "Marchetti"), ("Amélie", "Fontanel"),
                   ("Baptiste", "Lemercier"), ("Océane", "Duval-Roche"), ("Mathieu", "de Villiers")],
        "titled": ["M. Lemercier", "Mme Fontanel", "Madame Delacroix", "Monsieur Marchetti"],
        "initials": ["J. Dupont", "C. Moreau"],
        "frames": ["Merci de transmettre à {}.", "{} a validé la commande hier.", "Cordialement,\n{}",
                   "J'ai parlé avec {} ce matin.", "Nom : {}"],
        "streets": ["12 rue de la Paix", "8 bis avenue Victor Hugo", "3 bd Saint-Michel",
                    "27 quai d'Orsay", "14 allée des Tilleuls"],
        "street_frames": ["Adresse : {}, 75002 Paris", "Envoyez le colis au {}.", "Nous habitons {}."],
        "negatives": ["La rue de la Paix est fermée aujourd'hui.",
                      "Les vols pour Lyon et Marseille sont annulés.",
                      "Renault Clio et Peugeot 208 en promotion.", "Bonne Année à Tous Nos Clients.",
                      "Le Tour de France passe par Bordeaux.", "Saint Laurent ouvre une boutique à Nice."],
    },
    "es": {
        "people": [("Lucía", "Fernández"), ("Javier", "Montoya"), ("Carmen", "Iglesias"),
                   ("Álvaro", "Quintero"), ("Nuria", "de la Fuente"), ("Sergio", "Villalobos")],
        "titled": ["Sra. Iglesias", "Sr. Montoya", "Dña. Carmen Quintero", "Don Álvaro"],
        "initials": ["J. García", "M. López"],
        "frames": ["Por favor, envíelo a {}.", "{} aprobó el presupuesto ayer.", "Atentamente,\n{}",
                   "Hablé con {} esta mañana.", "Nombre: {}"],
        "streets": ["Calle de Alcalá 45", "Calle Mayor, 12", "Avenida de América, nº 23",
                    "Paseo de la Castellana 89", "C/ Serrano 45"],
        "street_frames": ["Dirección: {}, 28014 Madrid", "Vivo en la {}.", "Envíe el paquete a {}."],
        "negatives": ["Los vuelos a Sevilla y Valencia se retrasan.",
                      "La Calle Mayor está cortada por obras.", "Seat Ibiza y Cupra Born en oferta.",
                      "Feliz Navidad Para Todos.", "El Real Madrid ganó 3 partidos seguidos.",
                      "A lo largo de 5 km hay obras."],
    },
    "nl": {
        "people": [("Jeroen", "de Vries"), ("Sanne", "van den Berg"), ("Pieter", "Bakker"),
                   ("Femke", "van der Meer"), ("Daan", "Visser"), ("Lotte", "Jansen"),
                   ("Willem", "de Wit"), ("Marloes", "Hoekstra"), ("Bas", "Vermeulen"),
                   ("Ingrid", "van Dijk"), ("Koen", "Dijkstra"), ("Anouk", "Smits")],
        "titled": ["Mevrouw de Vries", "meneer Bakker", "Dhr. Hoekstra", "Mevr. van Dijk",
                   "de heer Vermeulen", "mevrouw Jansen"],
        "initials": ["J. de Vries", "P. van der Linden", "A. Smit"],
        "frames": ["Kunt u dit doorsturen naar {}?", "{} heeft de offerte gisteren goedgekeurd.",
                   "Met vriendelijke groet,\n{}", "Contactpersoon: {}", "Ik heb {} gisteren gebeld.",
                   "Naam: {}", "Volgens {} is de levering vertraagd."],
        "streets": ["Kalverstraat 92", "Prinsengracht 263", "Laan van Meerdervoort 50",
                    "Stationsplein 1", "Dorpsstraat 12 A", "Nieuwe Binnenweg 12", "Coolsingel 40",
                    "Van Baerlestraat 92", "Herengracht 12a", "Oude Gracht 5", "Marktplein 3"],
        "street_frames": ["Adres: {}, 1012 AB Amsterdam", "Wij zijn verhuisd naar de {}.",
                          "Stuur het pakket naar {}."],
        "negatives": ["De treinen naar Utrecht en Leiden rijden niet.",
                      "Philips Hue en Heineken 0.0 in de aanbieding.",
                      "De Kalverstraat is altijd druk.", "Het Rijksmuseum is maandag open.",
                      "Vandaag Begint De Grote Uitverkoop.", "De straat is 5 meter breed.",
                      "Jumbo opent een winkel in Delft.", "Ajax speelde 3 keer gelijk.",
                      "De Amstel stroomt door Amsterdam.", "Wij Gaan Morgen Naar Rotterdam."],
    },
    "it": {
        "people": [("Giulia", "Bianchi"), ("Marco", "Esposito"), ("Francesca", "Colombo"),
                   ("Alessandro", "De Luca"), ("Chiara", "Marchetti"), ("Lorenzo", "Ferraro"),
                   ("Valentina", "Russo"), ("Matteo", "D'Angelo"), ("Elisa", "Fontana"),
                   ("Davide", "Lombardi"), ("Federica", "Santoro"), ("Simone", "Rinaldi")],
        "titled": ["Sig. Esposito", "Sig.ra Colombo", "Dott. Ferraro", "Signora Marchetti",
                   "Dott.ssa Fontana", "Avv. Lombardi", "Ing. Rinaldi"],
        "initials": ["G. Bianchi", "M. De Luca", "L. Ferraro"],
        "frames": ["Può inoltrare questo a {}?", "{} ha approvato il preventivo ieri.",
                   "Cordiali saluti,\n{}", "Referente: {}", "Ho parlato con {} stamattina.",
                   "Nome: {}", "Secondo {} la consegna è in ritardo."],
        "streets": ["Via Roma 12", "Via Giuseppe Garibaldi, 10/B", "Viale Monza 100",
                    "Piazza del Duomo 1", "Corso Vittorio Emanuele II 45", "Via dei Mille, 3",
                    "Corso Buenos Aires 12", "Via XX Settembre 20", "Piazza Navona 12"],
        "street_frames": ["Indirizzo: {}, 00184 Roma", "Abito in {}.", "Spedire a {}, grazie."],
        "negatives": ["La Via Appia fu costruita dai Romani.", "Nel corso di 3 anni il fatturato è cresciuto.",
                      "I treni per Milano e Torino sono in ritardo.", "Fiat Panda e Alfa Romeo Giulia in offerta.",
                      "Buon Natale A Tutti I Clienti.", "Piazza Affari chiude in rialzo.",
                      "Inviato via email 2 volte.", "Il Lago di Como è bellissimo.",
                      "Ferrari ha vinto a Monza.", "Oggi Siamo Chiusi Per Inventario."],
    },
    "pt": {
        "people": [("João", "Ferreira"), ("Mariana", "Oliveira"), ("Tiago", "Gonçalves"),
                   ("Inês", "Carvalho"), ("Rui", "dos Santos"), ("Beatriz", "Monteiro"),
                   ("Gonçalo", "Almeida"), ("Catarina", "Sousa"), ("Fernanda", "Lima"),
                   ("Rafael", "Nascimento"), ("Joana", "Pinto"), ("Diogo", "Teixeira")],
        "titled": ["Sr. Ferreira", "Sra. Oliveira", "Dra. Carvalho", "Dona Beatriz", "Dr. Monteiro"],
        "initials": ["J. Ferreira", "A. Gonçalves"],
        "frames": ["Por favor, encaminhe isto para {}.", "{} aprovou o orçamento ontem.",
                   "Atenciosamente,\n{}", "Com os melhores cumprimentos,\n{}",
                   "Falei com {} esta manhã.", "Nome: {}", "Segundo {}, a entrega está atrasada."],
        "streets": ["Rua Augusta, 123", "Rua da Prata 80", "Avenida da Liberdade, 245",
                    "Av. Paulista, 1578", "Travessa do Carmo 5", "Praça do Comércio, 1",
                    "Rua das Flores, 123", "Av. da República, 50", "Rua Oscar Freire, 1000"],
        "street_frames": ["Morada: {}, 1100-148 Lisboa", "Moro na {}.", "Envie para {}, por favor."],
        "negatives": ["Os voos para o Porto e Faro estão atrasados.",
                      "A Avenida da Liberdade está fechada.", "Natura e Havaianas abrem loja em Lisboa.",
                      "Feliz Ano Novo Para Todos.", "O Benfica venceu 3 jogos seguidos.",
                      "A Costa da Caparica fica perto de Lisboa.", "Largo 5 metros.",
                      "Hoje Estamos Fechados Para Balanço."],
    },
    "pl": {
        "people": [("Piotr", "Kowalski"), ("Anna", "Nowak"), ("Krzysztof", "Wiśniewski"),
                   ("Katarzyna", "Wójcik"), ("Tomasz", "Kamiński"), ("Magdalena", "Lewandowska"),
                   ("Paweł", "Zieliński"), ("Agnieszka", "Szymańska"), ("Michał", "Woźniak"),
                   ("Małgorzata", "Dąbrowska"), ("Łukasz", "Kozłowski"), ("Joanna", "Jankowska"),
                   ("Grzegorz", "Mazur"), ("Ewa", "Krawczyk"), ("Wojciech", "Kaczmarek")],
        "titled": ["Pan Kowalski", "Pani Nowak", "Pani Magdalena", "Pana Wiśniewskiego",
                   "Pan Tomasz Kamiński", "dr Zieliński", "Pani Dąbrowska"],
        "initials": ["J. Kowalski", "A. Nowak", "K. Wójcik"],
        "frames": ["Proszę przekazać to do {}.", "{} zatwierdził ofertę wczoraj.",
                   "Z poważaniem,\n{}", "Pozdrawiam,\n{}", "Osoba kontaktowa: {}",
                   "Rozmawiałem z {} dziś rano.", "Imię i nazwisko: {}", "Według {} dostawa się opóźni."],
        "streets": ["ul. Marszałkowska 12", "ul. Jana Pawła II 15/3", "al. Jerozolimskie 44",
                    "pl. Defilad 1", "os. Tysiąclecia 5", "ul. Piotrkowska 104a",
                    "ul. 3 Maja 7", "al. Niepodległości 213", "ul. Floriańska 24 m. 5",
                    "ulica Długa 8", "ul. św. Marcina 12", "Aleja Róż 3"],
        "street_frames": ["Adres: {}, 00-950 Warszawa", "Mieszkam przy {}.", "Proszę wysłać na adres {}."],
        "negatives": ["Pociągi do Krakowa i Gdańska są opóźnione.",
                      "Ulica Marszałkowska jest zakorkowana.", "Żabka i Biedronka otwierają nowe sklepy.",
                      "Wesołych Świąt Dla Wszystkich Klientów.", "Legia Warszawa wygrała 3 mecze z rzędu.",
                      "Smith et al. 2019 opisali ten efekt.", "Bank Polski podniósł stopy o 5 punktów.",
                      "Dzisiaj Sklep Jest Zamknięty.", "Polska Agencja Kosmiczna ma siedzibę w Gdańsku.",
                      "Wisła płynie przez Kraków."],
    },
    "sv": {
        "people": [("Erik", "Andersson"), ("Anna", "Johansson"), ("Lars", "Karlsson"),
                   ("Karin", "Nilsson"), ("Johan", "Lindqvist"), ("Maja", "Bergström"),
                   ("Mikael", "Eriksson"), ("Linnéa", "Sjöberg"), ("Fredrik", "Lundgren"),
                   ("Ebba", "Holmberg"), ("Magnus", "Åkesson"), ("Sofia", "Engström")],
        "titled": ["Herr Andersson", "Fru Nilsson", "Dr. Lindqvist", "fru Bergström"],
        "initials": ["E. Andersson", "K. Nilsson"],
        "frames": ["Kan du skicka detta till {}?", "{} godkände offerten igår.",
                   "Med vänliga hälsningar,\n{}", "Kontaktperson: {}", "Jag pratade med {} i morse.",
                   "Namn: {}", "Enligt {} är leveransen försenad."],
        "streets": ["Storgatan 5", "Drottninggatan 12B", "Sveavägen 44", "Kungsgatan 3",
                    "Götgatan 78", "Birger Jarlsgatan 22", "Stora Nygatan 7", "Järntorgsgränd 2",
                    "Hamngatan 10", "Skolvägen 4"],
        "street_frames": ["Adress: {}, 111 29 Stockholm", "Vi har flyttat till {}.", "Skicka paketet till {}."],
        "negatives": ["Tågen till Göteborg och Malmö är försenade.",
                      "Storgatan är avstängd i dag.", "Volvo XC60 och Saab 9-3 till salu.",
                      "God Jul Och Gott Nytt År.", "IKEA öppnar ett varuhus i Uppsala.",
                      "Sveavägen är hårt trafikerad.", "Spotify har 5 miljoner användare i Lund.",
                      "Vi Ses I Morgon På Kontoret."],
    },
    "no": {
        "people": [("Ole", "Hansen"), ("Ingrid", "Johansen"), ("Knut", "Olsen"),
                   ("Kari", "Larsen"), ("Bjørn", "Pedersen"), ("Silje", "Haugen"),
                   ("Håkon", "Kristiansen"), ("Marit", "Solberg"), ("Øyvind", "Halvorsen"),
                   ("Ragnhild", "Bakken")],
        "titled": ["Herr Hansen", "Fru Johansen", "Dr. Solberg"],
        "initials": ["O. Hansen", "K. Larsen"],
        "frames": ["Kan du sende dette til {}?", "{} godkjente tilbudet i går.",
                   "Med vennlig hilsen\n{}", "Kontaktperson: {}", "Jeg snakket med {} i dag.",
                   "Navn: {}"],
        "streets": ["Karl Johans gate 22", "Bogstadveien 12", "Storgata 5", "Thorvald Meyers gate 40",
                    "Kirkeveien 64", "Dronningens gate 15", "Strandveien 3"],
        "street_frames": ["Adresse: {}, 0154 Oslo", "Vi har flyttet til {}.", "Send pakken til {}."],
        "negatives": ["Togene til Bergen og Trondheim er forsinket.",
                      "Karl Johans gate er stengt i dag.", "Telenor og Equinor leverte gode tall.",
                      "God Jul Og Godt Nytt År.", "Rosenborg vant 3 kamper på rad.",
                      "Vi Sees I Morgen."],
    },
    "da": {
        "people": [("Mads", "Nielsen"), ("Mette", "Jensen"), ("Søren", "Christensen"),
                   ("Camilla", "Sørensen"), ("Rasmus", "Rasmussen"), ("Louise", "Mortensen"),
                   ("Jesper", "Østergaard"), ("Signe", "Mikkelsen"), ("Frederik", "Lauridsen")],
        "titled": ["Hr. Nielsen", "Fru Jensen", "Dr. Mortensen"],
        "initials": ["M. Nielsen", "S. Christensen"],
        "frames": ["Kan du sende dette til {}?", "{} godkendte tilbuddet i går.",
                   "Med venlig hilsen\n{}", "Kontaktperson: {}", "Jeg talte med {} i morges.",
                   "Navn: {}"],
        "streets": ["Vesterbrogade 12", "Nørregade 7", "Østerbrogade 55", "Strandvejen 100",
                    "H.C. Andersens Boulevard 27", "Amagerbrogade 4", "Store Kongensgade 40",
                    "Bredgade 30"],
        "street_frames": ["Adresse: {}, 1620 København V", "Vi er flyttet til {}.", "Send pakken til {}."],
        "negatives": ["Togene til Aarhus og Odense er forsinkede.",
                      "Vesterbrogade er lukket i dag.", "Lego og Carlsberg leverede gode tal.",
                      "Glædelig Jul Og Godt Nytår.", "Brøndby vandt 3 kampe i træk.",
                      "Vi Ses I Morgen På Kontoret."],
    },
    "tr": {
        "people": [("Mehmet", "Yılmaz"), ("Ayşe", "Kaya"), ("Mustafa", "Demir"),
                   ("Fatma", "Şahin"), ("Emre", "Çelik"), ("Zeynep", "Yıldız"),
                   ("Burak", "Öztürk"), ("Elif", "Aydın"), ("Hakan", "Özdemir"),
                   ("Merve", "Arslan"), ("Murat", "Doğan"), ("Esra", "Kılıç"),
                   ("Serkan", "Karaoğlu"), ("Özlem", "Koç")],
        "titled": ["Sayın Yılmaz", "Bay Demir", "Bayan Kaya", "Ahmet Bey", "Ayşe Hanım",
                   "Sayın Zeynep Yıldız", "Dr. Öztürk"],
        "initials": ["M. Yılmaz", "A. Kaya"],
        "frames": ["Lütfen bunu {} iletin.", "{} teklifi dün onayladı.", "Saygılarımla,\n{}",
                   "İletişim: {}", "Bu sabah {} ile görüştüm.", "Adı Soyadı: {}",
                   "{} göre teslimat gecikti."],
        "streets": ["Atatürk Cad. No: 12", "İstiklal Caddesi No:45", "Gül Sok. No: 5",
                    "Bağdat Caddesi No: 123", "Kızılay Mah. Atatürk Bulvarı No: 55",
                    "Çiçek Sokak No:7", "Barbaros Blv. No: 12", "Cumhuriyet Mah. 1453 Sok. No: 7",
                    "Moda Mah. Şair Nefi Sok. No: 3"],
        "street_frames": ["Adres: {}, 34000 İstanbul", "Yeni adresimiz {}.", "Paketi {} adresine gönderin."],
        "negatives": ["İstanbul ve Ankara uçuşları gecikmeli.",
                      "İstiklal Caddesi bugün kapalı.", "Arçelik ve Vestel yeni ürünlerini tanıttı.",
                      "Yeni Yılınız Kutlu Olsun.", "Galatasaray 3 maç üst üste kazandı.",
                      "Bugün Mağazamız Kapalıdır.", "Türk Hava Yolları yeni hat açtı.",
                      "Kara Deniz kıyısında yağmur var."],
    },
}

# Table and CSV rows, surname first (the way registers and exports write names).
TABLES = [
    ("pl", "KOWALSKI Jan;Warszawa;2024-03-01", "KOWALSKI Jan"),
    ("pl", "Nowak, Anna; Kraków; kierownik", "Nowak, Anna"),
    ("pl", "Lp. 3 | Wiśniewska Katarzyna | księgowa", "Wiśniewska Katarzyna"),
    ("fr", "DUPONT Marie, 12 ans d'ancienneté", "DUPONT Marie"),
    ("it", "Rossi Mario | Milano | responsabile", "Rossi Mario"),
    ("it", "Cognome: Bianchi Nome: Giulia", ["Bianchi", "Giulia"]),
    ("tr", "YILMAZ Mehmet | İstanbul | müdür", "YILMAZ Mehmet"),
    ("tr", "Kaya, Ayşe; Ankara; muhasebe", "Kaya, Ayşe"),
    ("sv", "Andersson, Erik;Stockholm;säljare", "Andersson, Erik"),
    ("sv", "Johansson Anna\tGöteborg\tekonom", "Johansson Anna"),
    ("nl", "Jansen, Pieter; Utrecht; inkoper", "Jansen, Pieter"),
    ("pt", "Ferreira, João; Porto; gerente", "Ferreira, João"),
    ("de", "Schulz, Katrin; Köln; Einkauf", "Schulz, Katrin"),
    ("da", "Nielsen, Mette;Aarhus;konsulent", "Nielsen, Mette"),
    ("no", "Hansen, Ole;Bergen;ingeniør", "Hansen, Ole"),
    ("en", "Smith, John, London, manager", "Smith, John"),
]

# Second round: look-alikes of the forms the rules added (initials, particles, surname-first,
# honorifics that are words, street names that are people's), and names outside the lists.
HARD_NEGATIVES = [
    ("en", "See Appendix B. Results are in Table 3."), ("en", "The Bay Area is expensive."),
    ("en", "Boarding gate 22 is at the end of the hall."), ("en", "Tropical Storm Warning issued for Miami."),
    ("en", "Peter Pan opens at the Globe on Friday."), ("en", "Section A. Introduction and Scope"),
    ("pl", "Uniwersytet Jagielloński ma ponad 600 lat."), ("pl", "Teatr Wielki gra dziś Halkę."),
    ("pl", "Zapraszamy do Banku Polskiego."), ("pl", "Rynek Główny w Krakowie jest pełny turystów."),
    ("sv", "Lund University ligger i Skåne."), ("sv", "Gamla Stan är vackert på våren."),
    ("sv", "Nya Karolinska Solna har öppnat."), ("sv", "Volvo Cars och Polestar växer."),
    ("tr", "Sultan Ahmet Camii turistlerle dolu."), ("tr", "Mimar Sinan Üniversitesi yeni bölüm açtı."),
    ("tr", "Ankara Yolu 5 km boyunca kapalı."), ("tr", "Kadıköy Belediyesi açıklama yaptı."),
    ("nl", "Huis ten Bosch is het paleis van de koning."), ("nl", "Hoek van Holland ligt aan zee."),
    ("nl", "Museum van Loon is vandaag open."), ("nl", "Bergen op Zoom viert carnaval."),
    ("it", "Santa Maria del Fiore domina Firenze."), ("it", "Il Ponte Vecchio attraversa l'Arno."),
    ("it", "Lago di Garda è pieno di turisti."), ("it", "La Banca d'Italia alza i tassi."),
    ("it", "Teatro alla Scala apre la stagione."), ("it", "Porta Nuova è il nuovo quartiere."),
    ("pt", "Rio de Janeiro recebe o carnaval."), ("pt", "Banco do Brasil divulgou os resultados."),
    ("pt", "A Casa da Música fica no Porto."), ("pt", "Torre de Belém é um monumento."),
    ("da", "Tivoli Gardens åbner i april."), ("da", "Den Lille Havfrue er lille."),
    ("no", "Aker Brygge er fullt av folk."), ("no", "Holmenkollen Skimuseum er åpent."),
    ("de", "Deutsche Bank und Commerzbank fusionieren nicht."), ("de", "Vitamin D. Werte sinken im Winter."),
    ("fr", "Tour de France 2025 part de Lille."), ("es", "El Santiago Bernabéu está lleno."),
]
HARD_NAMES = [
    ("nl", "Mevrouw Zwanenburg belt morgen terug.", "Mevrouw Zwanenburg", "titled"),
    ("nl", "Ik sprak met dhr. Oosterwijk.", "dhr. Oosterwijk", "titled"),
    ("pl", "Pani Brzęczyszczykiewicz przyjdzie jutro.", "Pani Brzęczyszczykiewicz", "titled"),
    ("pl", "Rozmawiałem z panem Kowalczykiem.", "panem Kowalczykiem", "titled"),
    ("tr", "Sayın Karabıyık, teklifiniz ektedir.", "Sayın Karabıyık", "titled"),
    ("it", "Gentile Sig.ra Zanotti, le scrivo per", "Sig.ra Zanotti", "titled"),
    ("it", "La Dott.ssa Pellizzari è in ferie.", "Dott.ssa Pellizzari", "titled"),
    ("pt", "O Sr. Quintanilha ligou ontem.", "Sr. Quintanilha", "titled"),
    ("sv", "Fru Wallenius ringer i morgon.", "Fru Wallenius", "titled"),
    ("da", "Hr. Skovgaard har godkendt det.", "Hr. Skovgaard", "titled"),
    ("en", "Signed: Okonkwo Adeyemi", "Okonkwo Adeyemi", "cue"),
    ("sv", "Kontaktperson: Lovisa Wikström", "Lovisa Wikström", "cue"),
    ("no", "Navn: Sigve Brattli", "Sigve Brattli", "cue"),
    ("tr", "Adı Soyadı: Kübra Karabıyık", "Kübra Karabıyık", "cue"),
    ("pl", "Nazwisko: Grabowska", "Grabowska", "label"),
    ("nl", "Achternaam: Dijkstra", "Dijkstra", "label"),
    ("sv", "Möte med Gustav Lindqvist i dag.", "Gustav Lindqvist", "full"),
    ("pl", "Spotkanie z Bartoszem Zielińskim jutro.", "Bartoszem Zielińskim", "full"),
    ("en", "Report by A. J. Featherstonehaugh.", "A. J. Featherstonehaugh", "initial"),
    ("nl", "Getekend: P. van Houten", "P. van Houten", "initial"),
    ("tr", "Toplantıya Hüseyin Karabıyık katıldı.", "Hüseyin Karabıyık", "full"),
    ("da", "Mødet med Mette Frederiksen er flyttet.", "Mette Frederiksen", "full"),
    ("it", "Ho scritto a Gianluca Zanotti ieri.", "Gianluca Zanotti", "full"),
    ("pt", "A reunião com Thaís Quintanilha foi adiada.", "Thaís Quintanilha", "full"),
    ("en", "Email from Lukasz Wisniewski about the invoice.", "Lukasz Wisniewski", "ascii"),
    ("tr", "Mehmet Ozturk called about the order.", "Mehmet Ozturk", "ascii"),
    ("sv", "Jorgen Soderberg approved it.", "Jorgen Soderberg", "ascii"),
]


def label(detector, value, form):
    return {"detector": detector, "value": value, "form": form}


def main():
    out = []
    for lang, d in LANGS.items():
        frames = d["frames"]
        for i, (given, surname) in enumerate(d["people"]):
            # Every person in two frames (full name), and a third when the frame list allows.
            for frame in (frames[i % len(frames)], frames[(i + 3) % len(frames)]):
                value = f"{given} {surname}"
                text = frame.format(value)
                out.append({"text": text, "labels": [label("person_name", value, "full")],
                            "lang": lang, "form": "full"})
        for value in d["titled"]:
            frame = R.choice([f for f in frames if not f.startswith("Nam") and ": " not in f])
            out.append({"text": frame.format(value), "labels": [label("person_name", value, "titled")],
                        "lang": lang, "form": "titled"})
        for value in d["initials"]:
            frame = R.choice(frames)
            out.append({"text": frame.format(value), "labels": [label("person_name", value, "initial")],
                        "lang": lang, "form": "initial"})
        for i, line in enumerate(d["streets"]):
            for frame in (d["street_frames"][i % len(d["street_frames"])],
                          d["street_frames"][(i + 1) % len(d["street_frames"])]):
                out.append({"text": frame.format(line),
                            "labels": [label("street_address", line, "street")],
                            "lang": lang, "form": "street"})
        for text in d["negatives"]:
            out.append({"text": text, "labels": [], "lang": lang, "form": "negative"})
    for lang, text, values in TABLES:
        values = values if isinstance(values, list) else [values]
        out.append({"text": text, "labels": [label("person_name", v, "table") for v in values],
                    "lang": lang, "form": "table"})
    for lang, text in HARD_NEGATIVES:
        out.append({"text": text, "labels": [], "lang": lang, "form": "hard_negative"})
    for lang, text, value, form in HARD_NAMES:
        out.append({"text": text, "labels": [label("person_name", value, form)],
                    "lang": lang, "form": form})
    for s in out:
        for l in s["labels"]:
            assert l["value"] in s["text"], s
        print(json.dumps(s, ensure_ascii=False))


if __name__ == "__main__":
    main()
