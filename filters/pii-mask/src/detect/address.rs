//! `street_address` (opt-in): street lines, by the shape each language writes them in.
//! - EN: house number, capitalised words, a street type (`221B Baker Street`, `48 Oak Ave`);
//! - DE: a street word (`…straße`, `…weg`, `Berliner Allee`, `Am Markt`) and a house number
//!   (`Hauptstraße 12a`, `Goethestr. 5-7`);
//! - FR: house number (`bis`, `ter`), a street type, its name (`12 bis rue de la Paix`);
//! - ES: a street type, its name, a number (`Calle Mayor 5`, `Avenida de América, nº 23`);
//!   IT, PT and PL the same way (`Via Roma 12`, `Rua Augusta, 123`, `ul. Piękna 22`).
//!
//! A street named without a house number (`Main Street is closed`) is not an address.

/// One regex, one alternative per language. Word boundaries are ASCII ones (`(?-u:\b)`): a
/// Unicode `\b` keeps the regex off its fast DFA path (100× slower on prose).
pub const PATTERN: &str = concat!(
    // EN
    // (UK: `Flat 4, Jade Plaza`, `Studio 66, Marsh Gardens`: the flat first, then a comma.)
    // (IN: the number, a range too, then a comma: `139a, Amaltas Path`, `3-5, Neelkamal Lane`.)
    r"(?-u:\b)(?:(?:Flat|Studio|Apartment|Apt\.?|Unit|Suite)[ \t]+[0-9]{1,4}[A-Za-z]?,|(?:[0-9]{1,4}-[0-9]{1,4}|[0-9]{1,5}[A-Za-z]?),?)",
    // Words: capitalised (`N.`, `St.` abbreviated) or ordinals (`5th Ave`, `W 54th St`).
    r"(?:[ \t]+(?:\p{Lu}[\p{L}'\-]*\.?|[0-9]{1,3}(?:st|nd|rd|th))){1,4}[ \t]+",
    // (Case-insensitive: `12 Baker street`, `12 BAKER STREET`.)
    r"(?i:Street|St\.?|Avenue|Ave\.?|Road|Rd\.?|Lane|Ln\.?|Drive|Dr\.?|Boulevard|Blvd\.?|Court|Ct\.?|",
    r"Place|Pl\.?|Way|Terrace|Close|Crescent|Square|Sq\.?|Parkway|Pkwy\.?|Circle|Circles|Highway|Hwy\.?|",
    // USPS and Royal Mail abbreviations.
    r"Cir\.?|Trl\.?|Ter\.?|Expy\.?|Fwy\.?|Hts\.?|Plz\.?|Ctr\.?|Gdns\.?|Cres\.?|Tce\.?|Cl\.?|Gr\.?|",
    r"Plaza|Trail|Row|Gardens|Grove|Hill|Walk|Mews|Pike|Alley|Loop|Ridge|View|Park|Port|Ports|Skyway|",
    r"Expressway|Freeway|Junction|Crossing|Landing|Meadow|Meadows|Heights|Harbor|Harbour|Point|Green|",
    r"Rise|Wharf|Quay|Parade|Esplanade|Broadway|Avenues|Streets|Roads|Lanes|Drives|Courts|Squares|",
    r"Stravenue|Villages?|Vista|Glen|Falls|Field|Fields|Forge|Fork|Forks|Fort|Island|Isle|Lake|Lakes|",
    r"Mall|Manor|Mill|Mills|Mission|Mount|Mountain|Oval|Pass|Pine|Pines|Plain|Plains|Ranch|Rapids|",
    r"Shore|Shores|Spring|Springs|Station|Summit|Throughway|Trace|Track|Tunnel|Turnpike|Underpass|",
    r"Union|Valley|Via|Ville|Well|Wells|Creek|Cove|Corner|Corners|Common|Cliff|Club|Camp|Canyon|Cape|",
    r"Causeway|Center|Centre|Branch|Bridge|Brook|Burg|Bypass|Estate|Estates|Extension|Flat|Flats|Ford|",
    r"Garden|Gateway|Haven|Hills|Hollow|Inlet|Key|Keys|Knoll|Light|Lock|Lodge|Neck|Orchard|Radial|Run|",
    r"Shoal|Spur|Stream|Unions|Viaduct|Overpass|Lock|Locks|Junctions|River|Passage|Divide|Ridges|Forest|",
    r"Prairie|Points|Ramp|Route|Trafficway|Wall|Commons|Motorway|Glens|Groves|Hills|Parks|Harbors|",
    r"Crescents|Terraces|Trails|Plazas|Lights|Bluff|Bluffs|Bottom|Bend|Burgs|Coves|Crest|Curve|Dale|Dam|",
    r"Drives|Greens|Heights|Loaf|Mall|Manors|Mews|Motorway|Orchard|Pines|Rest|Rue|Shoals|Square|Squares|",
    // Plurals of any of them (`Valleys`, `Knolls`): Faker and real towns use both.
    // IN (`168 Gulmohar Marg`, `12 Anna Salai`).
    r"Marg|Salai|Path|",
    r"Station|Streets|Summit|Views|Villes|Vista|Vistas|Walks|Ways|Gate|Yard|Wynd|Terr\.?|Av\.?)s?(?-u:\b)\.?",
    r"(?:,?[ \t]+(?:Apt\.?|Apartment|Suite|Ste\.?|Unit|Flat|Floor|Fl\.?|Room|Rm\.?|#)[ \t]*[0-9A-Za-z]{1,5})?",
    // EN streets named without words before their type: `1585 Broadway`, `1 Avenue of the Americas`.
    r"|(?-u:\b)[0-9]{1,5}[A-Za-z]?[ \t]+(?:Broadway|(?:Avenue|Ave\.?)[ \t]+of[ \t]+the[ \t]+\p{Lu}\p{L}+)(?-u:\b)",
    // DE
    // Prepositions first: `Am Alten Markt`, `Unter den Linden`, `Zur Alten Mühle`.
    r"|(?:(?-u:\b)(?:Am|An[ \t]der|An[ \t]den|An[ \t]dem|Auf[ \t]der|Auf[ \t]dem|Auf[ \t]den|Im|In[ \t]der|In[ \t]den|Zum|Zur|",
    r"Unter[ \t]den|Unter[ \t]der|Beim|Bei[ \t]der|Vor[ \t]dem|Vor[ \t]der|Hinter[ \t]dem|Hinter[ \t]der|Über[ \t]dem|Neben[ \t]der)",
    r"(?:[ \t]+\p{Lu}[\p{L}\-]*){1,2}",
    // Compounds: `Goethestraße`, `Karl-Marx-Allee`, `Jungfernstieg`, `Bahnhofstr.`; the stem has
    // three letters at least (`Anstieg 5 %` is no street), and `-ring`/`-wall` not after `e`/`o`
    // (`Monitoring 3`, `Firewall 2`; `Kaiserring`, `Holstenwall`).
    // (An ASCII `\b` only before an ASCII capital: it never holds before another, `Østerbrogade`.)
    r"|(?:(?-u:\b)\p{Lu}[\p{L}\-]*[ \t])?(?:(?-u:\b)[A-Z]|[\p{Lu}&&[^A-Z]])[\p{L}\-]{2,}",
    r"(?i:straße|strasse|str\.|str|weg|gasse|allee|platz|damm|ufer|chaussee|pfad|steig|stieg|markt|graben|promenade|kamp|twiete|",
    // Field, hill and yard names people live on (`Schlossberg 3`, `Lindenhof 7`, `Sonnenhang 2`).
    r"berg|hof|höhe|anger|wiese|brücke|zeile|winkel|bogen|hain|heide|siedlung|wald|steige|leite|halde|garten|feld|park|hang|",
    // NL (`Kalverstraat 92`, `Prinsengracht 263`, `Stationsplein 1`, `Coolsingel 40`).
    r"straat|laan|gracht|plein|kade|dijk|singel|steeg|dreef|baan|plantsoen|veld|",
    // SV, NO, DA (`Storgatan 5`, `Sveavägen 44`, `Bogstadveien 12`, `Vesterbrogade 12`).
    r"gatan|gata|vägen|väg|gränd|torget|stigen|backen|allén|veien|vegen|vei|veg|vej|vejen|gade|stræde|torv|plads|plass|vænget|bakken|allé|",
    // NO paths and yards (`Fjellstien 170b`, `Nausttunet 161-163`, `Bjørkesvingen 4`).
    r"stien|stia|tunet|svingen|kroken|grenda|løkka|jordet|sletta|",
    // DA, NO meadows (`Strandengen 195`); FI rocks, hills and ridges (`Kuusikallio 33`).
    r"engen|kallio|mäki|harju|",
    // FI (`Mannerheimintie 5`, `Aleksanterinkatu 12`, `Rantakuja 3`).
    r"tie|katu|kuja|polku|tori|raitti|väylä|kaari|rinne)",
    r"|(?:(?-u:\b)\p{Lu}[\p{L}\-]*[ \t])?(?:(?-u:\b)[A-Z]|[\p{Lu}&&[^A-Z]])[\p{L}\-]+[\p{L}\-&&[^eoEO]](?i:ring|wall)",
    // NL `-pad` (`Turfstekerspad 141c`, `Kerkpad 3`, `Heidepad 12`), not after `o`, `y`
    // (`Keypad 2`; devices on `-pad` are turned down by [`plausible`]).
    // Listed letters, not `\p{L}`: a Unicode class here took the whole regex off its DFA (1 MB/s).
    r"|(?-u:\b)[A-Z][a-zA-Zéëèïöü\-]{2,}[a-np-xz]pad",
    // Adjective or `-er` word, then the street word: `Lange Straße`, `Berliner Allee`, `Neuer Wall`.
    r"|(?-u:\b)(?:\p{Lu}\p{Ll}{2,}(?:e|er|es|en)|\p{Lu}[\p{L}\-]*(?:sche|scher))[ \t]+(?:Straße|Strasse|Str\.|Weg|Gasse|Allee|Platz|Ring|Damm|Ufer|Chaussee|Wall|Markt|Stieg|Steig|Graben|Kamp|Pfad|Promenade|",
    // NL: `Oude Gracht`, `Nieuwe Weg`, `Lange Laan`.
    r"Straat|Laan|Gracht|Plein|Kade|Dijk|Singel)",
    // The street word first: `Platz der Republik`, `Straße des 17. Juni`, `Allee der Kosmonauten`.
    r"|(?-u:\b)(?:Straße|Platz|Allee|Weg|Ring|Ufer|Damm|Laan|Plein)[ \t]+(?:der|des|am|zum|zur|van|van[ \t]+de|van[ \t]+het)(?:[ \t]+(?:[0-9]{1,2}\.|\p{Lu}[\p{L}\-]*)){1,3})",
    // The house number (`12a`, `12 a`, `5-7`, `12/1`, `Nr. 5`; `Str.5` without a space).
    r"(?:[ \t]+|(?-u:\b))(?:Nr\.?[ \t]*)?[0-9]{1,4}(?:[ \t]?(?:[a-zA-Z]|bis|ter|hs)(?-u:\b))?(?:[ \t]?[-/][ \t]?[0-9]{1,4}[a-z]?)?(?-u:\b)",
    // FR: house number (`bis`, `ter`), a street type, its name.
    r"|(?-u:\b)[0-9]{1,4}(?:[ \t]?(?:bis|ter|quater|[A-C])(?-u:\b)|[a-c](?-u:\b))?,?[ \t]+",
    r"(?:(?i:rue|avenue|boulevard|bd|bld|blvd|place|chemin|allée|impasse|quai|route|cours|square|passage|voie|",
    r"sentier|rond-point|faubourg|esplanade|parvis|promenade|mail|cité|villa|hameau|lieu-dit|résidence|",
    r"lotissement|montée|traverse|ruelle|venelle|clos|chaussée|côte|sente|rampe|allées)",
    r"|(?i:av|bd|pl|imp|ch|rte|fbg|sq|all|r)\.)",
    r"(?:[ \t]+(?:(?:de|du|des|la|le|les|aux?|sur|sous|en)(?-u:\b)|(?:l'|d'|l’|d’)?\p{Lu}[\p{L}'’\-]*|(?:l'|d'|l’|d’)|[0-9]{1,2}(?-u:\b))){1,6}",
    // ES (and FR/BE/CH lines with the number after the name: `Rue de la Loi 16`): a street
    // type, its name, a number (`nº 5`, `# 71-21`, `s/n`). The commonest types also in lower
    // case, as running text writes them.
    r"|(?-u:\b)Gran[ \t]+V[íi]a,?[ \t]+[0-9]{1,4}(?-u:\b)",
    r"|(?-u:\b)(?:(?i:calle|c/|avenida|avda\.?|paseo|plaza|carrer|camino|ronda|carretera|rambla|travesía|glorieta|",
    r"pasaje|callejón|urbanización|bulevar|alameda|calleja|cuesta|carrera|passeig|plaça|avinguda|travessera|",
    r"camí|praza|rúa|rua|estrada|diagonal|transversal|vía|via|",
    // MX (`Privada de los Fresnos 2129`, `Cerrada del Sol 5`, `Calzada de Tlalpan 12`).
    r"privada|cerrada|calzada|andador|circuito|retorno|",
    // IT (`Via Roma 12`, `via dei Mille, 3/A`, `Corso Vittorio Emanuele II 45`, `Piazza del Duomo n. 1`).
    r"viale|corso|piazza|piazzale|piazzetta|largo|vicolo|vico|strada|lungomare|lungarno|lungotevere|contrada|",
    r"località|borgo|salita|galleria|traversa|",
    // PT (`Rua Augusta, 123`, `Praça do Comércio 1`, `Travessa do Carmo, 5`).
    r"travessa|praça|calçada|beco|rodovia|praceta|",
    // FR/BE/CH lines with the number after the name, as running text writes them (`rue du Marché 12`).
    r"rue|avenue|boulevard|chaussée|chemin|quai)",
    // PL, as written (case-sensitive: `OS. Windows 10` is no street): `ul. Marszałkowska 75`,
    // `al. Jerozolimskie 10`, `os. Tysiąclecia 5`, `pl. Grunwaldzki 3`, `plac Zamkowy 4`.
    r"|ul\.|Ul\.|ulica|Ulica|al\.|Al\.|aleja|Aleja|aleje|Aleje|os\.|osiedle|Osiedle|pl\.|plac|Plac",
    r"|C\.|Cl\.|Cra\.|Kr\.|Av\.|Avd\.|Pº|P[º°]\.|Pza\.?|Pl\.|Ctra\.?|Rda\.|Trva?\.|Urb\.|Bº|Gta\.|Cmno\.|Jr\.|Jirón|",
    r"V\.le|C\.so|P\.zza|P\.za|P\.le|Loc\.|R\.|Tv\.|Trav\.|Estr\.|Pç\.|",
    r"Acceso|Vial|Cañada|Sector|Partida|Ribera|Polígono|Plazuela|Costanilla|Pasadizo|Subida|Muelle|Barrio|",
    r"Senda|Prolongación)",
    r"(?:[ \t]+(?:(?:de|del|dels|la|las|los|les|el|y|i|du|des|do|da|dos|das|di|della|dello|dei|degli|delle|al|alla|e)(?-u:\b)|(?:l'|d'|l’|d’|dell'|dell’|all'|sull')?\p{Lu}[\p{L}'’\-\.]*|[0-9]{1,3}(?:[ºª°]|[ \t]?[A-Z](?-u:\b))?)){1,6}",
    r",?[ \t]+(?:(?:n\.?[ºo°]|N\.?[ºo°]|No|n|N|núm|num|número|numero|nr|civico|km)\.?[ \t]*|#[ \t]*)?",
    // The number (`12`, `12A`, `12/A`, `12 bis`, `12-14`), or none (`s/n`, Italian `snc`).
    r"(?:[0-9]{1,4}(?:[ \t]?[/-]?[ \t]?(?:[A-Za-z]|bis)(?-u:\b))?(?:[ \t]?-[ \t]?[0-9]{1,4})?(?-u:\b)|s/n|snc(?-u:\b))",
    // `C/Mayor 5`: the name right after the slash.
    r"|(?-u:\b)(?i:c/)[ \t]*\p{Lu}[\p{L}'’\-\.]*",
    r"(?:[ \t]+(?:(?:de|del|dels|la|las|los|les|el|y|i|du|des|do|da|dos|das)(?-u:\b)|(?:l'|d'|l’|d’)?\p{Lu}[\p{L}'’\-\.]*|[0-9]{1,3}(?:[ \t]?[A-Z](?-u:\b))?)){0,5}",
    r",?[ \t]+(?:(?:n\.?[ºo°]|N\.?[ºo°]|No)\.?[ \t]*|#[ \t]*)?(?:[0-9]{1,4}(?:[ \t]?-[ \t]?[0-9]{1,3})?(?-u:\b)|s/n)",
);

