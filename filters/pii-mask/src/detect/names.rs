//! `person_name` (opt-in): names of people without a model. A name is a run of capitalised
//! words that something vouches for:
//! - an honorific before it (`Mr.`, `Frau`, `Mme`, `Sra.` ...): `Dr. Weber`;
//! - a known given name followed by a capitalised word: `Lukas Brandt`;
//! - a capitalised word (not a function word) followed by a known surname: `Ava Harris`;
//! - `Surname, Given` with both known: `Müller, Lukas`;
//! - a cue before it (`my name is`, `Regards,`, `Mit freundlichen Grüßen,`, `Cordialement,`,
//!   `Atentamente,`, `Patient:`, `Name:` ...) and at least two capitalised words.
//!
//! A lone capitalised word is never a name on its own (`Florence`, `Victoria`, `Grace period`),
//! and neither is a run of capitalised words nothing vouches for (`Tomorrow We Launch`).
//! The word lists are small and compiled in (EN, DE, FR, ES): a few KB of wasm.

use std::collections::HashSet;

const GIVEN: &str = "James John Robert Michael William David Richard Joseph Thomas Charles \
Christopher Daniel Matthew Anthony Mark Donald Steven Paul Andrew Joshua Kenneth Kevin Brian George \
Timothy Ronald Edward Jason Jeffrey Ryan Jacob Gary Nicholas Eric Jonathan Stephen Larry Justin Scott \
Brandon Benjamin Samuel Gregory Alexander Frank Patrick Raymond Jack Dennis Jerry Tyler Aaron Jose \
Adam Nathan Henry Douglas Zachary Peter Kyle Noah Ethan Jeremy Walter Christian Keith Roger Terry \
Austin Sean Gerald Carl Harold Dylan Arthur Lawrence Jordan Jesse Bryan Billy Bruce Gabriel Joe Logan \
Alan Juan Albert Willie Elijah Wayne Randy Vincent Mason Roy Ralph Bobby Russell Bradley Philip Eugene \
Liam Oliver Lucas Owen Caleb Luke Isaac Levi Leo Hunter Connor Evan Ian Cole Harry Charlie Oscar Alfie \
Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Lisa Nancy Betty Sandra \
Margaret Ashley Kimberly Emily Donna Michelle Carol Amanda Melissa Deborah Stephanie Dorothy Rebecca \
Sharon Laura Cynthia Amy Kathleen Angela Shirley Brenda Emma Anna Pamela Nicole Samantha Katherine \
Christine Helen Debra Rachel Carolyn Janet Maria Catherine Heather Diane Olivia Julie Joyce Victoria \
Ruth Virginia Lauren Kelly Christina Joan Evelyn Judith Andrea Hannah Megan Cheryl Jacqueline Martha \
Madison Teresa Gloria Sara Janice Ann Kathryn Abigail Sophia Frances Jean Alice Judy Isabella Julia \
Grace Amber Denise Danielle Marilyn Beverly Charlotte Natalie Theresa Diana Brittany Doris Kayla \
Alexis Lori Marie Ava Mia Harper Chloe Zoe Lily Ella Aria Scarlett Layla Nora Riley Ellie Hazel Aurora \
Peggy Wendy Tracy Jenny Molly Holly Lucy Amelia Isla Poppy Freya Ruby Evie Millie Daisy Phoebe \
Lukas Jonas Leon Finn Felix Maximilian Elias Paul Ben Luis Tim Niklas Jan Moritz Tobias Florian \
Sebastian Fabian Julian Simon Philipp Stefan Thomas Andreas Michael Christian Markus Martin Frank \
Jürgen Klaus Dieter Uwe Wolfgang Werner Helmut Gerhard Horst Manfred Hans Günter Karl Heinz Rolf \
Bernd Ralf Matthias Jens Torsten Sven Dirk Holger Jörg Kai Lars Björn Hendrik Malte Till Henrik Carsten \
Mia Lea Lena Hannah Marie Sophie Lina Leonie Emilia Clara Laura Johanna Katharina Julia Sabine Petra \
Monika Ursula Renate Gisela Helga Ingrid Brigitte Birgit Heike Andrea Claudia Susanne Stefanie Nicole \
Anja Tanja Katrin Silke Ute Kerstin Doris Jutta Elke Gabriele Karin Christa Annika Franziska Wiebke \
Jean Pierre Michel Philippe Alain Nicolas Christophe Patrick Frédéric Laurent Éric Stéphane Olivier \
Sébastien Julien Thierry Pascal François Jérôme David Guillaume Vincent Antoine Maxime Alexandre \
Romain Thomas Hugo Louis Théo Mathis Arthur Raphaël Gabriel Léo Lucas Nathan Enzo Mathéo Baptiste \
Étienne Rémi Benoît Cédric Damien Fabrice Gilles Hervé Lionel Mathieu Quentin Sylvain Yannick Édouard \
Marie Nathalie Isabelle Sylvie Catherine Françoise Martine Christine Monique Valérie Sandrine Céline \
Sophie Camille Chloé Manon Léa Inès Jade Louise Emma Juliette Margaux Amélie Élodie Océane Aurélie \
Claire Anne Émilie Julie Lucie Mathilde Pauline Charlotte Caroline Brigitte Delphine Virginie Géraldine \
Antonio Manuel José Francisco David Juan Javier Daniel Carlos Jesús Alejandro Miguel Rafael Pedro \
Pablo Ángel Sergio Fernando Jorge Luis Alberto Álvaro Adrián Diego Raúl Enrique Ramón Andrés Vicente \
Mateo Hugo Martín Leo Alonso Iñigo Iker Unai Gonzalo Rubén Óscar Marcos Víctor Ignacio Jaime Joaquín \
Humberto Agustín Emilio Julio Salvador Tomás Guillermo Eduardo Roberto Santiago Nicolás Gustavo \
Carmen María Josefa Isabel Dolores Pilar Teresa Ana Francisca Laura Antonia Mercedes Lucía Cristina \
Marta Elena Rosa Paula Raquel Sara Manuela Concepción Rocío Beatriz Nuria Silvia Patricia Irene Alba \
Martina Sofía Valeria Daniela Julia Noa Emma Carla Alma Lola Vega Candela Ariadna Gertrudis Concha \
Inmaculada Montserrat Encarnación Rosario Yolanda Ainhoa Itziar Maite Lorena Eva Natalia Verónica";

