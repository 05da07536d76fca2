//! Organisation names as other documents write them, read as whole names (issue 22):
//! legal forms by country before and after the name, affiliates, look-alikes, typos,
//! acronyms with and without their long name, list markers and bullets.
//!
//! The spellings are built from public lists of real company names, not from the
//! registry's aliases: the SEC list of foreign companies that cleanco ships in its tests
//! (tests/companies.csv of https://github.com/psolin/cleanco, MIT), GLEIF's ISO 20275
//! legal forms, and the legal names the partners publish. Each is read as a one-name
//! cell and counted as correct, flagged (a match to confirm, or unmatched with the right
//! suggestion) or silently wrong; none may be silently wrong.

use std::fs;
use std::sync::LazyLock;

use assert_cmd::Command;

use workplan::normalise::names::{organisations, Organisations};
use workplan::registry::{name_key, PartnerRegistry};

static REGISTRY: LazyLock<PartnerRegistry> = LazyLock::new(|| {
    PartnerRegistry::from_toml(
        include_str!("../input/partners.toml"),
        "input/partners.toml",
    )
    .unwrap_or_else(|e| panic!("{e}"))
});

/// What a one-name cell should give.
#[derive(Debug, Clone, Copy)]
enum Want {
    /// This partner, silently (exact, alias, normalised key, legal form, acronym with
    /// its long name).
    Partner(&'static str),
    /// This partner, by a declared affiliate, with a note naming it.
    Affiliate(&'static str),
    /// This partner, matched by a weaker rule, listed to confirm.
    Confirm(&'static str),
    /// This organisation, not a partner (a known different organisation, a
    /// non-partner, a candidate).
    Other(&'static str),
    /// Unmatched, whole, with this registry name as its suggestion ("" for none).
    Unmatched(&'static str),
}

use Want::*;

/// (spelling, what it should give, where it comes from).
const SPELLINGS: &[(&str, Want, &str)] = &[
    // Legal forms after the name, by country, as the partners write their legal names.
    (
        "Deutsche Telekom AG",
        Partner("Deutsche Telekom"),
        "SEC list, DE",
    ),
    (
        "Deutsche Telekom Aktiengesellschaft",
        Partner("Deutsche Telekom"),
        "GLEIF DE form",
    ),
    ("Telefonica S.A.", Partner("Telefónica"), "SEC list, ES"),
    (
        "Telefónica, S.A.U.",
        Partner("Telefónica"),
        "GLEIF ES/AR form",
    ),
    ("Orange S.A.", Partner("Orange"), "legal name, FR"),
    ("Orange SA", Partner("Orange"), "legal name, FR"),
    ("Orange plc", Partner("Orange"), "SEC list, GB"),
    (
        "France Telecom",
        Partner("Orange"),
        "SEC list, FR (former name)",
    ),
    ("BT Group plc", Partner("BT"), "SEC list, GB"),
    (
        "British Telecommunications plc",
        Partner("BT"),
        "legal name, GB",
    ),
    ("Microsoft Corp.", Partner("Microsoft"), "legal name, US"),
    ("Apple Inc.", Partner("Apple"), "legal name, US"),
    ("Google LLC", Partner("Google"), "legal name, US"),
    ("Intel Corporation", Partner("Intel"), "legal name, US"),
    (
        "International Business Machines Corporation",
        Partner("IBM"),
        "legal name, US",
    ),
    ("Cloudflare, Inc.", Partner("Cloudflare"), "legal name, US"),
    ("Facebook, Inc.", Partner("Facebook"), "legal name, US"),
    ("Thales S.A.", Partner("Thales"), "legal name, FR"),
    ("LEGO A/S", Partner("LEGO Group"), "legal name, DK"),
    (
        "LEGO System A/S",
        Confirm("LEGO Group"),
        "legal name, DK (an operating company)",
    ),
    (
        "Kaspersky Lab JSC",
        Partner("Kaspersky"),
        "legal name, RU (English form)",
    ),
    (
        "ServiceNow, Inc.",
        Partner("Element AI"),
        "legal name, US (rename)",
    ),
    (
        "Sberbank of Russia PJSC",
        Other("Sberbank"),
        "legal name, RU",
    ),
    // Legal forms before the name.
    ("PJSC Sberbank", Other("Sberbank"), "legal name, RU"),
    ("AO Kaspersky Lab", Partner("Kaspersky"), "legal name, RU"),
    (
        "A/S LEGO",
        Partner("LEGO Group"),
        "SEC list's Danish order (A/S Steamship Company Torm)",
    ),
    // Affiliates, declared in the registry.
    ("Google Ireland Ltd", Affiliate("Google"), "legal name, IE"),
    (
        "Google Ireland Limited",
        Affiliate("Google"),
        "legal name, IE",
    ),
    ("Microsoft Research", Affiliate("Microsoft"), "research arm"),
    ("IBM Research – Zurich", Affiliate("IBM"), "research arm"),
    ("IBM Research", Affiliate("IBM"), "research arm"),
    (
        "Telefónica de España, S.A.U.",
        Affiliate("Telefónica"),
        "legal name, ES",
    ),
    (
        "Telefonica de Espana SAU",
        Affiliate("Telefónica"),
        "legal name, ES, unaccented",
    ),
    (
        "Orange Business Services",
        Affiliate("Orange"),
        "business division",
    ),
    (
        "Orange Business Services SA",
        Affiliate("Orange"),
        "business division, FR",
    ),
    (
        "Thales Alenia Space",
        Affiliate("Thales"),
        "joint venture, 67% Thales",
    ),
    // Affiliates not declared: matched, to confirm.
    (
        "Telefonica Moviles, S.A.",
        Confirm("Telefónica"),
        "SEC list, ES",
    ),
    (
        "Telefonica de Argentina S.A.",
        Confirm("Telefónica"),
        "SEC list, AR",
    ),
    (
        "Telefonica del Peru S.A.",
        Confirm("Telefónica"),
        "SEC list, PE",
    ),
    ("AT&T Canada Inc.", Confirm("AT&T"), "SEC list, CA"),
    (
        "Microsoft Research Cambridge",
        Confirm("Microsoft"),
        "research lab",
    ),
    (
        "Thales Alenia Space France SAS",
        Confirm("Thales"),
        "legal name, FR",
    ),
    (
        "Google Cloud Germany GmbH",
        Confirm("Google"),
        "legal name, DE",
    ),
    // Known different organisations.
    (
        "Apple Bank for Savings",
        Other("Apple Bank for Savings"),
        "US savings bank",
    ),
    (
        "Apple Corps Ltd",
        Other("Apple Corps"),
        "the Beatles' company",
    ),
    ("Orange County", Other("Orange County"), "US county"),
    (
        "LEGO Foundation",
        Other("LEGO Foundation"),
        "Danish foundation",
    ),
    (
        "Digital Europe Programme",
        Other("Digital Europe Programme"),
        "EU programme",
    ),
    (
        "Internet Society of China",
        Other("Internet Society of China"),
        "Chinese association",
    ),
    ("ICCO Cooperation", Other("ICCO Cooperation"), "Dutch NGO"),
    (
        "International Criminal Court",
        Other("International Criminal Court"),
        "court",
    ),
    (
        "International Criminal Court (ICC)",
        Other("International Criminal Court"),
        "court",
    ),
    // Look-alikes nobody declared: flagged, never silently a partner.
    ("Orange County Council", Unmatched(""), "a council"),
    (
        "Friends of the LEGO Group",
        Unmatched("LEGO Group"),
        "a fan club",
    ),
    // Typos.
    ("Global Network Initative", Confirm("GNI"), "issue 22"),
    (
        "Institue of Electrical and Electronics Engineers",
        Confirm("IEEE"),
        "issue 22",
    ),
    (
        "Computer & Communications Industry Assocation",
        Confirm("CCIA"),
        "issue 22",
    ),
    ("Deutsche Telekon AG", Confirm("Deutsche Telekom"), "typo"),
    ("Microsfot", Unmatched("Microsoft"), "typo"),
    ("Gogle", Unmatched("Google"), "typo"),
    ("Telefonika", Unmatched("Telefónica"), "typo"),
    (
        "Kasperksy Lab",
        Unmatched("Kaspersky"),
        "transposed letters",
    ),
    // Acronyms with and without their long name.
    ("IMB", Unmatched("IBM"), "transposed acronym"),
    ("GNI", Partner("GNI"), "acronym"),
    ("ICC", Partner("ICC"), "acronym"),
    (
        "International Chamber of Commerce (ICC)",
        Partner("ICC"),
        "both parts",
    ),
    (
        "International Business Machines (IBM)",
        Partner("IBM"),
        "both parts",
    ),
    (
        "IEEE (Institute of Electrical & Electronic Engineers)",
        Confirm("IEEE"),
        "near long name",
    ),
    ("Global Network Initiative", Partner("GNI"), "long name"),
    (
        "Internet Corporation for Assigned Names and Numbers (ICANN)",
        Other("ICANN"),
        "both parts",
    ),
    (
        "International Cocoa Organization (ICCO)",
        Unmatched("ICCO"),
        "the acronym only",
    ),
    (
        "Internet Engineering Task Force",
        Unmatched(""),
        "initials of nothing",
    ),
];

/// How one spelling ended.
#[derive(Debug, PartialEq)]
enum Outcome {
    Correct,
    Flagged,
    Wrong(String),
}

fn outcome(spelling: &str, want: Want) -> Outcome {
    let o = organisations(spelling, &REGISTRY);
    let confirmed: Vec<&str> = o.to_confirm.iter().map(|c| c.canonical.as_str()).collect();
    let suggestion = REGISTRY
        .suggest(spelling, 1)
        .first()
        .map(|s| s.0.clone())
        .unwrap_or_default();
    let is = |partners: &[&str], others: &[&str], unmatched: &[&str]| {
        o.partners == partners && o.other_organisations == others && o.unmatched == unmatched
    };
    let correct = match want {
        Partner(p) => is(&[p], &[], &[]) && confirmed.is_empty(),
        Affiliate(p) => {
            is(&[p], &[], &[])
                && confirmed.is_empty()
                && o.notes.iter().any(|n| n.contains("an affiliate of"))
        }
        Confirm(p) => is(&[p], &[], &[]) && confirmed == [p],
        Other(n) => is(&[], &[n], &[]),
        Unmatched(s) => is(&[], &[], &[spelling]) && (s.is_empty() || suggestion == s),
    };
    if correct {
        return Outcome::Correct;
    }
    let whole_unmatched = is(&[], &[], &[spelling]);
    let flagged = match want {
        Partner(p) | Affiliate(p) | Confirm(p) => {
            (whole_unmatched && suggestion == p) || (is(&[p], &[], &[]) && confirmed == [p])
        }
        Other(_) | Unmatched(_) => whole_unmatched || !confirmed.is_empty(),
    };
    if flagged {
        Outcome::Flagged
    } else {
        Outcome::Wrong(format!("{o:?}; suggestion {suggestion:?}"))
    }
}

#[test]
fn no_spelling_ends_silently_wrong() {
    let (mut correct, mut flagged, mut wrong) = (0, 0, Vec::new());
    for (spelling, want, _) in SPELLINGS {
        match outcome(spelling, *want) {
            // A match to confirm, or an unmatched name with its suggestion, is flagged.
            Outcome::Correct if matches!(want, Confirm(_) | Unmatched(_)) => flagged += 1,
            Outcome::Correct => correct += 1,
            Outcome::Flagged => {
                flagged += 1;
                println!("flagged: {spelling:?} (wanted {want:?})");
            }
            Outcome::Wrong(got) => wrong.push(format!("{spelling:?}: wanted {want:?}, got {got}")),
        }
    }
    println!(
        "{} spellings: {correct} correct and silent, {flagged} flagged, {} silently wrong",
        SPELLINGS.len(),
        wrong.len()
    );
    assert!(wrong.is_empty(), "silently wrong:\n{}", wrong.join("\n"));
    assert!(
        (correct + flagged) * 10 >= SPELLINGS.len() * 9,
        "{} of {} as wanted",
        correct + flagged,
        SPELLINGS.len()
    );
}

/// Real company names from the SEC list (cleanco's tests/companies.csv), each with its
/// legal form by country set aside, written after the name and before it.
#[test]
fn legal_forms_by_country_are_set_aside_before_and_after_the_name() {
    let rows: &[(&str, &str)] = &[
        ("Allianz Aktiengesellschaft", "allianz"), // DE
        ("Celanese AG", "celanese"),               // DE
        ("Grohe Holdings GmbH", "grohe holdings"), // DE
        ("Novo-Nordisk A/S", "novo nordisk"),      // DK
        ("TDC A/S", "tdc"),                        // DK
        ("A/S Steamship Company Torm", "steamship company torm"), // DK, before
        ("Dynea International Oy", "dynea international"), // FI
        ("Stora Enso OYJ", "stora enso"),          // FI
        ("Scania AB", "scania"),                   // SE
        ("A B Volvo", "volvo"),                    // SE, before
        ("Statoil ASA", "statoil"),                // NO
        ("Fiat S.p.A.", "fiat"),                   // IT
        ("Koninklijke KPN N.V.", "koninklijke kpn"), // NL
        ("Grapes Communications B.V.", "grapes communications"), // NL
        ("Adecco S.A.", "adecco"),                 // CH
        ("Repsol YPF S.A.", "repsol ypf"),         // ES
        ("Cemex, S.A. de C.V.", "cemex"),          // MX
        ("Alestra, S. de R.L. de C.V.", "alestra"), // MX
        (
            "Polska Telefonia Cyfrowa Sp Z o o.",
            "polska telefonia cyfrowa",
        ), // PL
        ("ČEZ, a.s.", "cez"),                      // CZ
        ("EMCO spol. s r.o.", "emco"),             // CZ
        ("Mobile Telesystems OJSC", "mobile telesystems"), // RU
        ("A.O. Tatneft", "tatneft"),               // RU, before
        (
            "P.T. Telekomunikasi Indonesia Tbk",
            "telekomunikasi indonesia",
        ), // ID, both
        (
            "Turkcell Iletisim Hizmetleri AS",
            "turkcell iletisim hizmetleri",
        ), // TR
        ("Barclays plc", "barclays"),              // GB
        ("Amatek Industries Pty. Ltd.", "amatek industries"), // AU
        ("Honda Motor Co. Ltd.", "honda motor"),   // JP
        ("Nokia Corp.", "nokia"),                  // FI, English form
        (
            "Hellenic Telecommunications Organization S.A.",
            "hellenic telecommunications organization",
        ), // GR
        ("Portugal Telecom, SGPS, S.A.", "portugal telecom"), // PT
        ("Digital SME AISBL", "digital sme"),      // BE (GLEIF)
        ("Chaos Computer Club e.V.", "chaos computer club"), // DE (GLEIF)
    ];
    for (name, key) in rows {
        assert_eq!(name_key(name), *key, "{name:?}");
    }
}

fn read(cell: &str) -> Organisations {
    organisations(cell, &REGISTRY)
}

#[test]
fn list_markers_bullets_and_numbers_split_a_cell_and_are_never_names() {
    let rows: &[(&str, &[&str], &[&str])] = &[
        ("1. Google\n2. Microsoft", &["Google", "Microsoft"], &[]),
        ("1) Intel 2) IBM", &["Intel", "IBM"], &[]),
        (
            "• Google Ireland\n• Microsoft",
            &["Google", "Microsoft"],
            &[],
        ),
        ("• Apple • Orange", &["Apple", "Orange"], &[]),
        ("- Apple\n- Orange S.A.", &["Apple", "Orange"], &[]),
        (
            "* Cloudflare\n* Acme Widgets Ltd",
            &["Cloudflare"],
            &["Acme Widgets Ltd"],
        ),
        (
            "(a) Google\n(b) Thales Alenia Space",
            &["Google", "Thales"],
            &[],
        ),
        ("1.\n2.", &[], &[]),
    ];
    for (cell, partners, unmatched) in rows {
        let o = read(cell);
        assert_eq!(o.partners, *partners, "{cell:?}");
        assert_eq!(o.unmatched, *unmatched, "{cell:?}");
        assert!(o.to_confirm.is_empty(), "{cell:?}: {:?}", o.to_confirm);
    }
    for marker in ["1.", "2)", "•", "(b)", "S.A.", "GmbH"] {
        assert!(REGISTRY.suggest(marker, 3).is_empty(), "{marker:?}");
    }
}

/// Through the binary: the review file lists unmatched names and matches to confirm
/// whole, with their cells, in issue 23's columns plus `status` and `rule`.
#[test]
fn the_review_file_shows_whole_names_with_their_cells() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("workplan_2023.csv");
    fs::write(
        &input,
        "Sector,Activity,Date,Companies/associations,Description\n\
         CDPPE,Study one,2023,\"Google Ireland Ltd, Apple Bank for Savings\",One\n\
         CDPPE,Study two,2023,\"1. Gogle\n2. Global Network Initative\",Two\n\
         CDPPE,Study three,2023,Microsoft Research Cambridge,Three\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    let o = Command::cargo_bin("workplan")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["run", "--no-progress", "--no-pdf", "--input"])
        .arg(&input)
        .arg("--output")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let text = fs::read_to_string(out.join("review/unmatched-names.csv")).unwrap();
    let mut rows = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header: Vec<String> = rows.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "name",
            "cell",
            "places",
            "suggestion",
            "decision",
            "canonical",
            "status",
            "rule"
        ]
    );
    let rows: Vec<Vec<String>> = rows
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    let find = |name: &str| {
        rows.iter()
            .find(|r| r[0] == name)
            .unwrap_or_else(|| panic!("{name:?} not in {rows:?}"))
    };
    let gogle = find("Gogle");
    assert_eq!(gogle[1], "1. Gogle\n2. Global Network Initative");
    assert!(gogle[2].contains("workplan_2023.csv"), "{gogle:?}");
    assert!(gogle[3].starts_with("Google ("), "{gogle:?}");
    assert_eq!(
        (&gogle[4][..], &gogle[5][..], &gogle[6][..]),
        ("", "", "unmatched")
    );
    let gni = find("Global Network Initative");
    assert_eq!((&gni[6][..], &gni[7][..]), ("confirm", "initials"));
    assert!(gni[3].starts_with("GNI"), "{gni:?}");
    let research = find("Microsoft Research Cambridge");
    assert_eq!(research[1], "Microsoft Research Cambridge");
    assert_eq!(research[7], "guessed affiliate");
    assert_eq!(rows.len(), 3, "{rows:?}");
}