/// Street lines of languages whose shape [`PATTERN`] does not know, one alternative each (no
/// ASCII `\b` before a capital: it never holds before a non-ASCII one):
/// - ID/MS: `Jl. Mawar No. 131`, `Jalan Melati No. 14`;
/// - TR: the name, its type, `No:` and the number (`Lale Sokağı No: 153`, `Bağdat Caddesi 4`);
/// - RO: the type first (`Calea Victoriei 37`, `Str. Florilor nr. 5`, `Bulevardul Unirii 27`);
/// - EL, HE, AR: the type word first (`Οδός Πατησίων 117`, `רחוב הדקל 7`, `شارع النخيل 128`);
/// - VI: the number, a street word or Hanoi's `Hàng`, the name (`số 84 phố Hàng Bạc`,
///   `1251 đường Cầu Giấy`, `168 Hàng Gai`);
/// - CS/SK: an adjective street name (`Květná 682`, `Zahradní 697/38`) or a preposition line
///   (`Na Příkopě 13`, `U Nádraží 666`) — no type word, so [`intl_plausible`] checks what
///   follows;
/// - KO: road names on `-로`/`-길` (`강남대로 60`, `해운대로 614`), checked the same way.
///
/// Scripts are written as ranges: the filter's regex has no Unicode script tables (only the
/// general categories, `\p{L}`, `\p{Lu}`...), and a script class would fail to compile in it.
///
/// Two regexes, each fast on prose: in one alternation their Unicode classes make the lazy
/// DFA thrash (4 MB/s instead of 500).
pub const INTL_PATTERNS: [&str; 2] = [
    // Lines that start with a street word.
    concat!(
        // ID/MS
        r"(?:(?-u:\b)(?:Jl|Jln)\.?[ \t]+|(?-u:\b)(?:Gg\.|Jalan)[ \t]+)\p{Lu}[\p{L}\-]*\.?(?:[ \t]+\p{Lu}[\p{L}\-]*\.?){0,3}",
        r",?[ \t]+(?:(?:No|no|Nomor)[.:]?[ \t]*)?[0-9]{1,4}[A-Za-z]?(?:/[0-9]{1,3})?(?-u:\b)",
        r"|(?-u:\b)(?:Lorong|Lrg\.|Persiaran|Lebuh)[ \t]+\p{Lu}\p{L}*(?:[ \t]+\p{Lu}\p{L}*){0,2}[ \t]+[0-9]{1,4}[A-Za-z]?(?-u:\b)",
        // RO
        r"|(?-u:\b)(?:Calea|Bulevardul|Bd\.|Bld\.|Aleea|Șoseaua|Şoseaua|Soseaua|Splaiul|Intrarea|Piața|Str\.|Strada)",
        r"(?:[ \t]+\p{Lu}[\p{L}\-\.]*){1,3},?[ \t]+(?:(?:nr|Nr)\.?[ \t]*)?[0-9]{1,4}[A-Za-z]?(?-u:\b)",
        // EL, HE, AR
        r"|(?:Οδός|οδός|Οδ\.|Λεωφόρος|Λεωφ\.|Πλατεία|Πάροδος|Παρ\.)[ \t]+[\u{0370}-\u{03FF}\u{1F00}-\u{1FFF}]+\.?(?:[ \t]+[\u{0370}-\u{03FF}\u{1F00}-\u{1FFF}]+\.?){0,2},?[ \t]+[0-9]{1,4}",
        r"|(?:רחוב|רח'|רח׳|שדרות|שד'|שד׳|סמטת)[ \t]+[\u{05D0}-\u{05EA}\u{05F0}-\u{05F2}]+(?:[ \t]+[\u{05D0}-\u{05EA}\u{05F0}-\u{05F2}]+){0,2}[ \t]+[0-9]{1,4}",
        r"|(?:شارع|طريق)[ \t]+[\u{0620}-\u{064A}\u{066E}-\u{06D3}\u{06FA}-\u{06FF}]+(?:[ \t]+[\u{0620}-\u{064A}\u{066E}-\u{06D3}\u{06FA}-\u{06FF}]+){0,2}[ \t]+[0-9]{1,4}",
        // CS prepositions (`Na Příkopě 13`, `U Nádraží 666`)
        r"|(?-u:\b)(?:Na|U|V|K|Pod|Nad|Za|Před|Ve)[ \t]+\p{Lu}\p{Ll}+(?:[ \t]+\p{L}\p{Ll}+)?[ \t]+[0-9]{1,4}[a-zA-Z]?(?:/[0-9]{1,4}[a-z]?)?(?-u:\b)",
        // HR, SR, SL, BS (`Ulica javora 5`, `Trg bana 3`, `Ulica lipa 13A`, `Cesta na Brdo 71`)
        r"|(?-u:\b)(?:Ulica|Trg|Cesta)[ \t]+(?:(?:na|pod|ob|pri|v|za)[ \t]+)?\p{L}{4,}(?:[ \t]+\p{L}+){0,2}[ \t]+[0-9]{1,4}[a-zA-Z]?(?-u:\b)",
        // SL `Pot` (path) before a capitalised name (`Pot na Grič 156`; not `Pot roast 2`).
        r"|(?-u:\b)Pot[ \t]+(?:(?:na|pod|ob|pri|v|za)[ \t]+)?\p{Lu}\p{L}{3,}[ \t]+[0-9]{1,4}[a-zA-Z]?(?-u:\b)",
        // HR `Put` (road) before a genitive (`Put Mlinica 137`; not `Put Box 3 here`).
        r"|(?-u:\b)Put[ \t]+\p{Lu}\p{Ll}+(?:ica|ina|ova|eva|aca|ića|aka)[ \t]+[0-9]{1,4}[a-zA-Z]?(?-u:\b)",
        // UK, RU (`вул. Яблунева, 136`, `ул. Ленина, д. 5`, `просп. Миру 12`)
        r"|(?:вул\.|вулиця|ул\.|улица|просп\.|проспект|пров\.|провулок|пер\.|переулок|бул\.|бульвар|пл\.|площа|площадь|шосе|шоссе|наб\.)",
        r"[ \t]+\p{Lu}[\p{L}\-]*(?:[ \t]+\p{L}[\p{L}\-]*){0,2},?[ \t]+(?:(?:буд|д)\.[ \t]*)?[0-9]{1,4}(?:[а-яА-Я](?:[^\p{L}]|$))?",
        // SW (`Barabara ya Mvule 63`, `Mtaa wa Mwembe 177`), TL (`Kalye Narra 11`)
        r"|(?-u:\b)(?:Barabara[ \t]+ya|Mtaa[ \t]+wa|Njia[ \t]+ya)[ \t]+\p{Lu}\p{L}*(?:[ \t]+\p{Lu}\p{L}*){0,2}[ \t]+[0-9]{1,4}(?-u:\b)",
        r"|(?-u:\b)(?:Kalye|Kalsada)[ \t]+\p{Lu}\p{L}*(?:[ \t]+\p{Lu}\p{L}*){0,2}[ \t]+[0-9]{1,4}(?-u:\b)",
    ),
    // Lines whose street word (or shape) comes after the name, or the number first.
    concat!(
        // TR (`Lale Sokağı No: 153`)
        r"\p{Lu}[\p{L}]*(?:[ \t]+\p{Lu}[\p{L}]*){0,2}[ \t]+(?:Sokağı|Sokak|Sokagi|Sok\.|Sk\.|Caddesi|Cad\.|Cd\.|Bulvarı|Blv\.|Yolu)",
        r",?[ \t]+(?:No[:.]?[ \t]*)?[0-9]{1,4}[A-Za-z]?(?:/[0-9]{1,3})?(?-u:\b)",
        // HU (`Fenyves u. 101`, `Váci út 21`, `Kossuth Lajos tér 3`)
        r"|\p{Lu}\p{Ll}+(?:[ \t]+\p{Lu}\p{Ll}+)?[ \t]+(?:utca|u\.|út|tér|körút|krt\.|köz|sor|sétány|fasor|rakpart)[ \t]+[0-9]{1,4}(?:/[A-Za-z]|[a-z])?(?-u:\b)",
        // HR adjective lines (`Vinogradska ulica 105`, `Lučka cesta 70`)
        r"|\p{Lu}\p{Ll}+[ \t]+(?:ulica|cesta|trg|avenija|obala)[ \t]+[0-9]{1,4}[a-z]?(?:-[0-9]{1,4})?(?-u:\b)",
        // SL `pot` after an adjective (`Brezova pot 63b`, `Gozdna pot 4`; not `Crock pot 6`).
        r"|\p{Lu}\p{Ll}+(?:ova|eva|ska|ška|čka|na|ja)[ \t]+pot[ \t]+[0-9]{1,4}[a-z]?(?:-[0-9]{1,4})?(?-u:\b)",
        // RU, UK, BG: the name first (`Луговой переулок, 133`, `Садовая улица 5`).
        r"|\p{Lu}[\p{L}\-]+[ \t]+(?:улица|переулок|проспект|бульвар|шоссе|проезд|вулиця|провулок|проспект|улица)",
        r",?[ \t]+(?:(?:буд|д)\.[ \t]*)?[0-9]{1,4}(?:[а-яА-Я](?:[^\p{L}]|$))?",
        // CS/SK adjective streets (`Květná 682`), any adjective with a conscription number
        // (`Dlouhá 129/3`)
        r"|\p{Lu}\p{Ll}+(?:ní|ná|ová|ská|cká|ské|ého)[ \t]+[0-9]{1,4}[a-z]?(?:/[0-9]{1,4}[a-z]?)?(?-u:\b)",
        // LV, LT, ET: the name, its street word, the number (`Ozolu iela 17`, `Beržų g. 168`,
        // `Männi tee 26b`, `Pärna põik 8`)
        r"|\p{Lu}\p{Ll}+[ \t]+(?:iela|gatvė|g\.|prospektas|pr\.|alėja|al\.|tee|põik|puiestee|maantee|tänav|prospekts|bulvāris|laukums)[ \t]+[0-9]{1,4}[a-zA-Z]?(?:-[0-9]{1,4})?(?-u:\b)",
        // (With a noun after the adjective: `Slnečná stráň 1419/10`.)
        r"|\p{Lu}\p{Ll}+[áíéý](?:[ \t]+\p{Ll}{3,})?[ \t]+[0-9]{1,4}/[0-9]{1,4}[a-z]?(?-u:\b)",
        // VI (`số 84 phố Hàng Bạc`, `1251 đường Cầu Giấy`, `168 Hàng Gai`), TL (`11 Kalye Narra`)
        r"|(?:(?:số|Số)[ \t]+)?(?-u:\b)[0-9]{1,4}[A-Za-z]?(?:/[0-9]{1,4})?[ \t]+",
        r"(?:(?:đường|phố|Đường|Phố|ngõ|Ngõ|hẻm|Hẻm)[ \t]+\p{Lu}\p{L}*|Hàng[ \t]+\p{Lu}\p{L}*|(?:Kalye|Kalsada)[ \t]+\p{Lu}\p{L}*)(?:[ \t]+\p{Lu}\p{L}*){0,3}",
        // KO road names (`강남대로 60`)
        r"|[\u{AC00}-\u{D7A3}]{1,8}(?:로|길)[ \t]?[0-9]{1,4}(?:-[0-9]{1,4})?",
    ),
];