const SURNAMES: &str = "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez \
Hernandez Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White \
Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill \
Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Turner Phillips Parker \
Evans Edwards Collins Stewart Morris Murphy Cook Rogers Morgan Peterson Cooper Reed Bailey Bell Kelly \
Howard Ward Cox Richardson Wood Watson Brooks Bennett Gray James Hughes Price Sanders Myers Long Ross \
Foster Powell Jenkins Perry Russell Sullivan Fisher Henderson Coleman Simmons Patterson Jordan Reynolds \
Hamilton Graham Wallace Cole West Owens Marshall Ellis Gibson Murray Ford Hunt Palmer Clarke Atkins \
Andrews Wyatt Woodward Dawson Fletcher Barnes Holmes Knight Lawrence Mills Harrison Webb Shaw Lloyd \
Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch Bauer Richter \
Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann Lange Schmitt Werner \
Schmitz Krause Meier Lehmann Schmid Schulze Maier Köhler Herrmann König Walter Mayer Huber Kaiser \
Fuchs Peters Lang Scholz Möller Weiß Jung Hahn Schubert Vogel Friedrich Keller Günther Frank Berger \
Winkler Roth Beck Lorenz Baumann Franke Albrecht Schuster Simon Ludwig Böhm Winter Kraus Martin \
Schumacher Krämer Vogt Stein Jäger Otto Sommer Groß Seidel Heinrich Brandt Haas Schreiber Graf \
Dietrich Ziegler Kuhn Kühn Pohl Engel Horn Busch Bergmann Thomas Voigt Sauer Arnold Wolff Pfeiffer \
Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefebvre Lefèvre \
Michel Garcia David Bertrand Roux Vincent Fournier Morel Girard André Mercier Dupont Lambert Bonnet \
François Martinez Legrand Garnier Faure Rousseau Blanc Guerin Guérin Muller Henry Roussel Nicolas \
Perrin Morin Mathieu Clement Clément Gauthier Dumont Lopez Fontaine Chevalier Robin Masson Sanchez \
Gerard Gérard Nguyen Boyer Denis Lemaire Duval Joly Gautier Roger Roche Roy Noel Noël Meyer Lucas \
Meunier Jean Perez Marchand Dufour Blanchard Marie Barbier Brun Dumas Brunet Schmitt Leroux Colin \
Fernandez Pierre Renard Arnaud Rolland Caron Aubert Giraud Leclerc Vidal Bourgeois Renaud Lemoine \
Picard Gaillard Philippe Leclercq Lacroix Fabre Dupuis Olivier Rodriguez Da Costa Reynaud Valette \
Thierry Delannoy Delaunay Deschamps Carpentier Lemaitre Lemaître Rey Huet Collet Hubert Prevost \
García Fernández González Rodríguez López Martínez Sánchez Pérez Gómez Martín Jiménez Ruiz \
Hernández Díaz Moreno Muñoz Álvarez Romero Alonso Gutiérrez Navarro Torres Domínguez Vázquez Ramos \
Gil Ramírez Serrano Blanco Molina Morales Suárez Ortega Delgado Castro Ortiz Rubio Marín Sanz Núñez \
Iglesias Medina Garrido Cortés Castillo Santos Lozano Guerrero Cano Prieto Méndez Cruz Calvo Gallego \
Vidal León Márquez Herrera Peña Flores Cabrera Campos Vega Fuentes Carrasco Diez Díez Caballero \
Reyes Nieto Aguilar Pascual Santana Herrero Lorenzo Montero Hidalgo Giménez Ibáñez Ferrer Durán \
Santiago Benítez Mora Vicente Vargas Arias Carmona Crespo Román Pastor Soto Sáez Velasco Moya Soler \
Parra Esteban Bravo Gallardo Rojas Cañete Cerdán Araujo Jordá Orozco Polo Feliu Zabala Anguita Sales";

