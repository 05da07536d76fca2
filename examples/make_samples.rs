//! Writes the sample inputs `workplan` ships and the test fixtures, all from one
//! transcription of the two workplan tables in the 2020 overview document (sections 5
//! and 6 of `seeds/000_2f6f766bd8b5e6f9.txt`).
//!
//! The tables are kept as `const` arrays of layout lines (title, blank, category heading,
//! header, record, continuation) so every file is generated from the same cells, laid out
//! the way a circulated copy is: a title, blank rows, headings, the header repeated at
//! the page breaks of the original, blank "same as above" Sector cells and records broken
//! over two rows. Cell texts are as the seed shows them, broken words, typos and broken
//! e-mail addresses included; where the seed shows two spaces between items that were
//! separate lines in the original (unit name and address, "CANCELLED" and the rest, two
//! sentences), the cell holds a line break instead.
//!
//! Output is deterministic: the document properties carry a fixed creation date, so two
//! runs give byte-identical files.
//!
//! ```text
//! cargo run --example make_samples -- <repo root>
//! ```
//!
//! rust_xlsxwriter cannot write a workbook in the 1904 date system (its 1904 support is
//! internal and hidden), so that one fixture is written by [`write_xlsx_1904`], a minimal
//! writer of its own: stored (uncompressed) zip entries, inline strings, one sheet.

use std::error::Error;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook};