/// A line of [`INTL_PATTERNS`]: one without a type word (Czech, Korean) must not run on into a
/// word or a figure (`V Praze 5 let`, `버스로 5분`, `Celková 5 %`): its number ends the line, or
/// a comma, semicolon, quote, bracket or line break follows it.
pub fn intl_plausible(line: &str, after: &str) -> bool {
    const CZECH_PREPOSITIONS: &[&str] = &["Na", "U", "V", "K", "Pod", "Nad", "Za", "Před", "Ve"];
    const CZECH_ENDINGS: &[&str] = &["ní", "ná", "ová", "ská", "cká", "ské", "ého"];
    // Cyrillic type words that may follow the name (`Тверская улица 7`): there the name is as
    // often a word of the sentence (`Эта улица 100 лет назад`, `Через проспект 20 минут`).
    const CYRILLIC_TYPES: &[&str] = &[
        "улица",
        "ул.",
        "проспект",
        "просп.",
        "переулок",
        "пер.",
        "бульвар",
        "бул.",
        "площадь",
        "шоссе",
        "вулиця",
        "вул.",
        "провулок",
        "пров.",
        "площа",
        "шосе",
    ];
    let mut words = line.split([' ', '\t']).filter(|w| !w.is_empty());
    let first = words.next().unwrap_or("");
    let second = words.clone().next().unwrap_or("").trim_end_matches(',');
    // (`Ulica`, `Trg`, `Cesta` name a lower-case genitive: `Ulica javora 5`, not `Ulica ma 5
    // domów`; Slovenian `Pot` is a word too: `Instant Pot Ultra 6 quart`, `Pot Noodle 4 pack`.)
    let untyped = CZECH_PREPOSITIONS.contains(&first)
        || ["Ulica", "Trg", "Cesta", "Pot", "Put"].contains(&first)
        || CYRILLIC_TYPES.contains(&second)
        || line.chars().any(super::names::hangul_syllable)
        || (CZECH_ENDINGS.iter().any(|e| first.ends_with(e)) && words.count() == 1);
    // A dot ends the line only before the end, a line break, or a new sentence (`Květná 682.
    // Sedí to?`; `V Praze 15. března` is a date).
    let ends = || {
        // (A dash between spaces too: `Cesta na Brdo 71 – to je pravilen podatek`.)
        if after.starts_with(" – ") || after.starts_with(" — ") {
            return true;
        }
        let mut rest = after.chars();
        rest.next().is_none_or(|c| {
            matches!(
                c,
                ',' | ';'
                    | '\n'
                    | '\r'
                    | '\''
                    | '"'
                    | ')'
                    | ']'
                    | '}'
                    | '|'
                    | '<'
                    | '،'
                    | '»'
                    | '”'
                    | '“'
                    | '*'
                    | '\\'
                    | '`'
                    | '!'
                    | '?'
                    | '。'
                    | '、'
                    | '」'
                    | '』'
                    | '←'
                    // (HL7 v2 components: `Jabloňová 1469/17^^Leeds`.)
                    | '^'
            ) || (c == '.'
                && match (rest.next(), rest.next()) {
                    (None, _) | (Some('\n' | '\r' | '.' | ',' | ';'), _) => true,
                    (Some(' '), next) => {
                        next.is_some_and(|c| !c.is_lowercase() && !c.is_ascii_digit())
                    }
                    _ => false,
                })
        })
    };
    // Korean `로` after a syllable without a final consonant (or with `ㄹ`) is also the
    // particle `(으)로` (`포트로 8080`, `평균으로 85`): a road only as `대로`, or after another
    // final consonant (`세종로`, `테헤란로`).
    let korean_particle = line.find('로').is_some_and(|at| {
        let before = line.get(..at).and_then(|b| b.chars().next_back());
        let final_consonant = before
            .filter(|c| super::names::hangul_syllable(*c))
            .map(|c| (u32::from(c) - 0xAC00) % 28);
        !line.get(..at).is_some_and(|b| b.ends_with('대'))
            && final_consonant.is_some_and(|f| f == 0 || f == 8)
    });
    // Czech weekdays end like adjectives (`Pondělí 12/3` is a date).
    let weekday = ["Pondělí", "Úterý"].contains(&first);
    // A Czech or Slovak house number with its orientation number (`Kaštanová 2899/26`,
    // `Pod Hájom 2656/23`) is a street's, whatever follows: a date is written `12/3`.
    let czech_numbered = line.rsplit([' ', '\t']).next().is_some_and(|n| {
        n.split_once('/').is_some_and(|(a, b)| {
            (3..=5).contains(&a.len())
                && a.bytes().all(|c| c.is_ascii_digit())
                && (1..=4).contains(&b.len())
                && b.bytes().all(|c| c.is_ascii_alphanumeric())
        })
    });
    !korean_particle && !weekday && (!untyped || czech_numbered || ends())
}

