//! `street_address` (opt-in): street lines, by the shape each language writes them in.
//! - EN: house number, capitalised words, a street type (`221B Baker Street`, `48 Oak Ave`);
//! - DE: a street word (`…straße`, `…weg`, `Berliner Allee`, `Am Markt`) and a house number
//!   (`Hauptstraße 12a`, `Goethestr. 5-7`);
//! - FR: house number (`bis`, `ter`), a street type, its name (`12 bis rue de la Paix`);
//! - ES: a street type, its name, a number (`Calle Mayor 5`, `Avenida de América, nº 23`).
//!
//! A street named without a house number (`Main Street is closed`) is not an address.

/// One regex, one alternative per language. Word boundaries are ASCII ones (`(?-u:\b)`): a
/// Unicode `\b` keeps the regex off its fast DFA path (100× slower on prose).
pub const PATTERN: &str = concat!(
    // EN
    // (UK: `Flat 4, Jade Plaza`, `Studio 66, Marsh Gardens`: the flat first, then a comma.)
    r"(?-u:\b)(?:(?:Flat|Studio|Apartment|Apt\.|Unit|Suite)[ \t]+[0-9]{1,4}[A-Za-z]?,|[0-9]{1,5}[A-Za-z]?)",
    // Words: capitalised (`N.`, `St.` abbreviated) or ordinals (`5th Ave`, `W 54th St`).
    r"(?:[ \t]+(?:\p{Lu}[\p{L}'\-]*\.?|[0-9]{1,3}(?:st|nd|rd|th))){1,4}[ \t]+",
    r"(?:Street|St\.?|Avenue|Ave\.?|Road|Rd\.?|Lane|Ln\.?|Drive|Dr\.?|Boulevard|Blvd\.?|Court|Ct\.?|",
    r"Place|Pl\.?|Way|Terrace|Close|Crescent|Square|Sq\.?|Parkway|Pkwy\.?|Circle|Circles|Highway|Hwy\.?|",
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
    r"Station|Streets|Summit|Views|Villes|Vista|Vistas|Walks|Ways)s?(?-u:\b)\.?",
    r"(?:,?[ \t]+(?:Apt\.?|Apartment|Suite|Ste\.?|Unit|Flat|Floor)[ \t]*[0-9A-Za-z]{1,5})?",
    // DE
    r"|(?:(?-u:\b)(?:Am|An[ \t]der|An[ \t]den|Auf[ \t]der|Auf[ \t]dem|Im|In[ \t]der|Zum|Zur|Unter[ \t]den)(?:[ \t]+\p{Lu}[\p{L}\-]*){1,2}",
    r"|(?:(?-u:\b)\p{Lu}[\p{L}\-]*[ \t])?(?-u:\b)\p{Lu}[\p{L}\-]*",
    r"(?i:straße|strasse|str\.|weg|gasse|allee|platz|ring|damm|ufer|chaussee|pfad|steig|stieg|markt|graben|promenade|wall|kamp|twiete)",
    r"|(?-u:\b)\p{Lu}[\p{L}\-]*(?:er|sche|scher)[ \t]+(?:Straße|Strasse|Str\.|Weg|Gasse|Allee|Platz|Ring|Damm|Ufer|Chaussee|Wall|Markt|Stieg|Graben|Kamp))",
    r"[ \t]+[0-9]{1,4}(?:[ \t]?[a-zA-Z](?-u:\b))?(?:[ \t]?[-/][ \t]?[0-9]{1,4}[a-z]?)?(?-u:\b)",
    // FR
    r"|(?-u:\b)[0-9]{1,4}(?:[ \t]?(?:bis|ter|quater|[A-C])(?-u:\b))?,?[ \t]+",
    r"(?i:rue|avenue|av\.|boulevard|bd|place|chemin|allée|impasse|quai|route|cours|square|passage|voie|",
    r"sentier|rond-point|faubourg|esplanade|parvis|promenade|mail|cité|villa|hameau|lieu-dit)(?-u:\b)",
    r"(?:[ \t]+(?:(?:de|du|des|la|le|les|aux?|sur|sous|en)(?-u:\b)|l'|d'|\p{Lu}[\p{L}'\-]*|[0-9]{1,2}(?-u:\b))){1,6}",
    // ES
    // (The commonest types also in lower case, as running Spanish text writes them.)
    r"|(?-u:\b)Gran[ \t]+V[íi]a,?[ \t]+[0-9]{1,4}(?-u:\b)",
    r"|(?-u:\b)(?:(?i:calle|c/|avenida|avda\.?|paseo|plaza|carrer|camino|ronda|carretera|rambla|travesía)|C\.|Avenida|Avda\.?|Av\.|Paseo|Pº|Plaza|Pza\.?|Camino|Ronda|Carretera|Ctra\.?|Travesía|",
    r"Glorieta|Acceso|Vial|Cañada|Pasaje|Rambla|Callejón|Urbanización|Bulevar|Alameda|Carrer|Vía|",
    r"Calleja|Cuesta|Sector|Partida|Ribera|Polígono|Praza|Rúa|Plazuela|Costanilla|Pasadizo|Via|Subida|",
    r"Urbanización|Paseo|Muelle|Barrio|Camino|Senda|Pasaje|Prolongación)",
    r"(?:[ \t]+(?:(?:de|del|la|las|los|el|y)(?-u:\b)|\p{Lu}[\p{L}'\-\.]*)){1,6},?[ \t]+(?:n[ºo°]\.?[ \t]*)?[0-9]{1,4}(?-u:\b)",
);

#[cfg(test)]
mod tests {
    use regex::Regex;

    fn find(text: &str) -> Vec<&str> {
        let re = Regex::new(super::PATTERN).unwrap();
        re.find_iter(text).map(|m| m.as_str()).collect()
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
                    .unwrap();
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
}