/// One row of a workplan sheet as laid out in the seed, `N` cells wide.
enum Line<const N: usize> {
    /// A title above the table, in the first column.
    Title(&'static str),
    /// An empty row.
    Blank,
    /// A category heading (2017-2019 only), in the first column.
    Heading(&'static str),
    /// The header row; the header names depend on the variant being written.
    Header,
    /// A record, cells in the seed's column order; "" is an empty cell.
    Record([&'static str; N]),
    /// The rest of the record above, broken over a page or a row: only some cells filled.
    Continuation([&'static str; N]),
}

use Line::{Blank, Continuation, Header, Heading, Record, Title};

/// The 2017-2019 headers as the seed writes them.
const HEADERS_2017: [&str; 5] = [
    "Sector",
    "Activity",
    "Date",
    "Companies/association",
    "Description",
];

/// The 2017-2019 headers in French.
const HEADERS_2017_FR: [&str; 5] = [
    "Secteur",
    "Activité",
    "Date",
    "Entreprises/associations",
    "Description",
];

/// Column of the date in the 2017-2019 table.
const DATE_COL_2017: usize = 2;

/// The 2020+ headers as the seed writes them.
const HEADERS_2020: [&str; 8] = [
    "Topic",
    "Sector",
    "Domain",
    "Activity",
    "Date",
    "Companies/associations involved",
    "Description",
    "Contact point",
];

/// The 2020+ headers as variants, in the seed's column order.
const HEADERS_2020_VARIANT: [&str; 8] = [
    "Topics",
    "Sector",
    "Domain",
    "Activity",
    "Date(s)",
    "Companies / associations involved",
    "Description",
    "Contact points",
];

/// The reordered fixture's columns: Date first, Contact point before Description.
const ORDER_2020_REORDERED: [usize; 8] = [4, 0, 1, 2, 3, 5, 7, 6];

/// Column widths (Excel character units) of the 2017-2019 table.
const WIDTHS_2017: [f64; 5] = [30.0, 45.0, 14.0, 45.0, 70.0];

/// Column widths of the 2020+ table.
const WIDTHS_2020: [f64; 8] = [30.0, 16.0, 24.0, 40.0, 22.0, 36.0, 60.0, 36.0];

/// Section 5 of the seed: the workplan 2017-2019, 19 records in four categories.
const WORKPLAN_2017: &[Line<5>] = &[
    Title("Workplan 2017-2019"),
    Blank,
    Heading("Binding standard settings"),
    Header,
    Record([
        "Information society / data protection",
        "Presentation of the Convention 108+",
        "29/01/2019",
        "Deutsche Telecom Facebook GNI (Global Network Initiative) Microsoft",
        "Presentation by the Secretariat in Brussels of the Convention 108",
    ]),
    Record([
        "Information society / internet governance",
        "1st meeting of the Committee of experts on Human Rights Dimensions of automated data (MSI-AUT)",
        "6-7/03/2018",
        "Deutsche Telecom EuroISPA (European Internet Services Providers Association) Google",
        "A number of internet companies/associations – signatories of the Exchange of letters regularly participate in the work of the MSI-AUT and provide input and comments to the documents prepared by the Committee.",
    ]),
    Record([
        "",
        "2nd meeting of the Committee of experts on Human Rights Dimensions of automated data (MSI-AUT)",
        "17-18/09/2018",
        "Google Microsoft",
        "",
    ]),
    Record([
        "",
        "3rd meeting of the Committee of experts on Human Rights Dimensions of automated data (MSI-AUT)",
        "18-19/03/2019",
        "Microsoft",
        "",
    ]),
    Blank,
    Heading("Non-binding standard settings"),
    Header,
    Record([
        "Education",
        "Roundtable meeting",
        "18/01/2018",
        "Digital Europe - Digital Economy & Trade Groups, ETNO association (European Telecommunications Netiwork Operators), Google, Orange",
        "Information of the private sector and representative associations about intergovernmental projects in education in particular Digital Citizenship Education (DCE) Project",
    ]),
    Record([
        "",
        "Online information meeting",
        "18/12/2018",
        "Apple, Deutsche Telecom, Google, Telefónica SA",
        "Discussion with the participants (representatives of the private sector, representative associations and CDPPE) the idea of drafting a code of conduct governing interaction and partnerships between education institutions and private industry (Internet companies).",
    ]),
    Record([
        "",
        "1st Meeting of the Working Group on Drafting Guidelines for Governing Partnerships between Education Institutions and Private Sector (WG-PEP)",
        "13/02/2019",
        "Google",
        "Review and agreement on the principles and the main topics of the Code of Conduct.\nPreparation of an initial draft for review and wider consultation.",
    ]),
    Record([
        "",
        "2nd Meeting of the Working Group on Drafting Guidelines for Governing Partnerships between Education Institutions and Private Sector (WG-PEP)",
        "03/05/2019",
        "ETNO association (European Telecommunications Netiwork Operators), European Digital SME Alliance, GSMA",
        "Review of the first draft of the guidelines and preparation of questions for consultation.\nPreparation of the consultation and definition of the next steps following the consultation.",
    ]),
    Blank,
    Heading("Studies"),
    Header,
    Record([
        "CDCT",
        "Thematic Session on Terrorism and the Internet",
        "14/11/2018",
        "CCIA (Computer & Communication Industry association), ETNO association (European Telecommunications Netiwork Operators), EuroISPA (European Internet Services Providers Association), GNI (Global Network Initiative), Google, Microsoft, Telefónica SA\nNon-partner: Tech Against Terrorism Initiative (TAT)",
        "This Thematic Session brought together experts and practitioners from the 47 member States of the Council of Europe as well as representatives from internet and telecommunications technology firms and associations, social media platforms and different search engines to share information, exchange their views and discuss public and private best practices in preventing and combating terrorist-related offences and radicalisation leading to terrorism on the internet.\nAfter the Thematic Session, the CDCT agreed to ensure a follow up to the cooperation with internet companies and representative associations.",
    ]),
    Record([
        "ECRI",
        "Study on \"Discrimination, artificial intelligence and algorithmic decision making\"",
        "",
        "",
        "Consultation of IT Companies",
    ]),
    // The extraction interleaves this row's Sector and Description columns line by line.
    Record([
        "Inclusion and anti- discrimination programmes/No Hate Speech and Cooperation Unit",
        "",
        "",
        "",
        "Following adoption of the NetzDG law in Germany (act to improve enforcement of Law on social networks), the No Hate Speech and cooperation Unit engaged a work particularly regarding the initiative to set-up independent co-regulatory mechanisms for assessment of complex reports. A study is in preparations on comparing approaches taken by different member states about the operationalise of the assessment and decisions on complex cases touching on human rights concerns reported to the IT companies",
    ]),
    Blank,
    Heading("Conferences / Roundtables"),
    Header,
    Record([
        "TC-INF",
        "TC-INF meeting",
        "23/05/2018",
        "Cloudflare, Deutsche Telecom, EuroISPA (European Internet Services Providers Association), European Digital SME Alliance, Facebook, GNI (Global Network Initiative), Google, Kaspersky Lab",
        "Discussion with the representatives of Council of Europe member States suitable implementation mechanisms of the CM recommendation on the roles and responsibilities of internet intermediaries, as well as opportunities for further cooperation, including in the field of development of new technological services and artificial intelligence.",
    ]),
    Record([
        "World Forum of Democracy",
        "Roundtable \"Artificial Intelligence and gender (in-) equality\"",
        "20/11/2018",
        "Google, Microsoft",
        "Participation to the roundtable as speakers",
    ]),
    Record([
        "Council of Europe and the Finnish Presidency of the Council of Europe Committee of Ministers",
        "High level conference\n\"Governing the Game Changer\n— Impacts of artificial intelligence development on human rights, democracy and the rule of law\"",
        "26-27/02/2019",
        "Facebook, GNI (Global Network Initiative), Google, Microsoft, Orange, Telefónica SA",
        "High-level representatives of the Internet Industry Association (eco) and of Microsoft spoke at the conference \"Governing the Game Changer – Impacts of artificial intelligence development on human rights, democracy and the rule of law\" (co-organised by the Finnish Presidency of the Council of Europe Committee of Ministers and the Council of Europe in Helsinki, Finland, 26 –27 February 2019). Microsoft also arranged a demo-stand at the exhibition space hosted by the conference, presenting their",
    ]),
    Continuation([
        "",
        "",
        "",
        "",
        "work in the field of AI. Representatives of Orange, Google, Global Network Initiative (GNI), Telefonica and Facebook attended the conference.",
    ]),
    Record([
        "Information society / Cybercrime",
        "Conference on Criminal Justice in Cyberspace (Bucharest)",
        "25-27/02/2019",
        "Facebook, Google",
        "Participation in the Conference (including as speakers in workshops)",
    ]),
    Record([
        "",
        "Octopus Conference 2018+Consultations on the Protocol to the Budapest Convention",
        "11-13/07/2018",
        "Cloudflare, Deutsche Telecom, EuroISPA (European Internet Services Providers Association), Facebook, GNI (Global Network Initiative), Google, ICANN, Kaspersky Lab, Microsoft, Symantec, Telefónica SA",
        "Participation in the Conference (including as speakers in workshops)",
    ]),
    Record([
        "Information society / Data protection",
        "World Mobile Congress 2019",
        "25-27/02/2019",
        "GSMA",
        "Cooperation with GSMA",
    ]),
    Record([
        "Information society department",
        "International conference \"Addressing hate speech in the media: the role of regulatory authorities and the judiciary\"",
        "06-07/11/2018",
        "Facebook",
        "Conference organised by the Council of Europe in partnership with the Croatian Agency for Electronic Media in Zagreb (Croatia)",
    ]),
    Record([
        "Information society department/ Internet governance",
        "CoE co-organised workshops in various forums",
        "",
        "",
        "Regular collaboration of EoL partners in CoE co-organised workshops and open forums during Internet Governance related events (EuroDIG, IGF, etc.)",
    ]),
];

/// Section 6 of the seed: the workplan 2020+, 22 records, the header repeated at each
/// page break of the original and the records broken across a page continued below it.
const WORKPLAN_2020: &[Line<8>] = &[
    Title("Workplan 2020+"),
    Blank,
    Header,
    Record([
        "Artificial intelligence",
        "CAHAI",
        "Transversal",
        "Multi-stakeholder consultation",
        "2020 and 2021",
        "All",
        "Consultation about the feasibility and potential elements of a legal framework for the development, design and application of artificial intelligence",
        "Co-secretaries of the CAHAI\nclementina.barbaro@coe .int livia.stoica@coe.int",
    ]),
    Record([
        "Artificial intelligence",
        "MSI-DIG",
        "Freedom of Expression",
        "Expert Committee on Freedom of Expression and Digital Technologies",
        "Four meetings in Strasbour g (March and Septemb er of 2020/21)",
        "Companies interested in providing input to standard-setting work",
        "Development of Recommendation and Study on the impacts of digital technologies on freedom of expression",
        "Media and Internet Division\ncharlotte.altenhoener- dion@coe.int",
    ]),
    Record([
        "Artificial Intelligence",
        "PACE",
        "Committee on Political Affairs and Democracy",
        "Hearing on the Need for Democratic Governance of Al",
        "January 2020 (tbc) and April 2020 (tbc)",
        "TBD",
        "Participation as experts in the hearing on Need for democratic governance of Al",
        "Secretariat of the As/POL\nPavel.Chevtchenko@coe _int",
    ]),
    Header,
    Continuation(["", "", "", "", "", "", "", "Vasileios.Giannias@coe. int"]),
    Record([
        "Artificial intelligence and discrimination",
        "PACE",
        "Equality and non-discrimination",
        "Possible hearing on preventing discrimination caused by the use of Al",
        "2020",
        "TBD",
        "Hearing on preventing discrimination caused by the use of AI, feeding into report on this issue",
        "PACE Committee on Equality and Non- Discrimination secretariat\nliri.kopaci- dimichele@coe.int\nsarah.burton@coe.int",
    ]),
    Record([
        "Artificial intelligence and justice",
        "CEPEJ",
        "Justice",
        "Operationalisation of the European charter on the use of artificial intelligence in judicial systems and their environment",
        "2020",
        "IEEE",
        "Consultation on the feasibility of a certification process",
        "CEPEJ Secretariat\nmuriel.decot@coe.int",
    ]),
    Record([
        "Artificial Intelligence and Blockchain technology",
        "CDPPE",
        "Education",
        "Workshop",
        "2020",
        "Companies working on education e.g. Microsoft, Apple, Google",
        "Exploration of the implications of digital technologies, in particular Al and blockchain, on education",
        "Education Policy Division\nMichael.remmert@coe.in  t; Ahmet- murat.kilic@coe.int",
    ]),
    Record([
        "Autonomous vehicles",
        "CDPC",
        "Criminal law",
        "Possible development of",
        "2020",
        "TBD",
        "Possible consultation on legislation on",
        "CDPC Secretariat",
    ]),
    Header,
    Continuation([
        "",
        "",
        "",
        "common legal standards.",
        "",
        "",
        "driving automation",
        "Carlo.chiaromonte@coe.",
    ]),
    Record([
        "Autonomous vehicles",
        "PACE",
        "Legal Affairs\n– regulatory issues",
        "Fact-finding visit/ exchange with experts",
        "2020",
        "TBD",
        "Rapporteur's visit to a centre of industry research",
        "PACE Committee on Legal Affairs and Human Rights\nDavid.Milner@coe.int",
    ]),
    Record([
        "Brain- computer interface technology",
        "PACE",
        "Human dignity, human rights",
        "Fact-finding visit/ exchange with experts",
        "2020",
        "Companies and research centres working on BCI in and around San Francisco.",
        "Rapporteur's visit to companies and research centres",
        "PACE Committee on Legal Affairs and Human Rights\nDavid.Milner@coe.int",
    ]),
    Record([
        "Children's rights in the digital environment",
        "CDENF",
        "Children's rights",
        "Publication of a Handbook for policy makers, including business\nWorkshop / consultation",
        "2020-",
        "TBD",
        "Strengthening the rights of the child in the digital environment, both in terms of access and protection",
        "Children's Rights Division\nRegina.jensdottir@coe.in t",
    ]),
    Record([
        "Children with disabilities and their rights in the",
        "CDENF",
        "Children's rights",
        "Hearing/exchang e of views with experts and business",
        "2020- 2021",
        "TBD",
        "Strengthening the rights of children with disabilities and the digital environment",
        "Children's Rights Division\nRegina.jensdottir@coe.in t",
    ]),
    Header,
    Continuation(["digital environment", "", "", "", "", "", "", ""]),
    Record([
        "Cybercrime",
        "T-CY",
        "Fight against Cybercrime",
        "Consultations on the 2nd Additional Protocol",
        "2020 (TBC)",
        "TBD",
        "Consultations on a legally binding instrument",
        "Cybercrime division <u>Alexander.seger@coe.int</u>",
    ]),
    Record([
        "Data protection",
        "Data protection",
        "Data protection",
        "Mobile World Congress 2020",
        "24-26 February 2020",
        "GSMA",
        "CANCELLED\nParticipation in global event and visibility for Convention 108+",
        "Data Protection Unit\nPeter.Kimpian@coe.int",
    ]),
    Record([
        "Data protection",
        "Data protection",
        "Data protection",
        "Convention 108+ event",
        "April 2020",
        "Intel",
        "CANCELLED\nPromotional event in Washington DC",
        "Data Protection Unit\nSophie.Kwasny@coe.int",
    ]),
    Record([
        "Digital Citizenship Education",
        "CDPPE",
        "Education",
        "Roadshow",
        "2020-21",
        "All",
        "Raising awareness on DCE",
        "Education Policy Division\nMichael.remmert@coe.in  t; Ahmet- murat.kilic@coe.int",
    ]),
    Header,
    Record([
        "Digital transformation , AI, democracy",
        "CDDG",
        "Democracy and governance",
        "Study",
        "2020",
        "TBD",
        "Study on the impact of digital transformation on democracy and governance/public administration",
        "Democratic Governance Division\nsonia.sirtori@coe.int\njudith.orland@coe.int",
    ]),
    Record([
        "Guidelines for partnerships between education institutions and internet companies",
        "CDPPE",
        "Education; (Data protection, Children's rights)",
        "Multi-stakeholder consultation",
        "2020",
        "All",
        "Consensus building on general principles.",
        "Education Policy Division\nMichael.remmert@coe.in  t; Ahmet- murat.kilic@coe.int",
    ]),
    Record([
        "Hate Speech",
        "ADI/MSI- DIG",
        "Anti- discriminatio n/ Freedom of Expression",
        "Expert Committee on Combating Hate Speech",
        "Four meetings in Strasbour g in 2020/21 (May/Oct ober 2020)",
        "Companies interested in providing input to standard-setting work",
        "Development of Recommendation on Combating Hate Speech",
        "Media and Internet Division/Anti- Discrimination\ncharlotte.altenhoener- dion@coe.int menno.ettema@coe.int",
    ]),
    Record([
        "Media content and electoral communicatio n online",
        "MSI-REF",
        "Freedom of expression",
        "Expert Committee on Media",
        "2020 – 2021",
        "Companies interested in providing input to standard-setting work",
        "Development of recommendations on (i) principles for media and communication",
        "Media and Internet Division Urska.Umek@coe.int",
    ]),
    Header,
    Continuation([
        "",
        "",
        "",
        "Environment and Reform",
        "",
        "",
        "governance and (ii) electoral campaigning, and (iii) a guidance note on prioritisation of public interest content online",
        "",
    ]),
    Record([
        "Online forms of violence against women",
        "GREVIO",
        "Gender Equality and Violence Against women",
        "Follow-up to the CM informal exchange of views/ possible CoE-led side event at the CSW in March 2020",
        "2020",
        "TBD",
        "TBD in consultation with various services (planned for end January)",
        "GREVIO Secretariat – Johanna.Nelles@coe.int\nGender Equality Division\nCaterina.Bolognese@co e.int",
    ]),
    Record([
        "Protection of children against sexual exploitation and sexual abuse facilitated by information and communicatio n technologies",
        "Lanzarote Committee",
        "Children's rights",
        "Multistake-holder consultation",
        "2021",
        "TBD",
        "TBD - Initiate a dialogue with the private sector in order to involve it more in the fight against online sexual abuse based on findings of the Committee",
        "Children's Rights Division\nLanzarote Committee\nregina.jensdottir@coe.int\ngioia.scappucci@coe.int",
    ]),
    Header,
    Record([
        "Use of the Internet for Trafficking in Human Beings",
        "GRETA",
        "Human trafficking",
        "Follow-up to the meeting on \"Stepping up the Council of Europe action against trafficking in",
        "2020 – 2021",
        "TBD. Possibly \"Tech against Trafficking\" network",
        "Consultation on a draft report",
        "GRETA Secretariat <u>Lilia.kolombet@coe.int</u>",
    ]),
    Continuation([
        "",
        "",
        "",
        "human beings in the digital age\"",
        "",
        "",
        "",
        "",
    ]),
];

/// A cell as written to a file.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    /// Nothing in the cell.
    Empty,
    /// A text cell.
    Text(String),
    /// A real date cell: year, month, day.
    Date(u16, u8, u8),
}

/// What a row is, so the xlsx writer can style it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum RowKind {
    /// Title or category heading.
    Title,
    /// Blank row.
    Blank,
    /// Header row.
    Header,
    /// Record or continuation.
    Data,
}

/// A row of cells, already in output column order.
struct Row {
    kind: RowKind,
    cells: Vec<Cell>,
}

/// A sheet ready to write.
struct Sheet {
    name: String,
    rows: Vec<Row>,
    widths: Vec<f64>,
}

/// How to lay out a table: header names (seed column order), output column order, and
/// which column's single-day dates become real date cells.
struct Layout<'a, const N: usize> {
    headers: &'a [&'a str; N],
    order: [usize; N],
    date_cells_in: Option<usize>,
}

impl<const N: usize> Layout<'_, N> {
    /// Cells of one line, in output order.
    fn row(&self, line: &Line<N>) -> Row {
        let first_only = |text: &str| {
            let mut cells = vec![Cell::Empty; N];
            cells[0] = Cell::Text(text.to_string());
            cells
        };
        match line {
            Title(text) | Heading(text) => Row {
                kind: RowKind::Title,
                cells: first_only(text),
            },
            Blank => Row {
                kind: RowKind::Blank,
                cells: vec![Cell::Empty; N],
            },
            Header => Row {
                kind: RowKind::Header,
                cells: self
                    .order
                    .iter()
                    .map(|&i| Cell::Text(self.headers[i].to_string()))
                    .collect(),
            },
            Record(cells) | Continuation(cells) => Row {
                kind: RowKind::Data,
                cells: self.order.iter().map(|&i| self.cell(i, cells[i])).collect(),
            },
        }
    }

    /// One data cell: empty, a real date (when asked and the text is dd/mm/yyyy), or text.
    fn cell(&self, column: usize, text: &str) -> Cell {
        if text.is_empty() {
            return Cell::Empty;
        }
        if self.date_cells_in == Some(column) {
            if let Some((y, m, d)) = parse_day(text) {
                return Cell::Date(y, m, d);
            }
        }
        Cell::Text(text.to_string())
    }

    /// Column widths in output order.
    fn widths(&self, widths: &[f64; N]) -> Vec<f64> {
        self.order.iter().map(|&i| widths[i]).collect()
    }
}

/// Reads "dd/mm/yyyy" (exactly), the single-day form of the 2017-2019 table.
fn parse_day(text: &str) -> Option<(u16, u8, u8)> {
    let b = text.as_bytes();
    if b.len() != 10 || b[2] != b'/' || b[5] != b'/' {
        return None;
    }
    let d: u8 = text.get(0..2)?.parse().ok()?;
    let m: u8 = text.get(3..5)?.parse().ok()?;
    let y: u16 = text.get(6..10)?.parse().ok()?;
    (1..=12).contains(&m).then_some(())?;
    (1..=31).contains(&d).then_some((y, m, d))
}

/// A whole table as one sheet, every line of the transcription in order.
fn sheet<const N: usize>(
    name: &str,
    lines: &[Line<N>],
    layout: &Layout<'_, N>,
    widths: &[f64; N],
) -> Sheet {
    Sheet {
        name: name.to_string(),
        rows: lines.iter().map(|line| layout.row(line)).collect(),
        widths: layout.widths(widths),
    }
}

/// The 2017-2019 table split into one sheet per category: the header and the records of
/// each category, no title, blank or heading rows (the sheet name is the category).
fn sheets_by_category(layout: &Layout<'_, 5>) -> Vec<Sheet> {
    let mut sheets: Vec<Sheet> = Vec::new();
    for line in WORKPLAN_2017 {
        match line {
            // Excel forbids "/" in a sheet name.
            Heading(category) => sheets.push(Sheet {
                name: category.replace(" / ", " - "),
                rows: Vec::new(),
                widths: layout.widths(&WIDTHS_2017),
            }),
            Header | Record(_) | Continuation(_) => {
                if let Some(sheet) = sheets.last_mut() {
                    sheet.rows.push(layout.row(line));
                }
            }
            Title(_) | Blank => {}
        }
    }
    sheets
}

/// Fixed document properties, so the bytes are the same every run.
fn properties(title: &str) -> Result<DocProperties, Box<dyn Error>> {
    let created = ExcelDateTime::from_ymd(2020, 2, 6)?.and_hms(9, 0, 0)?;
    Ok(DocProperties::new()
        .set_title(title)
        .set_author("workplan sample generator")
        .set_company("Council of Europe")
        .set_creation_datetime(&created))
}

/// Writes sheets to an xlsx workbook (1900 date system) with rust_xlsxwriter.
fn write_xlsx(path: &Path, title: &str, sheets: &[Sheet]) -> Result<(), Box<dyn Error>> {
    let mut workbook = Workbook::new();
    workbook.set_properties(&properties(title)?);
    let title_format = Format::new().set_bold().set_font_size(13);
    let header_format = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let text_format = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let date_format = Format::new()
        .set_num_format("dd/mm/yyyy")
        .set_align(FormatAlign::Top)
        .set_align(FormatAlign::Left);
    for sheet in sheets {
        let worksheet = workbook.add_worksheet();
        worksheet.set_name(&sheet.name)?;
        for (col, width) in sheet.widths.iter().enumerate() {
            worksheet.set_column_width(col as u16, *width)?;
        }
        for (r, row) in sheet.rows.iter().enumerate() {
            let format = match row.kind {
                RowKind::Title => &title_format,
                RowKind::Header => &header_format,
                RowKind::Blank | RowKind::Data => &text_format,
            };
            for (c, cell) in row.cells.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    Cell::Empty => {}
                    Cell::Text(text) => {
                        worksheet.write_string_with_format(r, c, text, format)?;
                    }
                    Cell::Date(y, m, d) => {
                        let date = ExcelDateTime::from_ymd(*y, *m, *d)?;
                        worksheet.write_datetime_with_format(r, c, &date, &date_format)?;
                    }
                }
            }
        }
    }
    workbook.save(path)?;
    Ok(())
}