/// Street fields of forms, records and keys in many languages (`Utca és házszám: Tölgyfa u.
/// 175`, `"street": "Květná 94`, `כתובת רחוב: רחוב הגפן 70`, `도로명 주소: 강남대로 1`): the
/// field's name, then `:`, `=`, `：` or a dash; the value is [`labelled_value`]'s.
pub const FIELD_PATTERN: &str = concat!(
    r"(?:(?i:street(?:[ _]?address)?|address(?:[ _]?line[ _]?1)?|addr|adresse|anschrift|straße|",
    r"dirección|direccion|domicilio|residenza|residencia|indirizzo|endereço|morada|adres|adresi|adresa|adress|",
    r"ulice(?: a číslo popisné)?|utca(?: és házszám)?|cím|οδός(?: και αριθμός)?|διεύθυνση|",
    r"alamat(?: jalan)?|katuosoite|osoite|gatuadress|gateadresse|số nhà và tên đường|địa chỉ|adresă|",
    r"adresas|adrese|aadress|naslov|addr(?:ess)?[ _]?(?:line[ _]?)?1|",
    r"strada|כתובת(?: רחוב)?|عنوان|العنوان|도로명 ?주소|주소|住所|地址)",
    // Where the street goes to (`Alamat pengiriman`, `Địa chỉ giao hàng`, `כתובת למשלוח`).
    r"(?i:[ \t]+(?:pengiriman|giao hàng|التوصيل|למשלוח|doručení|dostawy|de livraison|de envío|",
    r"di consegna|de entrega|de livrare|αποστολής|de facturación|de facturation))?",
    // (Or the value in brackets or backticks right after the name: `adres [Kade 22]`.)
    r#"(?:["'\)]?[ 	]*(?:[:=：>→]|[–—-][ 	]|\|)[ 	]*["'«“\[`]?|[ 	]+[\[`])"#,
    // vCard: `ADR;TYPE=home:;;Na Příkopě 13;626 91 Brno;;;` (the street is the third part).
    r"|(?-u:\b)ADR(?:;[A-Za-z=,\-]*)*:;;)",
);