/// Capitalised words that start sentences, greet or point, never the first half of a name.
const FUNCTION_WORDS: &str = "The A An This That These Those Please Thanks Thank Hello Hi Dear \
Hey Our Your My His Her Their We You They It If When Then And Or But So For From With To In On At By \
Of As Is Are Was Not No Yes All Any Some Every Each Today Tomorrow Yesterday Monday Tuesday Wednesday \
Thursday Friday Saturday Sunday January February March April May June July August September October \
November December Team Mr Mrs Ms Dr Der Die Das Ein Eine Und Oder Aber Mit Von Bei Bitte Danke Liebe \
Lieber Hallo Sehr Herr Frau Le La Les Un Une Des Du Et Ou Mais Avec Pour Chez Merci Bonjour Cher Chère \
Monsieur Madame El Los Las Unos Unas Y Pero Con Para Por Gracias Hola Querido Querida Señor Señora \
Call Ask Meet Send Tell See Contact Ship Signed Regards Best Cordialement Atentamente Saludos Grüße \
San Santa Saint Sainte Sankt Bad Nord Süd North South East West Great Little Upper Lower New Old Fort \
Port Mount Lake Real Club Hotel Hospital University Universidad Université Universität Station Gare";

const HONORIFICS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Prof", "Sir", "Herr", "Frau", "Ing", "Mag", "M", "Mme",
    "Mlle", "Madame", "Monsieur", "Sr", "Sra", "Srta", "Dña", "Don", "Doña", "Señor", "Señora",
];

/// Cues after which two or more capitalised words are a name (lower-cased, text before the
/// name ends with one of them, punctuation and spaces trimmed).
const CUES: &[&str] = &[
    "my name is",
    "name is",
    "name",
    "i am",
    "i'm",
    "signed",
    "regards",
    "sincerely",
    "best",
    "patient",
    "customer",
    "client",
    "contact person",
    "attn",
    "grüße",
    "grüßen",
    "ich heiße",
    "ich bin",
    "mein name ist",
    "cordialement",
    "je m'appelle",
    "je suis",
    "salutations",
    "atentamente",
    "saludos",
    "me llamo",
    "soy",
    "nombre",
    "nom",
    "paciente",
    "patient·e",
    "ask",
    "asked",
    "frag",
    "demandez à",
    "pregunta a",
    "dear",
    "liebe",
    "lieber",
    "chère",
    "cher",
    "estimado",
    "estimada",
    "from:",
    "to:",
    "cc:",
    "von:",
    "an:",
    "de :",
    "à :",
    "para:",
    "de:",
];