/// The text encodings the CSV fixtures use.
#[derive(Clone, Copy)]
enum Encoding {
    /// Windows-1252, as Excel writes "CSV (semicolon)" in a European locale.
    Windows1252,
    /// UTF-8 with a byte-order mark ("CSV UTF-8").
    Utf8Bom,
    /// UTF-16LE with a byte-order mark ("Unicode text").
    Utf16LeBom,
}

/// Writes one sheet as a delimited text file, the way Excel exports it: every row of the
/// sheet padded to its width, fields quoted only when they hold the delimiter, a quote or a
/// line break, an in-cell line break kept as LF.
fn write_delimited(
    path: &Path,
    sheet: &Sheet,
    delimiter: u8,
    crlf: bool,
    encoding: Encoding,
) -> Result<(), Box<dyn Error>> {
    let terminator = if crlf {
        csv::Terminator::CRLF
    } else {
        csv::Terminator::Any(b'\n')
    };
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .terminator(terminator)
        .quote_style(csv::QuoteStyle::Necessary)
        .from_writer(Vec::new());
    for row in &sheet.rows {
        let fields: Vec<String> = row
            .cells
            .iter()
            .map(|cell| match cell {
                Cell::Empty => String::new(),
                Cell::Text(text) => text.clone(),
                Cell::Date(y, m, d) => format!("{d:02}/{m:02}/{y:04}"),
            })
            .collect();
        writer.write_record(&fields)?;
    }
    let text = String::from_utf8(writer.into_inner().map_err(|e| e.to_string())?)?;
    let bytes = match encoding {
        Encoding::Windows1252 => windows_1252(&text).map_err(|c| {
            format!(
                "{}: {c:?} (U+{:04X}) has no windows-1252 form",
                path.display(),
                c as u32
            )
        })?,
        Encoding::Utf8Bom => {
            let mut bytes = vec![0xEF, 0xBB, 0xBF];
            bytes.extend_from_slice(text.as_bytes());
            bytes
        }
        Encoding::Utf16LeBom => {
            let mut bytes = vec![0xFF, 0xFE];
            bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
            bytes
        }
    };
    write_file(path, &bytes)
}