/// The street line a field holds, from `start`: up to the first `,` `;` `|` `"` `'` `<` `(` or
/// line end; two to six words, the house number (`175`, `2351/22`, `12a`) first or last, the
/// others words of letters (`u.`, `No.` abbreviations too) and at least one of them more than
/// an abbreviation. Returns its end.
pub fn labelled_value(text: &str, start: usize) -> Option<usize> {
    let rest = text.get(start..)?;
    // (Searched in the first 80 bytes only: a text of labels, `address: x address: x …`, must
    // not cost a search of the whole rest for each.)
    let rest = rest.get(..super::table::floor_boundary(rest, 81))?;
    let len = rest
        .find([
            ',', ';', '|', '"', '\'', '<', '(', '\n', '\r', '!', '?', ']', '`', '、', '。', '←',
            '^',
        ])
        .unwrap_or(rest.len())
        .min(80);
    let len = super::table::floor_boundary(rest, len);
    // A sentence ending after the number ends the value too (`רחוב הגפן 70. תודה`); the dots
    // of abbreviations (`Tölgyfa u. 175`) do not.
    let len = rest
        .get(..len)?
        .as_bytes()
        .windows(3)
        .position(|w| matches!(w, [d, b'.', b' '] if d.is_ascii_digit()))
        .map_or(len, |i| i + 1);
    let value = rest.get(..len)?.trim_end_matches([' ', '\t', '.']);
    let tokens: Vec<&str> = value.split([' ', '\t']).filter(|t| !t.is_empty()).collect();
    let number = |t: &str| {
        // (Turkish `No:3`, `No.3`: the number's word glued on.)
        let t = ["No:", "No.", "no:", "no."]
            .iter()
            .find_map(|p| t.strip_prefix(p))
            .unwrap_or(t);
        // (A range of house numbers: `Engtoften 18-20`.)
        let t = match t.split_once('-') {
            Some((a, b))
                if !b.is_empty() && b.len() <= 4 && b.bytes().all(|c| c.is_ascii_digit()) =>
            {
                a
            }
            _ => t,
        };
        let (main, tail) = t.split_once('/').unwrap_or((t, ""));
        let digits = main.bytes().take_while(u8::is_ascii_digit).count();
        (1..=5).contains(&digits)
            && main.len() - digits <= 1
            && main
                .get(digits..)
                .is_some_and(|r| r.chars().all(char::is_alphabetic))
            && tail.len() <= 4
            && tail.bytes().all(|b| b.is_ascii_alphanumeric())
    };
    let wordish = |t: &str| {
        let letters = t.trim_end_matches(['.', ':']);
        !letters.is_empty()
            && letters
                .chars()
                .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’'))
    };
    let (first, last) = (tokens.first()?, tokens.last()?);
    let numbered = number(last) || number(first);
    let others: Vec<&&str> = if number(last) {
        tokens.get(..tokens.len() - 1)?.iter().collect()
    } else {
        tokens.get(1..)?.iter().collect()
    };
    let named = others.iter().all(|t| wordish(t))
        && others
            .iter()
            .any(|t| t.chars().count() > 2 && !t.ends_with('.'));
    ((2..=6).contains(&tokens.len()) && numbered && named).then_some(start + value.len())
}

/// What the pattern cannot say: a German preposition line whose noun is a time or a figure of
/// speech (`Im Jahr 2024`, `Am Montag 5`, `Zum Beispiel 3`), a year where a street type comes
/// first (`Straße des 17. Juni 1953`-like years: house numbers there stay far below 1900), a
/// compound on `-platz` that is a place of another kind (`Parkplatz 5`, `Steckplatz 2`), and a
/// type-first Romance line (`via`, `corso`, `largo`, `rua`...) whose name has no capitalised
/// word (`nel corso di 3 anni`, `a lo largo de 5 km`, `sent via UPS 2 days`) or whose number
/// is a count (`via Zoom 3 times`), and a citation's `et al.` taken for Polish `al.` (aleja):
/// `Kowalski et al. Nature 2019`. `before` and `after` are the text around the line.
pub fn plausible(before: &str, line: &str, after: &str) -> bool {
    let citation = ["et ", "et. ", "et.", "et\u{a0}"];
    // `In 2019, Park Lane closed`: a year and a comma start a sentence, not a street line.
    let year_comma = line.split_once(',').is_some_and(|(n, _)| {
        n.len() == 4 && n.parse::<u16>().is_ok_and(|y| (1900..=2099).contains(&y))
    });
    // (`pages 12-14, Main Street …`: a range of pages, sections or items.)
    let cited = line.split_once(',').is_some_and(|(n, _)| n.contains('-'))
        && [
            "page", "pages", "pp.", "p.", "chapters", "sections", "items", "nos.", "lines",
        ]
        .iter()
        .any(|w| before.trim_end().to_lowercase().ends_with(w));
    if year_comma || cited {
        return false;
    }
    if (line.starts_with("al.") || line.starts_with("Al."))
        && citation.iter().any(|c| before.ends_with(c))
    {
        return false;
    }
    const NOT_STREETS: &[&str] = &[
        "Jahr",
        "Jahre",
        "Jahren",
        "Jahrhundert",
        "Monat",
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
        "Montag",
        "Dienstag",
        "Mittwoch",
        "Donnerstag",
        "Freitag",
        "Samstag",
        "Sonntag",
        "Wochenende",
        "Beispiel",
        "Ende",
        "Anfang",
        "Moment",
        "Rahmen",
        "Vergleich",
        "Durchschnitt",
        "Schnitt",
        "Prinzip",
        "Grunde",
        "Laufe",
        "Sommer",
        "Winter",
        "Herbst",
        "Frühjahr",
        "Frühling",
        "Quartal",
        "Kapitel",
        "Abschnitt",
        "Artikel",
        "Absatz",
        "Punkt",
        "Teil",
        "Zuge",
        "Fall",
        "Mittel",
        "Gegensatz",
        "Zusammenhang",
        "Bereich",
        "Auftrag",
        "Namen",
        "Alter",
        "Original",
        "Voraus",
        "Prozent",
        "Wert",
        "Tag",
        "Tage",
        "Morgen",
        "Abend",
        "Mittag",
        "Jänner",
        "Schluss",
        "Stand",
        "Jahresvergleich",
        "Vorjahr",
        "Ganzen",
        "Großen",
    ];
    const NOT_STREET_PLACES: &[&str] = &[
        "Parkplatz",
        "Arbeitsplatz",
        "Stellplatz",
        "Sitzplatz",
        "Steckplatz",
        "Speicherplatz",
        "Tabellenplatz",
        "Listenplatz",
        "Startplatz",
        "Studienplatz",
        "Ausbildungsplatz",
        "Kitaplatz",
        "Stammplatz",
    ];
    let mut words = line.split([' ', '\t']).filter(|w| !w.is_empty());
    let first = words.next().unwrap_or("");
    if NOT_STREET_PLACES.contains(&first) {
        return false;
    }
    // Words on `-gade` that are no Danish streets (`Brigade 5`, `Renegade 2`).
    let lower = first.to_lowercase();
    if lower.ends_with("brigade") || lower.ends_with("renegade") {
        return false;
    }
    // Devices on `-pad` are no Dutch paths (`Trackpad 2`, `Launchpad 2`, `Notepad 3`).
    const DEVICE_PADS: &[&str] = &[
        "trackpad",
        "touchpad",
        "launchpad",
        "scratchpad",
        "notepad",
        "keypad",
        "gamepad",
        "numpad",
        "mousepad",
        "joypad",
        "clickpad",
    ];
    if DEVICE_PADS.iter().any(|d| lower.ends_with(d)) {
        return false;
    }
    if !romance_line_plausible(line, first, after) {
        return false;
    }
    let preposition = [
        "Am", "An", "Auf", "Im", "In", "Zum", "Zur", "Unter", "Beim", "Bei", "Vor", "Hinter",
        "Über", "Neben",
    ]
    .contains(&first);
    if preposition
        && words
            .take(2)
            .any(|w| NOT_STREETS.contains(&w.trim_end_matches([',', '.'])))
    {
        return false;
    }
    let number_first = first.starts_with(|c: char| c.is_ascii_digit());
    let last_number = line
        .rsplit(|c: char| !c.is_ascii_digit())
        .find(|n| !n.is_empty())
        .unwrap_or("");
    let year = last_number.len() == 4
        && last_number
            .parse::<u32>()
            .is_ok_and(|y| (1900..=2099).contains(&y));
    // Written as a house number (`Av. Paulista, 1998`, `Estrada Real, nº 2010`): not a year.
    let head = line
        .rfind(last_number)
        .and_then(|at| line.get(..at))
        .unwrap_or("")
        .trim_end()
        .to_lowercase();
    let house_number = head.ends_with(',')
        || head.ends_with(['º', '°'])
        || ["n.", "no.", "nr.", "núm.", "número", "numero", "civico"]
            .iter()
            .any(|p| head.ends_with(p));
    number_first || !year || house_number
}