/// The compiled word lists.
#[derive(Debug)]
pub struct Names {
    given: HashSet<&'static str>,
    surnames: HashSet<&'static str>,
    function: HashSet<&'static str>,
}

/// One word: its byte span.
#[derive(Debug, Clone, Copy)]
struct Word {
    start: usize,
    end: usize,
}

impl Names {
    pub fn new() -> Names {
        let set = |s: &'static str| s.split_whitespace().collect::<HashSet<_>>();
        Names {
            given: set(GIVEN),
            surnames: set(SURNAMES),
            function: set(FUNCTION_WORDS),
        }
    }

    /// Names in `text` as byte spans.
    pub fn find(&self, text: &str, out: &mut Vec<(usize, usize)>) {
        let words = words(text);
        let word = |k: usize| words.get(k).and_then(|w| text.get(w.start..w.end));
        let cap = |k: usize| word(k).is_some_and(capitalised);
        // Words k and k+1 are one space (or `-`-less gap) apart: parts of one name.
        let joined = |k: usize| {
            matches!((words.get(k), words.get(k + 1)), (Some(a), Some(b))
                if text.get(a.end..b.start).is_some_and(|g| g == " "))
        };
        let mut k = 0;
        while k < words.len() {
            let w = word(k).unwrap_or("");
            let mut found: Option<(usize, usize)> = None;
            // Honorific: `Dr. Weber`, `Frau Dr. Müller`, `Sra. Díaz`.
            if HONORIFICS.contains(&w) {
                let gap = words
                    .get(k)
                    .zip(words.get(k + 1))
                    .and_then(|(a, b)| text.get(a.end..b.start));
                if gap.is_some_and(|g| g == " " || g == ". ") && cap(k + 1) {
                    let mut first = k + 1;
                    while word(first).is_some_and(|w| HONORIFICS.contains(&w)) && cap(first + 1) {
                        first += 1; // `Frau Dr. Müller`
                    }
                    if !word(first).is_some_and(|w| self.function.contains(w)) {
                        found = Some((first, self.extend(text, &words, first, 2)));
                    }
                }
            }
            if found.is_none() && cap(k) && !self.function.contains(w) {
                let next = word(k + 1);
                let given_first = self.given.contains(w) && cap(k + 1);
                let surname_next = next.is_some_and(|n| self.surnames.contains(n));
                if joined(k) && (given_first || surname_next) {
                    found = Some((k, self.extend(text, &words, k + 1, 1)));
                } else if next.is_some_and(|n| self.given.contains(n))
                    && cap(k + 1)
                    && !next.is_some_and(|n| self.function.contains(n))
                    && words
                        .get(k)
                        .zip(words.get(k + 1))
                        .and_then(|(a, b)| text.get(a.end..b.start))
                        .is_some_and(|g| g == ", ")
                {
                    found = Some((k, k + 1)); // `Müller, Lukas`
                } else if joined(k) && cap(k + 1) && self.cue_before(text, words.get(k)) {
                    let nw = word(k + 1).unwrap_or("");
                    if !self.function.contains(nw) {
                        found = Some((k, self.extend(text, &words, k + 1, 1)));
                    }
                }
            }
            match found {
                Some((a, b)) => {
                    if let (Some(s), Some(e)) = (words.get(a), words.get(b)) {
                        out.push((s.start, e.end));
                    }
                    k = b + 1;
                }
                None => k += 1,
            }
        }
    }

    /// The last word of a name whose word `last` is already in: up to `more` further
    /// capitalised words one space apart (`Mary Ann Smith`), through `de`, `van`, `von`...
    fn extend(&self, text: &str, words: &[Word], mut last: usize, more: usize) -> usize {
        let word = |k: usize| words.get(k).and_then(|w| text.get(w.start..w.end));
        let gap = |k: usize| {
            words
                .get(k)
                .zip(words.get(k + 1))
                .and_then(|(a, b)| text.get(a.end..b.start))
        };
        for _ in 0..more {
            let mut next = last + 1;
            while word(next).is_some_and(|w| PARTICLES.contains(&w)) && gap(next - 1) == Some(" ") {
                next += 1;
            }
            let ok = (last + 1..next + 1).all(|k| gap(k - 1) == Some(" "))
                && word(next).is_some_and(|w| capitalised(w) && !self.function.contains(w));
            if !ok {
                break;
            }
            last = next;
        }
        last
    }

