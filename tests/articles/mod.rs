//! Synthetic news articles for load-time tests and benches: sentences with
//! people (first names and surnames drawn from syllables, so the name
//! vocabulary grows with the archive as a real one does), titles,
//! organisations, places, figures (counts, percentages, money, dates) and
//! quotations with speakers. Deterministic: the same seed gives the same text.
#![allow(dead_code)]

use std::path::Path;

pub struct Gen(u64);

const FIRST: &[&str] = &[
    "Alexei", "Maria", "Dmitry", "Olena", "James", "Sarah", "Mohammed", "Aisha", "Pierre",
    "Ingrid", "Tomasz", "Yuki", "Carlos", "Fatima", "Oleg", "Hannah", "Viktor", "Grace", "Sergei",
    "Amara", "Kenji", "Lucia", "Ivan", "Chloe",
];
const SYLLABLES: &[&str] = &[
    "ka", "lo", "vin", "ber", "tra", "mel", "son", "dor", "ash", "rik", "nov", "ell", "gar", "sta",
    "pel", "mun", "zi", "ov", "ton", "ski",
];
const TITLES: &[&str] = &[
    "a lawyer",
    "the spokesman",
    "a deputy minister",
    "the mayor",
    "an economist",
    "a senior official",
    "the director",
    "a researcher",
];
const ORGS: &[&str] = &[
    "the Interior Ministry",
    "Reuters",
    "the World Bank",
    "the Red Cross",
    "Amnesty International",
    "the central bank",
    "the National Statistics Office",
    "the European Commission",
    "the UN refugee agency",
    "the Conscript's School",
];
const PLACES: &[&str] = &[
    "Kyiv", "Moscow", "Kharkiv", "Brussels", "Lagos", "Jakarta", "Lima", "Warsaw", "Tbilisi",
    "Almaty", "Odesa", "Mariupol",
];
const NOUNS: &[&str] = &[
    "soldiers",
    "refugees",
    "workers",
    "voters",
    "students",
    "families",
    "doctors",
    "conscripts",
    "protesters",
    "patients",
];
const VERBS: &[&str] = &[
    "left",
    "arrived",
    "were detained",
    "returned",
    "voted",
    "were evacuated",
    "signed up",
    "were injured",
];
const MONTHS: &[&str] = &["January", "March", "April", "June", "September", "November"];
const DAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];
const WORDS: &[&str] = &[
    "we",
    "are",
    "seeing",
    "a",
    "huge",
    "outflow",
    "of",
    "people",
    "the",
    "situation",
    "is",
    "getting",
    "worse",
    "every",
    "day",
    "nobody",
    "expected",
    "this",
    "will",
    "not",
    "stop",
    "until",
    "they",
    "leave",
    "our",
    "city",
    "needs",
    "help",
    "talks",
    "failed",
    "again",
    "and",
    "prices",
    "keep",
    "rising",
];

impl Gen {
    pub fn new(seed: u64) -> Gen {
        Gen(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick(&mut self, v: &[&'static str]) -> &'static str {
        v[self.below(v.len())]
    }

    fn surname(&mut self) -> String {
        let n = 2 + self.below(2);
        capitalised(&(0..n).map(|_| self.pick(SYLLABLES)).collect::<String>())
    }

    fn quote(&mut self) -> String {
        let n = 6 + self.below(7);
        let mut q: Vec<&str> = (0..n).map(|_| self.pick(WORDS)).collect();
        let first = q[0].to_string();
        let cap: String = first[..1].to_uppercase() + &first[1..];
        q[0] = "";
        format!("{cap}{}", q.join(" "))
    }

    /// One sentence, ending with a space.
    pub fn sentence(&mut self) -> String {
        let (f, s) = (self.pick(FIRST), self.surname());
        match self.below(6) {
            0 => format!(
                "{f} {s}, {} of {}, said {} {} had {} in {} since {}. ",
                self.pick(TITLES),
                self.pick(ORGS),
                10 + self.below(9990),
                self.pick(NOUNS),
                self.pick(VERBS),
                self.pick(PLACES),
                self.pick(MONTHS)
            ),
            1 => format!(
                "\u{201c}{},\u{201d} said {s}, who met the {} in {}. ",
                self.quote(),
                self.pick(NOUNS),
                self.pick(PLACES)
            ),
            2 => format!(
                "According to {}, {} per cent of {} in {} {} in {}. ",
                self.pick(ORGS),
                1 + self.below(99),
                self.pick(NOUNS),
                self.pick(PLACES),
                self.pick(VERBS),
                1990 + self.below(35)
            ),
            3 => format!(
                "{} reported losses of ${}.{} million in {}, {f} {s} told reporters. ",
                capitalised(self.pick(ORGS)),
                1 + self.below(900),
                self.below(10),
                1990 + self.below(35)
            ),
            4 => format!(
                "A group of {} {} {} on {}, {s} said. ",
                2 + self.below(500),
                self.pick(NOUNS),
                self.pick(VERBS),
                self.pick(DAYS)
            ),
            _ => format!(
                "{f} {s} denied the report, calling it \"{}\". ",
                self.quote()
            ),
        }
    }

    /// An article of about `bytes` bytes: a headline, then paragraphs.
    pub fn article(&mut self, bytes: usize) -> String {
        let mut t = format!(
            "{}: {} {} as {} reports new figures\n\n",
            self.pick(PLACES),
            self.pick(NOUNS),
            self.pick(VERBS),
            self.pick(ORGS)
        );
        while t.len() < bytes {
            for _ in 0..3 + self.below(3) {
                t.push_str(&self.sentence());
            }
            t.push_str("\n\n");
        }
        t
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Write `n` articles of about `bytes` bytes each into `dir` (created).
pub fn write_articles(dir: &Path, seed: u64, n: usize, bytes: usize) {
    std::fs::create_dir_all(dir).unwrap();
    let mut g = Gen::new(seed);
    for i in 0..n {
        std::fs::write(dir.join(format!("{i:05}.txt")), g.article(bytes)).unwrap();
    }
}