/// Type-first lines of the Romance alternative (see [`plausible`]).
fn romance_line_plausible(line: &str, first: &str, after: &str) -> bool {
    const TYPES: &[&str] = &[
        "via",
        "vía",
        "viale",
        "v.le",
        "corso",
        "c.so",
        "piazza",
        "p.zza",
        "p.za",
        "piazzale",
        "p.le",
        "piazzetta",
        "largo",
        "vicolo",
        "vico",
        "strada",
        "lungomare",
        "lungarno",
        "lungotevere",
        "contrada",
        "località",
        "borgo",
        "salita",
        "galleria",
        "traversa",
        "rua",
        "r.",
        "rúa",
        "travessa",
        "tv.",
        "trav.",
        "praça",
        "pç.",
        "calçada",
        "beco",
        "rodovia",
        "praceta",
        "estrada",
        "estr.",
        "alameda",
        "rue",
        "avenue",
        "boulevard",
        "chaussée",
        "chemin",
        "quai",
        "paseo",
        "plaza",
        "camino",
        "ronda",
        "rambla",
        "cuesta",
        "ribera",
        "subida",
        "senda",
        "barrio",
        "sector",
        "partida",
        "acceso",
        "vial",
    ];
    // Counts after the number: `via Zoom 3 times`, `corso Python 2 ore`.
    const COUNTS: &[&str] = &[
        "times", "time", "days", "day", "hours", "hour", "minutes", "min", "mins", "weeks",
        "months", "years", "seconds", "ms", "x", "gb", "mb", "kb", "users", "people", "items",
        "steps", "volte", "giorni", "ore", "anni", "mesi", "minuti", "vezes", "dias", "horas",
        "anos", "meses", "keer", "dagen", "uur", "jaar", "veces", "días", "años", "fois", "jours",
        "heures", "ans", "mal", "tage", "stunden", "jahre", "km", "m", "metros", "metri", "%",
    ];
    // Mexican types that are words of Spanish too (`Circuito Integrado 555 y transistor`,
    // `Retorno Esperado 5 por ciento`, `Cerrada Hoy 24 horas`): not before a word of the
    // sentence.
    const WORD_TYPES: &[&str] = &["circuito", "retorno", "cerrada"];
    let first_lower = first.to_lowercase();
    if WORD_TYPES.contains(&first_lower.as_str())
        && after
            .strip_prefix(' ')
            .is_some_and(|a| a.starts_with(char::is_lowercase))
    {
        return false;
    }
    if !TYPES.contains(&first_lower.as_str()) {
        return true;
    }
    let next = after
        .trim_start_matches([' ', '\t'])
        .split(|c: char| !(c.is_alphanumeric() || c == '%'))
        .next()
        .unwrap_or("")
        .to_lowercase();
    if COUNTS.contains(&next.as_str()) {
        return false;
    }
    // A number that goes on (`via WhatsApp 415-555` + `-2671`), or numbers in a row (`vía
    // WhatsApp 612 345 678`): a phone or an id, not a house number.
    // (A floor after a space stays: `Calle Mayor 5 3º B`.)
    let next_digits = after
        .strip_prefix(' ')
        .and_then(|a| a.split([' ', ',', '.', ';']).next())
        .is_some_and(|t| t.len() >= 3 && t.bytes().all(|b| b.is_ascii_digit()));
    let continues = after.starts_with(|c: char| c.is_ascii_digit())
        || (after.starts_with(['-', '.', '/'])
            && after
                .get(1..)
                .is_some_and(|a| a.starts_with(|c: char| c.is_ascii_digit())))
        || next_digits;
    let tokens: Vec<&str> = line.split([' ', '\t']).filter(|w| !w.is_empty()).collect();
    // (After a comma it is a floor or a flat: `Rua dos Anjos 88, 3.º Esq.`.)
    let digits_only = |t: &&str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let numbers_in_a_row = tokens.windows(2).any(|w| w.iter().all(digits_only));
    if continues || numbers_in_a_row {
        return false;
    }
    // A name word in title case (not an acronym: `UPS`, `API`), or a Roman numeral.
    line.split([' ', '\t', ',']).skip(1).any(|w| {
        let mut chars = w.trim_start_matches(['\'', '’']).chars();
        let (a, b) = (chars.next(), chars.next());
        let title = a.is_some_and(char::is_uppercase) && b.is_some_and(char::is_lowercase);
        let roman = w.len() >= 2 && w.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L'));
        title || roman || w.starts_with("d'") || w.starts_with("dell'")
    })
}

#[cfg(test)]
mod tests {
    use super::{labelled_value, FIELD_PATTERN};
    use regex::Regex;

    fn find(text: &str) -> Vec<&str> {
        static RE: std::sync::LazyLock<Regex> =
            std::sync::LazyLock::new(|| Regex::new(super::PATTERN).unwrap());
        RE.find_iter(text)
            .filter(|m| super::plausible(&text[..m.start()], m.as_str(), &text[m.end()..]))
            .map(|m| m.as_str())
            .collect()
    }

    /// Street fields of forms and records in more languages: the value after the field name,
    /// up to its end; a field holding no street line is nothing.
    #[test]
    fn streets_in_street_fields() {
        fn scan(text: &str) -> Vec<&str> {
            let re = Regex::new(FIELD_PATTERN).unwrap();
            re.find_iter(text)
                .filter_map(|m| labelled_value(text, m.end()).map(|e| &text[m.end()..e]))
                .collect()
        }
        for (text, street) in [
            (
                "Utca és házszám: Tölgyfa u. 175, 6720 Szeged",
                "Tölgyfa u. 175",
            ),
            (
                "{\"street\": \"Zahradní 155/58, 602 00 Brno\"}",
                "Zahradní 155/58",
            ),
            ("כתובת רחוב: רחוב הגפן 70. תודה", "רחוב הגפן 70"),
            ("도로명 주소: 강남대로 1, 06236 서울", "강남대로 1"),
            (
                "Alamat jalan: Jalan Cempaka No. 152, 40115",
                "Jalan Cempaka No. 152",
            ),
            ("Số nhà và tên đường: 124 Hàng Mã, Hà Nội", "124 Hàng Mã"),
            ("Οδός και αριθμός: Λεμονιάς 133, 546 22", "Λεμονιάς 133"),
            ("katuosoite = Satamakatu 92", "Satamakatu 92"),
            ("| street | Hegyalja út 10 |", "Hegyalja út 10"),
            ("<street>Hegyalja út 10</street>", "Hegyalja út 10"),
            ("Teslimat adresi: Bağdat 443, 82158 Ankara", "Bağdat 443"),
            ("Alamat pengiriman: Melati 14", "Melati 14"),
            ("ADR;TYPE=home:;;Lipová 12;626 91 Brno;;;", "Lipová 12"),
            ("Adresas: Beržų g. 168, 44280 Kaunas", "Beržų g. 168"),
            ("ADDR1 = \"Ozolu iela 36\"", "Ozolu iela 36"),
            ("utcacím: \"Engtoften 18-20\"", "Engtoften 18-20"),
            ("住所→ Zandpad 12A", "Zandpad 12A"),
        ] {
            assert_eq!(scan(text), [street], "{text}");
        }
        for text in [
            "IP address: 10.0.0.1",
            "email address: ann@x.com",
            "address = 0x7ffe1234",
            "Street: closed for 3 days",
            "Adresse: siehe oben",
            "address: 12",
            "Street: 1 2 3 4",
            "| address | 10.0.0.1 |",
            "<address>see the map</address>",
            "ADR;TYPE=home:;;;;;;",
        ] {
            assert!(scan(text).is_empty(), "{text}: {:?}", scan(text));
        }
    }