    fn cue_before(&self, text: &str, w: Option<&Word>) -> bool {
        let Some(w) = w else { return false };
        let before = text.get(..w.start).unwrap_or("");
        let trimmed =
            before.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | '-' | '—'));
        let bare = trimmed.trim_end_matches(':');
        let tail_of = |t: &str| -> String {
            t.chars()
                .rev()
                .take(24)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect::<String>()
                .to_lowercase()
        };
        let (with_colon, without) = (tail_of(trimmed), tail_of(bare));
        CUES.iter().any(|c| {
            let tail = if c.ends_with(':') {
                &with_colon
            } else {
                &without
            };
            tail.ends_with(c)
                && tail
                    .get(..tail.len() - c.len())
                    .is_none_or(|p| p.is_empty() || p.ends_with(|ch: char| !ch.is_alphanumeric()))
        })
    }
}

impl Default for Names {
    fn default() -> Self {
        Names::new()
    }
}

const PARTICLES: &[&str] = &[
    "de", "del", "della", "di", "da", "du", "des", "la", "le", "van", "von", "der", "den", "y",
    "zu",
];

/// `Müller`, `O'Brien`, `Jean-Luc`: an upper-case letter, then lower-case letters (at least one).
fn capitalised(w: &str) -> bool {
    let mut chars = w.chars();
    chars.next().is_some_and(char::is_uppercase)
        && w.chars().any(char::is_lowercase)
        && chars.all(|c| c.is_lowercase() || matches!(c, '-' | '\'' | '’') || c.is_uppercase())
}

/// Words: letters with inner `-` and `'`. A `.` right after a word (`Dr.`) is not part of it.
fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut prev_end = 0;
    for (i, c) in text.char_indices() {
        let letter = c.is_alphabetic();
        let inner = matches!(c, '-' | '\'' | '’') && start.is_some();
        match (start, letter || inner) {
            (None, true) if letter => start = Some(i),
            (Some(s), false) => {
                out.push(trim_word(text, s, i));
                start = None;
            }
            _ => {}
        }
        prev_end = i + c.len_utf8();
    }
    if let Some(s) = start {
        out.push(trim_word(text, s, prev_end));
    }
    out
}

/// A word does not end with `-` or `'` (`Smith'` → `Smith`).
fn trim_word(text: &str, start: usize, mut end: usize) -> Word {
    while end > start
        && text
            .get(..end)
            .is_some_and(|t| t.ends_with(['-', '\'', '’']))
    {
        end = text
            .get(..end)
            .and_then(|t| t.char_indices().next_back())
            .map_or(start, |(i, _)| i);
    }
    Word { start, end }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        Names::new().find(text, &mut out);
        out.into_iter().map(|(s, e)| &text[s..e]).collect()
    }

    #[test]
    fn names_with_something_vouching_for_them() {
        assert_eq!(
            names("Please forward this to Jennifer Hall today."),
            ["Jennifer Hall"]
        );
        assert_eq!(names("Termin bei Frau Dr. Krause um 9."), ["Krause"]);
        assert_eq!(names("Bonjour, c'est Mme Lefèvre."), ["Lefèvre"]);
        assert_eq!(names("Firmado: Sr. Iglesias Medina"), ["Iglesias Medina"]);
        assert_eq!(names("Owner: Brandt, Tobias (IT)"), ["Brandt, Tobias"]);
        assert_eq!(names("Kind regards,\nZelda Quimby"), ["Zelda Quimby"]);
        assert_eq!(
            names("Gracias a José Luis de la Fuente"),
            ["José Luis de la Fuente"]
        );
    }

    #[test]
    fn capitalised_words_alone_are_not_names() {
        for text in [
            "Flights to Florence and Victoria are late.",
            "Tomorrow We Launch The New Plan.",
            "The Galaxy Tab Ultra costs more.",
            "Grace period ends Monday.",
            "Paris, Berlin und Madrid.",
        ] {
            assert!(names(text).is_empty(), "{text}: {:?}", names(text));
        }
    }
}