/// Encodes to Windows-1252, or returns the first character it cannot represent (encoding_rs
/// would otherwise write it as an HTML numeric reference without failing).
fn windows_1252(text: &str) -> Result<Vec<u8>, char> {
    let mut buf = [0u8; 4];
    for c in text.chars() {
        let (_, _, unmappable) = encoding_rs::WINDOWS_1252.encode(c.encode_utf8(&mut buf));
        if unmappable {
            return Err(c);
        }
    }
    Ok(encoding_rs::WINDOWS_1252.encode(text).0.into_owned())
}

/// Writes bytes, with the path in the error.
fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Box<dyn Error>> {
    fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()).into())
}

/// Writes one sheet as an xlsx workbook in the 1904 date system: the files of a minimal
/// SpreadsheetML package (inline strings, a dd/mm/yyyy style for dates), zipped stored.
fn write_xlsx_1904(path: &Path, sheet: &Sheet) -> Result<(), Box<dyn Error>> {
    const MAIN_NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    const REL_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    const PKG_REL_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
    const DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

    let content_types = format!(
        "{DECL}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
<Default Extension=\"xml\" ContentType=\"application/xml\"/>\
<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>\
<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>\
<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>\
</Types>"
    );
    let root_rels = format!(
        "{DECL}<Relationships xmlns=\"{PKG_REL_NS}\">\
<Relationship Id=\"rId1\" Type=\"{REL_NS}/officeDocument\" Target=\"xl/workbook.xml\"/>\
</Relationships>"
    );
    let workbook = format!(
        "{DECL}<workbook xmlns=\"{MAIN_NS}\" xmlns:r=\"{REL_NS}\"><workbookPr date1904=\"1\"/>\
<sheets><sheet name=\"{}\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
        xml_escape(&sheet.name)
    );
    let workbook_rels = format!(
        "{DECL}<Relationships xmlns=\"{PKG_REL_NS}\">\
<Relationship Id=\"rId1\" Type=\"{REL_NS}/worksheet\" Target=\"worksheets/sheet1.xml\"/>\
<Relationship Id=\"rId2\" Type=\"{REL_NS}/styles\" Target=\"styles.xml\"/>\
</Relationships>"
    );
    // Styles: 0 default, 1 date (dd/mm/yyyy), 2 wrapped text, 3 bold.
    let styles = format!(
        "{DECL}<styleSheet xmlns=\"{MAIN_NS}\">\
<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\"/></numFmts>\
<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/></font>\
<font><b/><sz val=\"11\"/><name val=\"Calibri\"/></font></fonts>\
<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill>\
<fill><patternFill patternType=\"gray125\"/></fill></fills>\
<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>\
<cellXfs count=\"4\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>\
<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\" applyAlignment=\"1\"><alignment horizontal=\"left\" vertical=\"top\"/></xf>\
<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyAlignment=\"1\"><alignment vertical=\"top\" wrapText=\"1\"/></xf>\
<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/></cellXfs>\
<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>\
</styleSheet>"
    );
    let mut sheet_xml = format!("{DECL}<worksheet xmlns=\"{MAIN_NS}\"><cols>");
    for (i, width) in sheet.widths.iter().enumerate() {
        let n = i + 1;
        write!(
            sheet_xml,
            "<col min=\"{n}\" max=\"{n}\" width=\"{width}\" customWidth=\"1\"/>"
        )?;
    }
    sheet_xml.push_str("</cols><sheetData>");
    for (r, row) in sheet.rows.iter().enumerate() {
        let r = r + 1;
        write!(sheet_xml, "<row r=\"{r}\">")?;
        let text_style = if row.kind == RowKind::Data { 2 } else { 3 };
        for (c, cell) in row.cells.iter().enumerate() {
            let reference = format!("{}{r}", column_letter(c));
            match cell {
                Cell::Empty => {}
                Cell::Text(text) => write!(
                    sheet_xml,
                    "<c r=\"{reference}\" s=\"{text_style}\" t=\"inlineStr\"><is><t xml:space=\"preserve\">{}</t></is></c>",
                    xml_escape(text)
                )?,
                Cell::Date(y, m, d) => write!(
                    sheet_xml,
                    "<c r=\"{reference}\" s=\"1\"><v>{}</v></c>",
                    serial_1904(*y, *m, *d)
                )?,
            }
        }
        sheet_xml.push_str("</row>");
    }
    sheet_xml.push_str("</sheetData></worksheet>");

    let zip = stored_zip(&[
        ("[Content_Types].xml", content_types.as_bytes()),
        ("_rels/.rels", root_rels.as_bytes()),
        ("xl/workbook.xml", workbook.as_bytes()),
        ("xl/_rels/workbook.xml.rels", workbook_rels.as_bytes()),
        ("xl/styles.xml", styles.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet_xml.as_bytes()),
    ])?;
    write_file(path, &zip)
}