    /// Street lines of Indonesian, Turkish, Romanian, Greek, Hebrew, Arabic, Vietnamese,
    /// Czech and Korean, with and without a field before them; the shapes without a type word
    /// (Czech, Korean) only where nothing runs on after the number.
    #[test]
    fn street_lines_of_more_languages() {
        fn scan(text: &str) -> Vec<&str> {
            super::INTL_PATTERNS
                .iter()
                .flat_map(|p| {
                    let re = Regex::new(p).unwrap();
                    re.find_iter(text)
                        .filter(|m| super::intl_plausible(m.as_str(), &text[m.end()..]))
                        .map(|m| m.as_str())
                        .collect::<Vec<_>>()
                })
                .collect()
        }
        for (text, street) in [
            (
                "Alamat pengiriman: Jl. Mawar No. 131, 85727 Medan",
                "Jl. Mawar No. 131",
            ),
            ("kirim ke Jalan Melati No. 14 ya", "Jalan Melati No. 14"),
            (
                "Teslimat adresi: Lale Sokağı No: 153, 61566 İzmir",
                "Lale Sokağı No: 153",
            ),
            ("adres: Çınar Caddesi No. 4", "Çınar Caddesi No. 4"),
            ("| Calea Victoriei 37 |", "Calea Victoriei 37"),
            ("Str. Florilor nr. 5, Cluj", "Str. Florilor nr. 5"),
            ("Οδός Πατησίων 117;374 16", "Οδός Πατησίων 117"),
            ("נא לעדכן ל: רחוב הדקל 154\nבאר שבע", "רחוב הדקל 154"),
            ("عنوان التوصيل: شارع النخيل 128، جدة", "شارع النخيل 128"),
            (
                "<address_line1>số 84 phố Hàng Bạc</address_line1>",
                "số 84 phố Hàng Bạc",
            ),
            (
                "Địa chỉ: 1251 đường Cầu Giấy, Hà Nội",
                "1251 đường Cầu Giấy",
            ),
            ("giao đến 168 Hàng Gai, Hà Nội", "168 Hàng Gai"),
            (
                "Prosím aktualizuj na: Květná 682\n691 39 Ostrava",
                "Květná 682",
            ),
            ("\"Zahradní 697/38\",2025", "Zahradní 697/38"),
            ("ADR:;;Na Příkopě 13;626 91 Brno", "Na Příkopě 13"),
            ("VALUES (1, 'U Nádraží 666');", "U Nádraží 666"),
            ("배송지: 부산 강남대로 60", "강남대로 60"),
            ("해운대로 614;부산", "해운대로 614"),
            ("세종로 12, 서울", "세종로 12"),
            ("배송지: 부산 강남대로 60. 田中様", "강남대로 60"),
            (
                "Ured nam je na adresi Ulica javora 23, 10000 Zagreb.",
                "Ulica javora 23",
            ),
            ("Vinogradska ulica 105.", "Vinogradska ulica 105"),
            ("\"line1\": \"Lučka cesta 70\"", "Lučka cesta 70"),
            ("Kancelář je nově v ulici Dlouhá 129/3.", "Dlouhá 129/3"),
            ("Az iroda új helye: Fenyves u. 101.", "Fenyves u. 101"),
            (
                "Наш офіс тепер на вул. Яблунева, 159.",
                "вул. Яблунева, 159",
            ),
            (
                "Alamat penghantaran: Lorong Kenanga 185, Taman Seri.",
                "Lorong Kenanga 185",
            ),
            (
                "Tuma kwa Barabara ya Mvule 63, Nairobi",
                "Barabara ya Mvule 63",
            ),
            (
                "Ofisi yetu iko Mtaa wa Mwembe 177, Nairobi.",
                "Mtaa wa Mwembe 177",
            ),
            ("Lumipat na kami sa 11 Kalye Narra.", "11 Kalye Narra"),
        ] {
            assert_eq!(scan(text), [street], "{text}");
        }
        for text in [
            "버스로 5분 걸려요",
            "이메일로 3 회 보냈어요",
            "V Praze 5 let",
            "Celková 5 %",
            "Na Příkopě je 5 obchodů",
            "Kapitola 5 začíná",
            "Jalan-jalan 3 hari",
            "Hàng 5 chiếc",
            "Trg je 5 km",
            "Ulica ma 5 domów",
            "Cesta do 5 minut",
            "Cesta prema 5 gradova",
            "V Praze 15. března 2024",
            "V Brně 12. 5. 2023",
            "기본 포트로 8080, HTTPS는 443",
            "평균으로 85.",
            "Pondělí 12/3",
            "Then put 3 cups of flour in the bowl.",
        ] {
            assert!(scan(text).is_empty(), "{text}: {:?}", scan(text));
        }
    }

    /// The built-in patterns use no Unicode script class (`\p{Greek}`): the filter's regex is
    /// built without script tables, so one would fail to compile in the wasm module (the tests
    /// here get the tables through another crate's regex).
    #[test]
    fn patterns_use_general_categories_only() {
        let classes = regex::Regex::new(r"\\[pP]\{([A-Za-z_]+)\}").unwrap();
        let general = [
            "L", "Lu", "Ll", "Lt", "Lm", "Lo", "M", "N", "Nd", "P", "S", "Z",
        ];
        for pattern in [super::PATTERN, super::FIELD_PATTERN]
            .into_iter()
            .chain(super::INTL_PATTERNS)
            .chain([
                crate::detect::patterns::NUMBER_RUN,
                crate::detect::patterns::EMAIL,
                crate::detect::patterns::IBAN,
                crate::detect::patterns::IPV6,
                crate::detect::patterns::CREDENTIALS,
            ])
        {
            for c in classes.captures_iter(pattern) {
                assert!(general.contains(&&c[1]), "script class \\p{{{}}}", &c[1]);
            }
        }
    }

    /// Compound street names that start with a capital outside ASCII, and Finnish ones.
    #[test]
    fn compounds_with_non_ascii_capitals_and_finnish_streets() {
        for (text, street) in [
            ("Östergatan 5, Malmö", "Östergatan 5"),
            ("bor på Ängsvägen 124", "Ängsvägen 124"),
            ("Østerbrogade 12", "Østerbrogade 12"),
            ("Mannerheimintie 5 B", "Mannerheimintie 5 B"),
            ("Aleksanterinkatu 12, Helsinki", "Aleksanterinkatu 12"),
            ("Päivitä tähän: Rantatie 91a", "Rantatie 91a"),
        ] {
            assert_eq!(find(text), [street], "{text}");
        }
    }

    #[test]
    fn street_lines() {
        assert_eq!(
            find("Send it to 742 Evergreen Terrace, Springfield."),
            ["742 Evergreen Terrace"]
        );
        assert_eq!(
            find("Office: 1600 Pennsylvania Ave, Washington"),
            ["1600 Pennsylvania Ave"]
        );
        assert_eq!(
            find("Ich wohne in der Goethestraße 14b in Jena."),
            ["Goethestraße 14b"]
        );
        assert_eq!(
            find("Lieferung an Berliner Allee 3-5."),
            ["Berliner Allee 3-5"]
        );
        assert_eq!(find("Treffpunkt Am Lindenhof 7"), ["Am Lindenhof 7"]);
        assert_eq!(
            find("au 8 bis rue des Acacias, Nantes"),
            ["8 bis rue des Acacias"]
        );
        assert_eq!(
            find("Vivo en Calle de Goya, 15, Madrid"),
            ["Calle de Goya, 15"]
        );
        assert_eq!(find("Avenida Diagonal nº 640"), ["Avenida Diagonal nº 640"]);
        // UK flats first, plural street types, `C.` for Calle.
        assert_eq!(
            find("Ship to Flat 4, Jade Plaza, London"),
            ["Flat 4, Jade Plaza"]
        );
        assert_eq!(
            find("at Studio 66b, Marsh Gardens, Leeds"),
            ["Studio 66b, Marsh Gardens"]
        );
        assert_eq!(find("near 51 Evans Valleys today"), ["51 Evans Valleys"]);
        assert_eq!(find("en C. de Goya 82, Madrid"), ["C. de Goya 82"]);
        // Polish: the type first, abbreviated in lower case.
        assert_eq!(
            find("Wyślij paczkę na adres ul. Marszałkowska 35."),
            ["ul. Marszałkowska 35"]
        );
        assert_eq!(
            find("al. Jerozolimskie 10, Warszawa"),
            ["al. Jerozolimskie 10"]
        );
    }

    #[test]
    fn not_street_lines() {
        for text in [
            "Main Street is closed today.",
            "Die Hauptstraße ist gesperrt.",
            "La rue de la Paix est fermée.",
            "Room 101, floor 3, building 12.",
            "Flight LH 400 departs gate B 42.",
            "We sold 300 Units Last Week.",
            "Flat 4, then Turn Left.",
            "Studio 5, Sony Pictures.",
            "Im Jahr 2024 wuchs der Umsatz.",
            "Am Montag 5 Termine, zum Beispiel 3 am Vormittag.",
            "Zum Beispiel 3 Stück.",
            "During 2024 we shipped.",
            "Monitoring 3 hosts, Firewall 2 rules, Spring 2024 release.",
            "Der Anstieg 5 % ist hoch.",
            "Place Order 2 times.",
            "Route 66 runs west.",
            "as Kowalski et al. Nature 2019 showed",
            "as Kowalski et. al. Nature 2019 showed",
            "Supported OS. Windows 10",
        ] {
            assert!(find(text).is_empty(), "{text}: {:?}", find(text));
        }
    }

    /// Street lines as the four languages write them (from their postal conventions, not from
    /// a corpus): each must be found, whole or at least its number and street.
    #[test]
    fn street_formats_of_four_languages() {
        let mut missed = Vec::new();
        for line in [
            "221B Baker Street",
            "10 Downing St",
            "1600 Amphitheatre Pkwy",
            "350 Fifth Avenue",
            "12 High St.",
            "4 Privet Drive",
            "1 Infinite Loop",
            "32 Windsor Gardens",
            "123 Main St, Apt 4B",
            "90 N. Main St",
            "1 W 54th St",
            "350 5th Ave",
            "15 Old Kent Road",
            "7 St. James's Square",
            "1200 Lakeshore Blvd W",
            "Hauptstraße 5",
            "Hauptstr. 5",
            "Bahnhofstrasse 12",
            "Karl-Marx-Allee 90",
            "Unter den Linden 77",
            "Am Alten Markt 3",
            "Kurfürstendamm 21",
            "Friedrichstraße 43-45",
            "Jungfernstieg 7",
            "Neuer Wall 10",
            "An der Alster 1",
            "Lindenweg 3a",
            "Marktplatz 1",
            "12 rue de la Paix",
            "5, avenue des Champs-Élysées",
            "3 bd Saint-Michel",
            "10 place de la Concorde",
            "27 quai d'Orsay",
            "8, rue Victor Hugo",
            "14 allée des Tilleuls",
            "12 Rue de Rivoli",
            "4 impasse du Moulin",
            "Calle de Alcalá 45",
            "Calle Mayor, 12",
            "C/ Mayor 5",
            "Avda. de la Constitución 3",
            "Paseo de la Castellana 89",
            "Plaza Mayor 1",
            "Gran Vía 28",
            "calle de Toledo 5",
            "c/ Serrano 45",
            "Carrer de Mallorca 401",
            "Avenida de América, nº 23",
            // Issue 12, more of each language's conventions.
            "123 Main St, Suite 400",
            "55 Oak Ave #12",
            "88 Elm Cir",
            "14 Rose Gdns",
            "9 Willow Cres",
            "Lange Straße 5",
            "Breite Str. 12",
            "Hohe Straße 3a",
            "Bahnhofstr 7",
            "Goethestr.12",
            "Platz der Republik 1",
            "Straße des 17. Juni 135",
            "Zur Alten Mühle 2",
            "Hinter dem Dom 4",
            "Bei der Kirche 1",
            "Kaiserring 10",
            "Theodor-Heuss-Ring 5",
            "Holstenwall 24",
            "Hauptstraße Nr. 5",
            "Mariahilfer Straße 1/2",
            "12 av. Victor Hugo",
            "3 rue d'Alsace",
            "7 chemin des Vignes",
            "15 bd. Haussmann",
            "2 ter, rue de la Gare",
            "21 résidence Les Pins",
            "Rue de la Loi 16",
            "Avenue Louise 54",
            "Calle Mayor s/n",
            "Carrera 7 # 71-21",
            "Calle 100 # 19-61",
            "Calle 5 de Mayo 32",
            "Passeig de Gràcia 92",
            "Plaça de Catalunya 1",
            "Avinguda Diagonal 640",
            "Rúa do Franco 12",
            "avenida de la Paz 12",
            "paseo de la Castellana 89",
            "Pza. Mayor 3",
            "Ctra. de Valencia 7",
            "C/Mayor 5",
            "12 Baker street",
            "12 BAKER STREET",
            "Schlossberg 3",
            "Lindenhof 7",
            "Sonnenhang 2",
            "Alte Gasse 4",
        ] {
            for frame in [
                "Address: {}, please.",
                "Ich wohne {} seit Jahren.",
                "Envoyez à {}.",
                "Vivo en la {}.",
            ] {
                let text = frame.replace("{}", line);
                let hits = find(&text);
                let number = line
                    .split(|c: char| !c.is_ascii_digit())
                    .find(|d| !d.is_empty())
                    .unwrap_or("s/n");
                if !hits
                    .iter()
                    .any(|h| line.contains(h.trim_end_matches('.')) && h.contains(number))
                {
                    missed.push(format!("{text:?} -> {hits:?}"));
                }
            }
        }
        assert!(
            missed.is_empty(),
            "{} missed:\n{}",
            missed.len(),
            missed.join("\n")
        );
    }

    /// Italian, Portuguese, Dutch, Polish, Swedish, Norwegian, Danish and Turkish street lines,
    /// and more forms of the four languages above (from the postal conventions), with the
    /// look-alikes of those languages.
    #[test]
    fn street_formats_of_seven_languages() {
        let mut missed = Vec::new();
        for line in [
            // IT
            "Via Roma 12",
            "Via Roma, 12",
            "via Garibaldi 5",
            "Via della Repubblica 5",
            "Via dei Mille, 3/A",
            "Viale Monza 100",
            "V.le Monza 100",
            "Corso Vittorio Emanuele II 45",
            "C.so Buenos Aires 12",
            "Piazza del Duomo n. 1",
            "P.zza Navona 12",
            "Largo Argentina 3",
            "Vicolo del Cinque 7",
            "Via San Francesco d'Assisi 7",
            "Via XX Settembre 20",
            "Via Roma 12A",
            "Via Roma snc",
            "Lungarno Corsini 2",
            // PT
            "Rua Augusta, 123",
            "Rua da Prata 80",
            "Avenida da Liberdade, 245",
            "Praça do Comércio, 1",
            "Travessa do Carmo 5",
            "R. Augusta, 12",
            "Rua Oscar Freire, 1000 - apto 12",
            "Av. Paulista, 1578",
            "Rua das Flores, n.º 45",
            "Largo do Chiado 16",
            "Calçada do Combro 38",
            // NL
            "Kalverstraat 92",
            "Prinsengracht 263-267",
            "Herengracht 12a",
            "Stationsplein 1",
            "Coolsingel 40",
            "Dorpsstraat 12 A",
            "Keizersgracht 123-II",
            "Laan van Meerdervoort 50",
            "Oude Gracht 5",
            "Nieuwe Binnenweg 12",
            "Heemraadssingel 7bis",
            "Van Baerlestraat 92",
            // More EN, FR, ES
            "1585 Broadway",
            "1 Avenue of the Americas",
            "12 Queen's Gate",
            "rue du Marché 12",
            "chemin des Vignes 4",
            "Calle Mayor número 5",
            "Calle Mayor 5B",
            "Ctra. de Valencia, km 7",
            "Rua 1º de Maio, 5",
            "Rda. de Atocha 3",
            "Calle Mayor 5 3º B",
            "Av. 24 de Julho, 102",
            "Alameda Santos, 2000",
            // SV, NO, DA compounds (issue 12).
            "Storgatan 5",
            "Drottninggatan 12B",
            "Sveavägen 44",
            "Birger Jarlsgatan 22",
            "Bogstadveien 12",
            "Vesterbrogade 12",
            "Strandvejen 100",
        ] {
            for frame in [
                "Indirizzo: {}, 00184 Roma",
                "Moro na {}.",
                "Ik woon op de {}.",
                "Ship to {}, please.",
            ] {
                let text = frame.replace("{}", line);
                let hits = find(&text);
                let number = line
                    .split(|c: char| !c.is_ascii_digit())
                    .find(|d| !d.is_empty())
                    .unwrap_or("snc");
                if !hits
                    .iter()
                    .any(|h| line.contains(h.trim_end_matches('.')) && h.contains(number))
                {
                    missed.push(format!("{text:?} -> {hits:?}"));
                }
            }
        }
        for text in [
            "Storgatan är hårt trafikerad.",
            "Boarding gate 22 is at the end.",
            "Smith et al. 2019 described it.",
            "Ankara Yolu 5 km boyunca kapalı.",
            "Brigade 5 moved north.",
            "Inviato via email 2 volte.",
            "Sent via UPS 2 days ago.",
            "Shared via Zoom 3 times.",
            "Nel corso di 3 anni.",
            "Il corso del 2024 è pieno.",
            "A lo largo de 5 km.",
            "Largo 5 metros.",
            "Piazza Affari chiude in rialzo.",
            "De straat is 5 meter breed.",
            "Amsterdam 3 dagen, Rotterdam 2 dagen.",
            "Notepad 2 crashed.",
            "Polizei 5 Minuten später.",
            "Parkplatz 5 ist frei.",
            "Steckplatz 2 des Servers.",
            "Strada 5 stelle.",
            "Via 2 passaggi.",
            "Salita 10% per 3 km.",
            "Reach me via WhatsApp 415-555-2671",
            "Contáctame vía WhatsApp 612 345 678",
            "Escríbeme vía Telegram 01 23 45 67 89",
            "Reach me via WhatsApp 030 12345678",
        ] {
            if !find(text).is_empty() {
                missed.push(format!("{text:?} -> {:?}", find(text)));
            }
        }
        assert!(
            missed.is_empty(),
            "{} wrong:\n{}",
            missed.len(),
            missed.join("\n")
        );
    }
}