/// A1 column letters of a 0-based column (the tables are at most 8 wide).
fn column_letter(col: usize) -> char {
    char::from(b'A' + (col % 26) as u8)
}

/// Escapes text for XML content and attributes.
fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Excel serial of a date in the 1904 system: days since 1904-01-01.
fn serial_1904(y: u16, m: u8, d: u8) -> i64 {
    days_from_civil(i64::from(y), i64::from(m), i64::from(d)) - days_from_civil(1904, 1, 1)
}

/// CRC-32 (IEEE), bitwise: the inputs are a few kilobytes.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A zip archive of stored (uncompressed) entries, with a fixed 1980-01-01 timestamp.
fn stored_zip(entries: &[(&str, &[u8])]) -> Result<Vec<u8>, Box<dyn Error>> {
    const DOS_TIME: u16 = 0;
    const DOS_DATE: u16 = (1 << 5) | 1;
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in entries {
        let offset = u32::try_from(out.len())?;
        let size = u32::try_from(data.len())?;
        let name_len = u16::try_from(name.len())?;
        let crc = crc32(data);
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        for field in [20u16, 0, 0, DOS_TIME, DOS_DATE] {
            out.extend_from_slice(&field.to_le_bytes());
        }
        for field in [crc, size, size] {
            out.extend_from_slice(&field.to_le_bytes());
        }
        out.extend_from_slice(&name_len.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);

        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        for field in [20u16, 20, 0, 0, DOS_TIME, DOS_DATE] {
            central.extend_from_slice(&field.to_le_bytes());
        }
        for field in [crc, size, size] {
            central.extend_from_slice(&field.to_le_bytes());
        }
        for field in [name_len, 0, 0, 0, 0] {
            central.extend_from_slice(&field.to_le_bytes());
        }
        central.extend_from_slice(&0u32.to_le_bytes());
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name.as_bytes());
    }
    let central_offset = u32::try_from(out.len())?;
    let central_size = u32::try_from(central.len())?;
    let count = u16::try_from(entries.len())?;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    for field in [0u16, 0, count, count] {
        out.extend_from_slice(&field.to_le_bytes());
    }
    out.extend_from_slice(&central_size.to_le_bytes());
    out.extend_from_slice(&central_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    Ok(out)
}

/// Writes every sample and fixture under `root`.
fn run(root: &Path) -> Result<Vec<PathBuf>, Box<dyn Error>> {
    let input = root.join("input");
    let fixtures = root.join("tests").join("fixtures");
    for dir in [&input, &fixtures] {
        fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let mut written = Vec::new();
    let mut out = |path: PathBuf| {
        written.push(path.clone());
        path
    };

    let as_seed_2017 = Layout {
        headers: &HEADERS_2017,
        order: [0, 1, 2, 3, 4],
        date_cells_in: None,
    };
    let as_seed_2020 = Layout {
        headers: &HEADERS_2020,
        order: [0, 1, 2, 3, 4, 5, 6, 7],
        date_cells_in: None,
    };
    let sheet_2017 = sheet(
        "Workplan 2017-2019",
        WORKPLAN_2017,
        &as_seed_2017,
        &WIDTHS_2017,
    );
    let sheet_2020 = sheet("Workplan 2020+", WORKPLAN_2020, &as_seed_2020, &WIDTHS_2020);

    // The samples shipped in input/.
    write_xlsx(
        &out(input.join("workplan-2017-2019.xlsx")),
        "Workplan 2017-2019",
        std::slice::from_ref(&sheet_2017),
    )?;
    write_xlsx(
        &out(input.join("workplan-2020.xlsx")),
        "Workplan 2020+",
        std::slice::from_ref(&sheet_2020),
    )?;
    write_delimited(
        &out(input.join("workplan-2020.csv")),
        &sheet_2020,
        b';',
        true,
        Encoding::Windows1252,
    )?;

    // a) columns reordered, header variants.
    let reordered = Layout {
        headers: &HEADERS_2020_VARIANT,
        order: ORDER_2020_REORDERED,
        date_cells_in: None,
    };
    write_xlsx(
        &out(fixtures.join("reordered-2020.xlsx")),
        "Workplan 2020+",
        &[sheet(
            "Workplan 2020+",
            WORKPLAN_2020,
            &reordered,
            &WIDTHS_2020,
        )],
    )?;

    // b) French headers, one sheet per category, real date cells.
    let french = Layout {
        headers: &HEADERS_2017_FR,
        order: [0, 1, 2, 3, 4],
        date_cells_in: Some(DATE_COL_2017),
    };
    write_xlsx(
        &out(fixtures.join("french-2017-2019.xlsx")),
        "Plan de travail 2017-2019",
        &sheets_by_category(&french),
    )?;

    // c) real date cells in the 1904 date system.
    let with_dates = Layout {
        headers: &HEADERS_2017,
        order: [0, 1, 2, 3, 4],
        date_cells_in: Some(DATE_COL_2017),
    };
    write_xlsx_1904(
        &out(fixtures.join("workplan-2017-2019-1904.xlsx")),
        &sheet(
            "Workplan 2017-2019",
            WORKPLAN_2017,
            &with_dates,
            &WIDTHS_2017,
        ),
    )?;

    // d) e) f) the same sheets exported as text.
    write_delimited(
        &out(fixtures.join("workplan-2017-2019.csv")),
        &sheet_2017,
        b';',
        true,
        Encoding::Windows1252,
    )?;
    write_delimited(
        &out(fixtures.join("workplan-2020-utf8.csv")),
        &sheet_2020,
        b',',
        false,
        Encoding::Utf8Bom,
    )?;
    write_delimited(
        &out(fixtures.join("workplan-2020.tsv")),
        &sheet_2020,
        b'\t',
        true,
        Encoding::Utf16LeBom,
    )?;
    Ok(written)
}

fn main() -> ExitCode {
    let Some(root) = std::env::args_os().nth(1) else {
        eprintln!("usage: make_samples <repo root>");
        return ExitCode::from(2);
    };
    match run(Path::new(&root)) {
        Ok(written) => {
            for path in written {
                println!("{}", path.display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("make_samples: {e}");
            ExitCode::FAILURE
        }
    }
}
