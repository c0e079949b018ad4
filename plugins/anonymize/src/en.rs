//! The English recogniser: capitalised word sequences checked against given-name and
//! surname lists and a gazetteer of countries, US states and cities, with honorifics and
//! context patterns (`Mr. Smith`, `Springfield , Ohio`).

use crate::data::{en, EnKind};
use crate::entity::EntityType;
use crate::zh::Cand;

/// Titles before a person's name.
const HONORIFICS: &[&str] = &[
    "Brigadier",
    "Senior",
    "Junior",
    "Juniors",
    "Seniors",
    "Sophomore",
    "Freshman",
    "Private",
    "Corporal",
    "Marshal",
    "Vice",
    "Deputy",
    "Chief",
    "Guitarist",
    "Drummer",
    "Singer",
    "Bassist",
    "Pianist",
    "Composer",
    "Poet",
    "Author",
    "Writer",
    "Producer",
    "Director",
    "Actor",
    "Actress",
    "Coroner",
    "Sheriff",
    "Dean",
    "Rabbi",
    "Imam",
    "Cardinal",
    "Elder",
    "Manager",
    "Engineer",
    "Madame",
    "Mademoiselle",
    "Monsieur",
    "Herr",
    "Frau",
    "Señor",
    "Señora",
    "DJ",
    "MC",
    "Mr",
    "Mr.",
    "Mrs",
    "Mrs.",
    "Ms",
    "Ms.",
    "Miss",
    "Dr",
    "Dr.",
    "Prof",
    "Prof.",
    "Sir",
    "Dame",
    "Lady",
    "Lord",
    "Mx",
    "Mx.",
    "Madam",
    "Mme",
    "Mme.",
    "Rev",
    "Rev.",
    "Fr.",
    "President",
    "Senator",
    "Governor",
    "Gov.",
    "Sen.",
    "Rep.",
    "Judge",
    "Justice",
    "Captain",
    "Capt.",
    "General",
    "Gen.",
    "Colonel",
    "Col.",
    "Lieutenant",
    "Lt.",
    "Sgt.",
    "Sergeant",
    "Major",
    "Professor",
    "Doctor",
    "Bishop",
    "Archbishop",
    "Pope",
    "King",
    "Queen",
    "Prince",
    "Princess",
    "Duke",
    "Duchess",
    "Count",
    "Countess",
    "Baron",
    "Emperor",
    "Chancellor",
    "Minister",
    "Mayor",
    "Chairman",
    "Coach",
    "Saint",
    "Officer",
    "Detective",
    "Inspector",
    "Agent",
    "Pastor",
    "Father",
    "Sister",
    "Brother",
    "Uncle",
    "Aunt",
    "Admiral",
    "Commander",
    "Premier",
    "Sheikh",
    "Ambassador",
    "Secretary",
];

/// Capitalised words that are not names even when a name list holds them.
const COMMON: &[&str] = &[
    "Everyone",
    "Everybody",
    "Everything",
    "Someone",
    "Somebody",
    "Something",
    "Nobody",
    "Nothing",
    "Anyone",
    "Anybody",
    "Anything",
    "None",
    "Later",
    "Earlier",
    "Meanwhile",
    "Afterwards",
    "Eventually",
    "Finally",
    "Soon",
    "Still",
    "Even",
    "Only",
    "Just",
    "Yet",
    "Thus",
    "Hence",
    "Therefore",
    "Moreover",
    "Besides",
    "Instead",
    "Perhaps",
    "Maybe",
    "Sometimes",
    "Often",
    "Never",
    "Always",
    "Once",
    "Both",
    "Either",
    "Neither",
    "Such",
    "Several",
    "Other",
    "Another",
    "Any",
    "Following",
    "According",
    "Despite",
    "Unlike",
    "Like",
    "Under",
    "Over",
    "Between",
    "Among",
    "Against",
    "Through",
    "Without",
    "Within",
    "Upon",
    "About",
    "Above",
    "Below",
    "Near",
    "Along",
    "The",
    "A",
    "An",
    "In",
    "On",
    "At",
    "Of",
    "For",
    "From",
    "To",
    "By",
    "With",
    "And",
    "Or",
    "But",
    "If",
    "As",
    "It",
    "Its",
    "He",
    "She",
    "They",
    "We",
    "I",
    "You",
    "His",
    "Her",
    "Their",
    "Our",
    "My",
    "Your",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "Here",
    "When",
    "Where",
    "What",
    "Who",
    "Why",
    "How",
    "After",
    "Before",
    "During",
    "While",
    "Since",
    "Although",
    "Though",
    "However",
    "Also",
    "Then",
    "Now",
    "Today",
    "Yesterday",
    "Tomorrow",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "North",
    "South",
    "East",
    "West",
    "Northern",
    "Southern",
    "Eastern",
    "Western",
    "Central",
    "New",
    "Old",
    "Great",
    "Little",
    "Big",
    "Upper",
    "Lower",
    "University",
    "College",
    "School",
    "Church",
    "Street",
    "Road",
    "Avenue",
    "River",
    "Lake",
    "Mount",
    "Club",
    "Party",
    "Company",
    "Records",
    "Band",
    "Team",
    "League",
    "Cup",
    "Award",
    "Awards",
    "Prize",
    "Album",
    "Song",
    "Film",
    "Series",
    "Season",
    "Episode",
    "Book",
    "War",
    "Battle",
    "Act",
    "Bill",
    "Law",
    "Court",
    "House",
    "Senate",
    "Congress",
    "Parliament",
    "Council",
    "Committee",
    "Department",
    "Ministry",
    "Office",
    "Bank",
    "Group",
    "Inc",
    "Ltd",
    "Corp",
    "Co",
    "Union",
    "National",
    "International",
    "Royal",
    "Federal",
    "State",
    "City",
    "County",
    "Province",
    "District",
    "Region",
    "Republic",
    "Kingdom",
    "Empire",
    "Christmas",
    "Easter",
    "God",
    "Lord",
    "Jesus",
    "Christ",
    "English",
    "French",
    "German",
    "American",
    "British",
    "Chinese",
    "Japanese",
    "Russian",
    "Spanish",
    "Italian",
    "Irish",
    "Scottish",
    "Welsh",
    "European",
    "African",
    "Asian",
    "Canadian",
    "Australian",
    "Indian",
    "Mexican",
    "Dutch",
    "Swedish",
    "Norwegian",
    "Polish",
    "Greek",
    "Turkish",
    "Jewish",
    "Muslim",
    "Christian",
    "Catholic",
    "Protestant",
    "Democrat",
    "Republican",
    "Democratic",
    "Liberal",
    "Conservative",
    "Labour",
    "Olympic",
    "Olympics",
    "World",
    "Championship",
    "Championships",
    "Division",
    "Premier",
    "Grand",
    "Prix",
    "Open",
    "Games",
    "Station",
    "Airport",
    "Hospital",
    "Museum",
    "Library",
    "Park",
    "Square",
    "Bridge",
    "Tower",
    "Hall",
    "Centre",
    "Center",
    "Institute",
    "Foundation",
    "Association",
    "Society",
    "Army",
    "Navy",
    "Air",
    "Force",
    "Police",
    "史",
    "Mr",
    "Mrs",
    "Dr",
    "Sir",
    "Star",
    "Sun",
    "Moon",
    "Earth",
    "Love",
    "Rock",
    "Pop",
    "Jazz",
    "Blues",
    "Gold",
    "Silver",
    "Black",
    "White",
    "Red",
    "Blue",
    "Green",
    "Brown",
    "Young",
    "Will",
    "Can",
    "Page",
    "Best",
    "Most",
    "More",
    "Many",
    "Some",
    "All",
    "Every",
    "Each",
    "No",
    "Not",
    "One",
    "Two",
    "Three",
    "First",
    "Second",
    "Third",
    "Last",
    "Next",
    "Early",
    "Late",
    "Post",
    "Pre",
    "Vol",
    "Part",
    "Chapter",
    "Section",
    "See",
    "Note",
    "Notes",
    "References",
    "External",
    "Links",
    "Career",
    "Life",
    "Death",
    "History",
    "Early",
    "Personal",
    "Discography",
    "Filmography",
    "Live",
    "Radio",
    "TV",
    "Television",
    "News",
    "Times",
    "Journal",
    "Magazine",
    "Review",
    "Press",
    "Daily",
    "Weekly",
    "Studio",
    "Studios",
    "Music",
    "Entertainment",
    "Media",
    "Network",
];

/// Words that make a capitalised sequence an organisation or a work, not a person.
const ORG_WORDS: &[&str] = &[
    "Day",
    "Design",
    "Wing",
    "Lines",
    "Organisation",
    "Organization",
    "Mission",
    "Diocese",
    "Catholic",
    "Cruise",
    "Games",
    "Motors",
    "Systems",
    "Software",
    "Technologies",
    "University",
    "College",
    "School",
    "Club",
    "Party",
    "Company",
    "Records",
    "Band",
    "Inc",
    "Inc.",
    "Ltd",
    "Ltd.",
    "Corp",
    "Corp.",
    "Corporation",
    "Association",
    "Society",
    "Council",
    "Committee",
    "Bank",
    "Group",
    "Institute",
    "Foundation",
    "Church",
    "Museum",
    "Hospital",
    "Airlines",
    "Airways",
    "Press",
    "Times",
    "News",
    "League",
    "Cup",
    "Award",
    "Awards",
    "F.C.",
    "FC",
    "United",
    "Athletic",
    "Rovers",
    "Wanderers",
    "Brothers",
    "Studios",
    "Studio",
    "Entertainment",
    "Network",
    "Department",
    "Ministry",
    "Agency",
    "Army",
    "Navy",
    "Force",
    "Police",
    "Orchestra",
    "Choir",
    "Theatre",
    "Theater",
    "Festival",
    "Championship",
    "Championships",
    "Tour",
    "Series",
    "Album",
    "Hotel",
    "Academy",
    "Union",
    "Federation",
    "Senate",
    "Parliament",
    "Congress",
    "Court",
    "Center",
    "Centre",
    "Library",
    "Magazine",
    "Journal",
    "Review",
    "Chronicle",
    "Sentinel",
    "Herald",
    "Tribune",
    "Gazette",
    "Telegraph",
    "Courier",
    "Observer",
    "Examiner",
    "Inquirer",
    "Corps",
    "Exchange",
    "Assembly",
    "Government",
    "Commonwealth",
    "Unified",
    "Base",
];

/// Places the gazetteer lacks: parts of countries, continents, regions, abbreviations.
const EXTRA_PLACES: &[&str] = &[
    "UK",
    "U.K.",
    "U. K.",
    "US",
    "U.S.",
    "U. S.",
    "USA",
    "U.S.A.",
    "U. S. A.",
    "NYC",
    "L.A.",
    "L. A.",
    "UAE",
    "USSR",
    "England",
    "Scotland",
    "Wales",
    "Northern Ireland",
    "Britain",
    "Great Britain",
    "America",
    "Europe",
    "Africa",
    "Asia",
    "Oceania",
    "Antarctica",
    "North America",
    "South America",
    "Central America",
    "Latin America",
    "Middle East",
    "Far East",
    "Scandinavia",
    "Caribbean",
    "Siberia",
    "Soviet Union",
    "Holland",
    "Persia",
    "Korea",
    "Flanders",
    "Normandy",
    "Bavaria",
    "Prussia",
    "Yorkshire",
    "Lincolnshire",
    "Tasmania",
    "West Africa",
    "East Africa",
    "North Africa",
    "Southern California",
    "West Germany",
    "East Germany",
    "New England",
    "Midwest",
    "Balkans",
    "Vegas",
    "Ottoman Empire",
    "Russian Empire",
    "Roman Empire",
    "Byzantine Empire",
    "Mediterranean",
    "Atlantic",
    "Pacific",
    "Arctic",
    "Sahara",
    "Himalayas",
    "Alps",
    "Andes",
    "Rhine",
    "Danube",
    "Nile",
    "Amazon",
    "Mississippi",
    "Thames",
    "Hong Kong",
    "Macau",
    "Taiwan",
    // Provinces, states and regions of other countries (written for docpipe).
    "Ontario",
    "Quebec",
    "Québec",
    "British Columbia",
    "Alberta",
    "Manitoba",
    "Saskatchewan",
    "Nova Scotia",
    "New Brunswick",
    "Newfoundland",
    "Newfoundland and Labrador",
    "Bosnia and Herzegovina",
    "Trinidad and Tobago",
    "Antigua and Barbuda",
    "Saint Kitts and Nevis",
    "Sao Tome and Principe",
    "Turks and Caicos Islands",
    "Heard Island and McDonald Islands",
    "Prince Edward Island",
    "Yukon",
    "Nunavut",
    "Northwest Territories",
    "New South Wales",
    "Queensland",
    "South Australia",
    "Western Australia",
    "Northern Territory",
    "Hampshire",
    "Essex",
    "Sussex",
    "East Sussex",
    "West Sussex",
    "Surrey",
    "Berkshire",
    "Oxfordshire",
    "Buckinghamshire",
    "Hertfordshire",
    "Bedfordshire",
    "Cambridgeshire",
    "Norfolk",
    "Suffolk",
    "Nottinghamshire",
    "Derbyshire",
    "Leicestershire",
    "Northamptonshire",
    "Warwickshire",
    "Worcestershire",
    "Gloucestershire",
    "Herefordshire",
    "Shropshire",
    "Staffordshire",
    "Cheshire",
    "Lancashire",
    "Merseyside",
    "Cumbria",
    "Northumberland",
    "Devon",
    "Cornwall",
    "Dorset",
    "Somerset",
    "Wiltshire",
    "Middlesex",
    "Greater London",
    "Greater Manchester",
    "West Midlands",
    "East Anglia",
    "Hesse",
    "Saxony",
    "Lower Saxony",
    "Thuringia",
    "Baden-Württemberg",
    "Rhineland-Palatinate",
    "North Rhine-Westphalia",
    "Schleswig-Holstein",
    "Brittany",
    "Burgundy",
    "Provence",
    "Alsace",
    "Picardy",
    "Aquitaine",
    "Corsica",
    "Tuscany",
    "Lombardy",
    "Sicily",
    "Sardinia",
    "Piedmont",
    "Calabria",
    "Catalonia",
    "Andalusia",
    "Galicia",
    "Basque Country",
    "Castile",
    "Punjab",
    "Kerala",
    "Tamil Nadu",
    "Karnataka",
    "Maharashtra",
    "Gujarat",
    "Rajasthan",
    "Bihar",
    "Bengal",
    "West Bengal",
    "Uttar Pradesh",
    "Kashmir",
    "Assam",
    "Guangdong",
    "Sichuan",
    "Yunnan",
    "Fujian",
    "Zhejiang",
    "Jiangsu",
    "Shandong",
    "Henan",
    "Hubei",
    "Hunan",
    "Hebei",
    "Shanxi",
    "Shaanxi",
    "Gansu",
    "Guizhou",
    "Jiangxi",
    "Anhui",
    "Liaoning",
    "Heilongjiang",
    "Tibet",
    "Xinjiang",
    "Inner Mongolia",
    "Manchuria",
    "Luzon",
    "Mindanao",
    "Sumatra",
    "Borneo",
    "Bali",
    "Sulawesi",
    "Honshu",
    "Hokkaido",
    "Kyushu",
    "Okinawa",
    "Deep South",
    "Appalachia",
    "Patagonia",
    "Anatolia",
    "Mesopotamia",
    "Arabia",
    "Caucasus",
    "Crimea",
    "Iberia",
    "Indochina",
    "Polynesia",
    "Melanesia",
    "Micronesia",
    "Southeast Asia",
    "South Asia",
    "East Asia",
    "Central Asia",
    "Western Europe",
    "Eastern Europe",
    "Northern Europe",
    "Southern Europe",
    "Central Europe",
    "East Indies",
    "West Indies",
    "Rockies",
    "Pyrenees",
    "Urals",
    "Yangtze",
    "Ganges",
    "Volga",
    "Seine",
    "Tigris",
    "Euphrates",
    "Mekong",
];

/// Common Chinese surnames in pinyin (written for docpipe), for names such as `Wang Lei`.
const PINYIN_SURNAMES: &[&str] = &[
    "Wang",
    "Li",
    "Zhang",
    "Liu",
    "Chen",
    "Yang",
    "Huang",
    "Zhao",
    "Wu",
    "Zhou",
    "Xu",
    "Sun",
    "Ma",
    "Zhu",
    "Hu",
    "Guo",
    "He",
    "Gao",
    "Lin",
    "Luo",
    "Zheng",
    "Liang",
    "Xie",
    "Song",
    "Tang",
    "Han",
    "Feng",
    "Deng",
    "Cao",
    "Peng",
    "Zeng",
    "Xiao",
    "Tian",
    "Dong",
    "Pan",
    "Yuan",
    "Cai",
    "Jiang",
    "Yu",
    "Du",
    "Ye",
    "Cheng",
    "Wei",
    "Su",
    "Ding",
    "Ren",
    "Lu",
    "Yao",
    "Shen",
    "Zhong",
    "Cui",
    "Tan",
    "Fan",
    "Liao",
    "Shi",
    "Jin",
    "Jia",
    "Xia",
    "Fu",
    "Fang",
    "Zou",
    "Xiong",
    "Bai",
    "Meng",
    "Qin",
    "Qiu",
    "Hou",
    "Yin",
    "Xue",
    "Yan",
    "Duan",
    "Lei",
    "Long",
    "Shao",
    "Qian",
    "Mao",
    "Hao",
    "Kong",
    "Wan",
    "Gu",
    "Lai",
    "Kang",
    "Dou",
    "Qi",
    "Qu",
    "Hua",
    "Mo",
    "Bao",
    "Xiang",
    "Niu",
    "Ouyang",
    "Sima",
    "Zhuge",
    "Shangguan",
    "Situ",
    "Murong",
];

/// The syllables of Mandarin pinyin, without tones.
const PINYIN_SYLLABLES: &str = "a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie \
    bin bing bo bu ca cai can cang cao ce cen ceng cha chai chan chang chao che chen cheng chi \
    chong chou chu chua chuai chuan chuang chui chun chuo ci cong cou cu cuan cui cun cuo da dai \
    dan dang dao de dei den deng di dian diao die ding diu dong dou du duan dui dun duo e ei en \
    eng er fa fan fang fei fen feng fo fou fu ga gai gan gang gao ge gei gen geng gong gou gu gua \
    guai guan guang gui gun guo ha hai han hang hao he hei hen heng hong hou hu hua huai huan \
    huang hui hun huo ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun ka kai kan \
    kang kao ke ken keng kong kou ku kua kuai kuan kuang kui kun kuo la lai lan lang lao le lei \
    leng li lia lian liang liao lie lin ling liu long lou lu lv luan lue lun luo ma mai man mang \
    mao me mei men meng mi mian miao mie min ming miu mo mou mu na nai nan nang nao ne nei nen \
    neng ni nian niang niao nie nin ning niu nong nou nu nv nuan nue nuo o ou pa pai pan pang pao \
    pei pen peng pi pian piao pie pin ping po pou pu qi qia qian qiang qiao qie qin qing qiong \
    qiu qu quan que qun ran rang rao re ren reng ri rong rou ru ruan rui run ruo sa sai san sang \
    sao se sen seng sha shai shan shang shao she shei shen sheng shi shou shu shua shuai shuan \
    shuang shui shun shuo si song sou su suan sui sun suo ta tai tan tang tao te teng ti tian \
    tiao tie ting tong tou tu tuan tui tun tuo wa wai wan wang wei wen weng wo wu xi xia xian \
    xiang xiao xie xin xing xiong xiu xu xuan xue xun ya yan yang yao ye yi yin ying yo yong you \
    yu yuan yue yun za zai zan zang zao ze zei zen zeng zha zhai zhan zhang zhao zhe zhen zheng \
    zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo zi zong zou zu zuan zui zun zuo";

/// Whether `w` is a pinyin given name: one or two syllables (`Lei`, `Jiande`, `Xiao-ping`).
fn pinyin_given(w: &str) -> bool {
    let lower: String = w
        .chars()
        .filter(|c| *c != '-' && *c != '\'')
        .flat_map(char::to_lowercase)
        .collect();
    if lower.len() < 2 || !lower.chars().all(|c| c.is_ascii_lowercase()) {
        return false;
    }
    let syllable = |s: &str| PINYIN_SYLLABLES.split_ascii_whitespace().any(|p| p == s);
    // One syllable, or two (any split point).
    syllable(&lower) || (1..lower.len()).any(|k| syllable(&lower[..k]) && syllable(&lower[k..]))
}

/// Lowercase words naming a role just before a person's name (`jazz musician Ann Lee`,
/// `a daughter named Jo Park`).
const ROLE_WORDS: &[&str] = &[
    "musician",
    "singer",
    "guitarist",
    "drummer",
    "bassist",
    "pianist",
    "violinist",
    "composer",
    "conductor",
    "songwriter",
    "rapper",
    "vocalist",
    "keyboardist",
    "saxophonist",
    "actor",
    "actress",
    "artist",
    "painter",
    "sculptor",
    "photographer",
    "writer",
    "author",
    "poet",
    "novelist",
    "journalist",
    "producer",
    "filmmaker",
    "player",
    "striker",
    "midfielder",
    "defender",
    "goalkeeper",
    "pitcher",
    "quarterback",
    "coach",
    "manager",
    "teammate",
    "wrestler",
    "boxer",
    "athlete",
    "engineer",
    "operator",
    "architect",
    "scientist",
    "physicist",
    "chemist",
    "mathematician",
    "philosopher",
    "historian",
    "economist",
    "professor",
    "lecturer",
    "teacher",
    "student",
    "scholar",
    "senator",
    "governor",
    "mayor",
    "diplomat",
    "politician",
    "councillor",
    "councilor",
    "sheriff",
    "judge",
    "lawyer",
    "attorney",
    "emperor",
    "empress",
    "sultan",
    "warlord",
    "sorcerer",
    "queen",
    "king",
    "colonel",
    "admiral",
    "lieutenant",
    "sergeant",
    "soldier",
    "bishop",
    "archbishop",
    "priest",
    "pastor",
    "monk",
    "rabbi",
    "imam",
    "father",
    "mother",
    "son",
    "daughter",
    "wife",
    "husband",
    "brother",
    "sister",
    "uncle",
    "aunt",
    "cousin",
    "nephew",
    "niece",
    "grandfather",
    "grandmother",
    "grandson",
    "granddaughter",
    "widow",
    "girlfriend",
    "boyfriend",
    "friend",
    "named",
    "née",
    "nee",
    "alias",
    "dubbed",
    "founder",
    "co-founder",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "businessman",
    "businesswoman",
    "entrepreneur",
    "comedian",
    "dancer",
    "chef",
    "surgeon",
    "detective",
];

/// Titles inside a capitalised run that start a person's name (`Texas Coach Ann Lee`).
const INNER_TITLES: &[&str] = &[
    "Sheriff",
    "Coach",
    "Manager",
    "Engineer",
    "Senator",
    "Governor",
    "Mayor",
    "President",
    "Judge",
    "Captain",
    "Colonel",
    "Lieutenant",
    "Sergeant",
    "Admiral",
    "Commander",
    "Director",
    "Chairman",
    "Minister",
    "Detective",
    "Inspector",
    "Officer",
    "Professor",
    "Ambassador",
    "Chancellor",
    "Bishop",
    "Archbishop",
    "Mr.",
    "Mrs.",
    "Ms.",
    "Dr.",
];

/// Lowercase nouns that make the subject of `X is a …` a place (`Ashby is a village`).
const PLACE_NOUNS: &[&str] = &[
    "village",
    "town",
    "city",
    "hamlet",
    "suburb",
    "municipality",
    "parish",
    "commune",
    "borough",
    "county",
    "district",
    "settlement",
    "neighbourhood",
    "neighborhood",
    "river",
    "lake",
    "mountain",
    "island",
    "region",
    "province",
    "capital",
    "port",
    "township",
    "locality",
    "community",
];

/// Lowercase nouns before `of` that make the next capitalised run a place
/// (`the town of Ashby`, `mayor of Leeds`).
const PLACE_OF: &[&str] = &[
    "invasion",
    "villages",
    "towns",
    "cities",
    "out",
    "village",
    "town",
    "city",
    "hamlet",
    "suburb",
    "municipality",
    "parish",
    "borough",
    "county",
    "district",
    "province",
    "region",
    "state",
    "capital",
    "outskirts",
    "mayor",
    "native",
    "centre",
    "center",
    "streets",
    "north",
    "south",
    "east",
    "west",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
];

/// Words before `to` that make what follows a person, not a destination
/// (`wrote to Smith`, `instructions to Lee`).
const TO_PERSON: &[&str] = &[
    "wrote",
    "write",
    "writes",
    "letter",
    "letters",
    "instructions",
    "sponsorship",
    "protection",
    "said",
    "told",
    "talked",
    "spoke",
    "married",
    "engaged",
    "introduced",
    "gave",
    "given",
    "sold",
    "lost",
    "related",
    "thanks",
    "tribute",
    "dedicated",
    "succession",
    "successor",
    "heir",
    "reply",
    "replied",
    "message",
    "answer",
    "loyal",
    "close",
    "similar",
    "belonged",
    "according",
    "compared",
    "next",
];

/// Endings of common nouns, not names (`Catholicism`, `Marketing`, `Independence`).
const NOUN_ENDINGS: &[&str] = &[
    "ism", "tion", "sion", "ment", "ness", "ity", "ing", "ance", "ence", "ship", "ogy", "ics",
];

/// Whether `w` is the adjective of a known place (`Korean`, `Texan`, `Chinese`, `Danish`).
fn demonym(d: &crate::data::EnData, w: &str) -> bool {
    let known = |p: &str| d.places.contains_key(p) || EXTRA_PLACES.contains(&p);
    w.ends_with("ese")
        || w.ends_with("ish")
        || w.strip_suffix('n').is_some_and(known)
        || w.strip_suffix("an").is_some_and(known)
        || w.strip_suffix("ian")
            .is_some_and(|r| known(&format!("{r}ia")) || known(r))
}

fn noun_like(w: &str) -> bool {
    NOUN_ENDINGS.iter().any(|e| w.ends_with(e))
}

/// Direction and size words that can start a place name.
const DIRECTIONS: &[&str] = &[
    "North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western", "Central",
    "Upper", "Lower", "New", "Old", "Greater", "Inner", "Outer", "British", "French", "Spanish",
];

/// Last words that make a capitalised run a geographic name.
const GEO_LAST: &[&str] = &[
    "Area",
    "River",
    "Lake",
    "Pond",
    "Brook",
    "Creek",
    "Bay",
    "Beach",
    "Island",
    "Islands",
    "Mountain",
    "Mountains",
    "Valley",
    "County",
    "Province",
    "Junction",
    "Railroad",
    "Railway",
    "Road",
    "Avenue",
    "Ave",
    "Ave.",
    "Street",
    "St.",
    "Square",
    "Sea",
    "Ocean",
    "Coast",
    "Peninsula",
    "Desert",
    "Forest",
    "Hills",
    "Hill",
    "Falls",
    "Canyon",
    "Gulf",
    "Strait",
    "Harbor",
    "Harbour",
    "Empire",
    "Front",
    "Fields",
    "Stadium",
    "Arena",
    "Gym",
    "Park",
    "Bridge",
    "Highway",
    "Boulevard",
    "Lane",
    "Township",
    "Parish",
    "District",
    "Region",
    "Heights",
    "Springs",
    "Glacier",
    "Plateau",
    "Plain",
    "Plains",
    "Basin",
    "Cape",
    "Point",
    "Port",
    "Castle",
    "Palace",
    "Abbey",
    "Cathedral",
    "Rink",
    "Square",
    "Spusk",
    "Prefecture",
    "Oblast",
    "State",
    "City",
    "Town",
    "Village",
];

/// First words that make a capitalised run a geographic name.
const GEO_FIRST: &[&str] = &[
    "Lake", "Mount", "Mt.", "Cape", "Isle", "Fort", "Port", "Gulf", "Bay", "Lac", "Rio", "Sierra",
    "Monte", "Pico",
];

/// Words before a place (`in Paris`, `near Lyon`).
const PLACE_PREPS: &[&str] = &[
    "in",
    "at",
    "near",
    "from",
    "to",
    "into",
    "outside",
    "across",
    "throughout",
    "toward",
    "towards",
    "via",
    "around",
];

/// Lowercase particles inside names (`Ludwig van Beethoven`, `Leonardo da Vinci`).
const PARTICLES: &[&str] = &[
    "van", "von", "de", "der", "den", "da", "di", "del", "della", "du", "la", "le", "bin", "ibn",
    "al", "dos", "das", "ter", "y", "am", "los", "las",
];

#[derive(Debug, Clone)]
struct Word {
    start: usize,
    end: usize,
    text: String,
}

fn words(chars: &[char]) -> Vec<Word> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_alphanumeric() {
            let s = i;
            while i < chars.len()
                && (chars[i].is_alphanumeric()
                    || matches!(chars[i], '\'' | '’' | '-')
                        && chars.get(i + 1).is_some_and(|n| n.is_alphabetic()))
            {
                i += 1;
            }
            // Abbreviations keep their dot: Mr. Dr. St. J.
            let core: String = chars[s..i].iter().collect();
            if i < chars.len()
                && chars[i] == '.'
                && core.chars().count() <= 3
                && core.chars().next().is_some_and(char::is_uppercase)
                && (core.chars().count() == 1
                    || HONORIFICS.contains(&format!("{core}.").as_str())
                    || core == "St")
            {
                i += 1;
            }
            out.push(Word {
                start: s,
                end: i,
                text: chars[s..i].iter().collect(),
            });
        } else if c.is_whitespace() {
            i += 1;
        } else {
            out.push(Word {
                start: i,
                end: i + 1,
                text: c.to_string(),
            });
            i += 1;
        }
    }
    out
}

fn is_cap(w: &str) -> bool {
    let mut cs = w.chars();
    cs.next().is_some_and(|c| c.is_uppercase()) && w.chars().any(|c| c.is_alphabetic())
}

fn is_sentence_start(ws: &[Word], k: usize) -> bool {
    k == 0
        || matches!(
            ws[k - 1].text.as_str(),
            "." | "!" | "?" | ":" | "\"" | "“" | "(" | "'" | "-" | "–" | "—" | ";"
        )
}

/// Words after a person's name (`Budjana also owns`, `Gaudin was`, `Angelo 's`).
const PERSON_VERBS: &[&str] = &[
    "'s",
    "said",
    "says",
    "was",
    "is",
    "has",
    "had",
    "also",
    "died",
    "wrote",
    "became",
    "joined",
    "played",
    "won",
    "got",
    "returned",
    "left",
    "married",
    "started",
    "told",
    "who",
    "himself",
    "herself",
    "recorded",
    "released",
    "signed",
    "scored",
    "born",
    "resigned",
    "decided",
    "claimed",
    "argued",
    "believed",
    "replied",
    "asked",
    "added",
    "explained",
    "stated",
    "received",
    "graduated",
    "studied",
    "worked",
    "moved",
    "retired",
    "appeared",
    "starred",
    "sang",
    "founded",
    "directed",
    "produced",
    "composed",
    "began",
    "agreed",
    "attended",
    "developed",
    "would",
    "could",
    "took",
    "made",
    "gave",
    "went",
    "came",
    "met",
    "sat",
    "ran",
    "served",
    "led",
    "lost",
    "defeated",
    "continued",
    "spent",
    "announced",
    "admitted",
    "denied",
    "wanted",
    "tried",
    "arrived",
    "recognized",
    "recognised",
    "thought",
    "knew",
    "saw",
    "heard",
    "found",
    "migrated",
    "emigrated",
    "converted",
    "taught",
    "performed",
    "toured",
    "competed",
    "coached",
    "accepted",
    "planned",
    "refused",
    "lived",
    "grew",
    "bought",
    "sold",
    "owned",
    "built",
    "designed",
    "invented",
    "discovered",
    "published",
    "translated",
    "painted",
    "remained",
    "tells",
    "believes",
    "arrives",
    "decides",
    "wants",
    "begins",
    "then",
];

/// Past-tense verbs ending in `-ed` that do not follow people (`Paris-based`, `Lyon located`).
const NOT_PERSON_ED: &[&str] = &[
    "based", "named", "called", "located", "situated", "owned", "led", "red", "bed", "need",
    "seed", "feed", "speed", "shed", "united", "limited", "related",
];

fn person_verb_after(ws: &[Word], j: usize) -> bool {
    ws.get(j)
        .is_some_and(|w| PERSON_VERBS.contains(&w.text.as_str()))
        || ws.get(j).is_some_and(|w| {
            w.text.len() >= 5
                && w.text.ends_with("ed")
                && w.text.chars().all(|c| c.is_ascii_lowercase())
                && !NOT_PERSON_ED.contains(&w.text.as_str())
        })
        || ws.get(j).is_some_and(|w| w.text == "'") && ws.get(j + 1).is_some_and(|w| w.text == "s")
        || ws.get(j).is_some_and(|w| w.text == "(")
            && ws.get(j + 1).is_some_and(|w| {
                w.text.chars().all(|c| c.is_ascii_digit() || c == '-') && w.text.len() >= 4
            })
}

/// Whether the word before `i` announces a place: `in`, `near`, `to` (not `wrote to`),
/// or `of` after a place noun (`the town of`, `mayor of`).
fn place_prep_before(ws: &[Word], i: usize) -> bool {
    if i == 0 {
        return false;
    }
    let p = ws[i - 1].text.as_str();
    let before = i.checked_sub(2).map(|k| ws[k].text.to_lowercase());
    if p == "to" {
        return !before.is_some_and(|b| TO_PERSON.contains(&b.as_str()));
    }
    PLACE_PREPS.contains(&p) || p == "of" && before.is_some_and(|b| PLACE_OF.contains(&b.as_str()))
}

/// Whether a lowercase role word (or `such as` after one in the plural) comes before `i`.
fn role_before(ws: &[Word], i: usize) -> bool {
    let role = |k: usize| {
        ws[k].text.chars().all(|c| c.is_lowercase() || c == '-')
            && (ROLE_WORDS.contains(&ws[k].text.as_str())
                || ws[k]
                    .text
                    .strip_suffix('s')
                    .is_some_and(|r| ROLE_WORDS.contains(&r)))
    };
    i > 0 && role(i - 1)
        || i > 3
            && matches!(ws[i - 1].text.as_str(), "as" | "including")
            && (ws[i - 1].text == "including" && role(i - 2)
                || ws[i - 2].text == "such" && role(i - 3))
}

/// Whether a description of a person follows `e`: `( born 1950 )`, `, a French actor`,
/// `, an American singer and songwriter`.
fn role_after(ws: &[Word], e: usize) -> bool {
    let at = |k: usize| ws.get(k).map_or("", |w| w.text.as_str());
    if at(e) == "(" && matches!(at(e + 1), "born" | "née" | "nee") {
        return true;
    }
    at(e) == ","
        && matches!(at(e + 1), "a" | "an" | "the")
        && (e + 2..e + 5).any(|m| {
            ROLE_WORDS.contains(&at(m))
                && (e + 2..m).all(|x| at(x).chars().all(char::is_alphabetic) && !at(x).is_empty())
        })
}

/// Whether the run `a..e` is the subject of `is a village`, `was a small town`, ….
fn place_noun_after(ws: &[Word], e: usize) -> bool {
    if !ws
        .get(e)
        .is_some_and(|w| matches!(w.text.as_str(), "is" | "was"))
        || !ws
            .get(e + 1)
            .is_some_and(|w| matches!(w.text.as_str(), "a" | "an" | "the"))
    {
        return false;
    }
    (e + 2..(e + 5).min(ws.len())).any(|k| {
        PLACE_NOUNS.contains(&ws[k].text.as_str())
            && ws[e + 2..k]
                .iter()
                .all(|w| w.text.chars().all(|c| c.is_lowercase() || c == '-'))
    })
}

/// A verb of action after `j` (`accepted`, `planned`), not `is`, `has` or a possessive,
/// which follow places as often as people.
fn action_verb_after(ws: &[Word], j: usize) -> bool {
    person_verb_after(ws, j)
        && ws.get(j).is_some_and(|w| {
            !matches!(
                w.text.as_str(),
                "'s" | "'"
                    | "("
                    | "is"
                    | "was"
                    | "has"
                    | "had"
                    | "also"
                    | "then"
                    | "would"
                    | "could"
                    | "who"
                    | "became"
            )
        })
}

/// Verbs that follow a person far more often than a thing, for the unknown first word
/// of a sentence (`Trelawny attended …`; not `Revenue grew`, `Traffic increased`).
const SUBJECT_VERBS: &[&str] = &[
    "said",
    "says",
    "told",
    "wrote",
    "died",
    "married",
    "joined",
    "attended",
    "graduated",
    "studied",
    "agreed",
    "decided",
    "claimed",
    "argued",
    "believed",
    "believes",
    "replied",
    "asked",
    "explained",
    "stated",
    "retired",
    "resigned",
    "starred",
    "sang",
    "founded",
    "directed",
    "composed",
    "taught",
    "toured",
    "coached",
    "scored",
    "admitted",
    "denied",
    "insisted",
    "wanted",
    "wants",
    "refused",
    "accepted",
    "planned",
    "lived",
    "knew",
    "thought",
    "tells",
    "decides",
    "arrives",
    "recognized",
    "recognised",
    "emigrated",
    "converted",
    "also",
    "who",
    "himself",
    "herself",
];

/// Participles said of people (`was born`, `was elected`, `has also performed`).
const HUMAN_PARTICIPLES: &[&str] = &[
    "born",
    "married",
    "educated",
    "raised",
    "elected",
    "appointed",
    "awarded",
    "inducted",
    "drafted",
    "traded",
    "hired",
    "nominated",
    "knighted",
    "ordained",
    "baptised",
    "baptized",
    "buried",
    "killed",
    "murdered",
    "executed",
    "wounded",
    "influenced",
    "arrested",
    "convicted",
    "sentenced",
    "imprisoned",
];

/// `was born`, `has also performed`, `was an American singer`, `was a member` after `j`.
fn human_predicate_after(ws: &[Word], j: usize) -> bool {
    let at = |k: usize| ws.get(k).map_or("", |w| w.text.as_str());
    if !matches!(at(j), "is" | "was" | "has" | "had") {
        return false;
    }
    let mut k = j + 1;
    let also = at(k) == "also";
    if also || at(k).ends_with("ly") && at(k).chars().all(|c| c.is_ascii_lowercase()) {
        k += 1;
    }
    if HUMAN_PARTICIPLES.contains(&at(k))
        || also && at(k).ends_with("ed") && at(k).chars().all(|c| c.is_ascii_lowercase())
    {
        return true;
    }
    matches!(at(k), "a" | "an")
        && (k + 1..k + 4).any(|m| {
            (ROLE_WORDS.contains(&at(m)) || at(m) == "member")
                && (k + 1..m).all(|x| at(x).chars().all(char::is_alphabetic) && !at(x).is_empty())
        })
}

/// Last words of a place named after someone, after a possessive (`Ashby 's Mill`).
const POSSESSIVE_GEO_LAST: &[&str] = &[
    "Mill", "Mills", "Landing", "Corner", "Corners", "Ferry", "Crossing", "Wharf", "Cove",
];

fn strip_dot(w: &str) -> &str {
    w.strip_suffix('.').unwrap_or(w)
}

/// Finds English person and place candidates in `chars`.
pub(crate) fn candidates(chars: &[char], want_person: bool, want_place: bool) -> Vec<Cand> {
    let d = en();
    let ws = words(chars);
    let mut out = Vec::new();
    let mut runs = Vec::new();
    let mut k = 0;
    while k < ws.len() {
        if !is_cap(&ws[k].text) {
            k += 1;
            continue;
        }
        // The capitalised run (allowing particles inside).
        let s = k;
        let mut e = k + 1;
        while e < ws.len() {
            if is_cap(&ws[e].text) {
                e += 1;
            } else if ws.get(e + 1).is_some_and(|n| is_cap(&n.text))
                && (ws[e].text == "."
                    && ws[e - 1].text.chars().count() == 1
                    && ws[e - 1].text.chars().all(char::is_uppercase)
                    || PARTICLES.contains(&ws[e].text.as_str()) && e > s)
            {
                e += 2;
            } else if e > s
                && PARTICLES.contains(&ws[e].text.as_str())
                && ws
                    .get(e + 1)
                    .is_some_and(|n| PARTICLES.contains(&n.text.as_str()))
                && ws.get(e + 2).is_some_and(|n| is_cap(&n.text))
            {
                e += 3;
            } else {
                break;
            }
        }
        // A place named after someone: Ashby 's Mill, Kent 's Landing.
        if ws.get(e).is_some_and(|w| w.text == "'s" || w.text == "'")
            && ws
                .get(e + 1)
                .is_some_and(|w| w.text == "s" || is_cap(&w.text))
        {
            let mut g = if ws[e].text == "'" { e + 2 } else { e + 1 };
            let h = g;
            while g < ws.len() && g < h + 3 && is_cap(&ws[g].text) {
                g += 1;
            }
            if g > h
                && e - s <= 2
                && (GEO_LAST.contains(&ws[g - 1].text.as_str())
                    || POSSESSIVE_GEO_LAST.contains(&ws[g - 1].text.as_str()))
            {
                if want_place {
                    out.push(Cand {
                        start: ws[s].start,
                        end: ws[g - 1].end,
                        kind: EntityType::Place,
                        prio: 43,
                    });
                }
                runs.push((s, g));
                k = g;
                continue;
            }
        }
        // Places whose name has `and` inside: Bosnia and Herzegovina.
        if ws.get(e).is_some_and(|w| w.text == "and") {
            let mut f = e + 1;
            while f < ws.len() && f < e + 4 && is_cap(&ws[f].text) {
                f += 1;
            }
            let joined = ws[s..f]
                .iter()
                .map(|w| w.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            if f > e + 1
                && (d.places.contains_key(joined.as_str())
                    || EXTRA_PLACES.contains(&joined.as_str()))
            {
                if want_place {
                    out.push(Cand {
                        start: ws[s].start,
                        end: ws[f - 1].end,
                        kind: EntityType::Place,
                        prio: 42,
                    });
                }
                runs.push((s, f));
                k = f;
                continue;
            }
        }
        classify(d, chars, &ws, s, e, want_person, want_place, &mut out);
        runs.push((s, e));
        k = e;
    }
    spread_in_lists(d, &ws, &runs, &mut out, want_person, want_place);
    out
}

/// Whether a word has a capital after a small letter (`BayCon`), except after a name
/// prefix (`McKay`, `DeShawn`, `LeRoy`).
fn camel_case(w: &str) -> bool {
    let inner = w
        .chars()
        .zip(w.chars().skip(1))
        .skip(1)
        .any(|(a, b)| a.is_lowercase() && b.is_uppercase());
    inner
        && !["Mc", "Mac", "De", "Le", "La", "Di", "Da", "Du", "Van"]
            .iter()
            .any(|p| w.starts_with(p))
}

/// Words joining the items of a list (`A , B and C`).
fn list_joint(w: &str) -> bool {
    matches!(w, "," | "and" | "or" | "&")
}

/// Lists and place chains: a capitalised run nothing matched takes the type of a found
/// neighbour in a list (`Ann Lee , Bo Park and Tamsin` are three people, `Ashby and
/// Corwell` two places), and one between a found place and a comma or full stop is a
/// place (`in Vigan , Ilocos Sur .`).
fn spread_in_lists(
    d: &crate::data::EnData,
    ws: &[Word],
    runs: &[(usize, usize)],
    out: &mut Vec<Cand>,
    want_person: bool,
    want_place: bool,
) {
    let kind_at = |out: &[Cand], k: usize| -> Option<(EntityType, u8)> {
        out.iter()
            .find(|c| c.start <= ws[k].start && ws[k].end <= c.end)
            .map(|c| (c.kind, c.prio))
    };
    let year = |k: usize| {
        ws.get(k).is_some_and(|w| {
            w.text.len() == 4
                && w.text.chars().all(|c| c.is_ascii_digit())
                && (w.text.starts_with('1') || w.text.starts_with('2'))
        })
    };
    for &(s, e) in runs {
        if (s..e).any(|k| kind_at(out, k).is_some()) || e - s > 2 || !want_person {
            continue;
        }
        let alpha = ws[s..e].iter().all(|w| {
            w.text.chars().all(|c| c.is_alphabetic() || c == '\'')
                && w.text.chars().skip(1).any(char::is_lowercase)
                && !COMMON.contains(&w.text.as_str())
        });
        // A citation: ( Lee 1987 ), ( Lee , 1987 ).
        let cited = s > 0
            && ws[s - 1].text == "("
            && ws[s..e].iter().all(|w| {
                !noun_like(&w.text)
                    && (!w.text.ends_with('s') || d.surnames.contains(w.text.as_str()))
            })
            && (year(e) || ws.get(e).is_some_and(|w| w.text == ",") && year(e + 1));
        // Two given names: Jeff and Hayley.
        let pair = e - s == 1
            && d.given.contains(ws[s].text.as_str())
            && ws.get(e).is_some_and(|w| w.text == "and")
            && ws
                .get(e + 1)
                .is_some_and(|w| d.given.contains(w.text.as_str()))
            && !ws.get(e + 2).is_some_and(|w| is_cap(&w.text))
            && !d.places.contains_key(ws[s].text.as_str());
        if alpha && (cited || pair) {
            out.push(Cand {
                start: ws[s].start,
                end: ws[e - 1].end,
                kind: EntityType::Person,
                prio: 10,
            });
        }
        if alpha && pair && kind_at(out, e + 1).is_none() {
            out.push(Cand {
                start: ws[e + 1].start,
                end: ws[e + 1].end,
                kind: EntityType::Person,
                prio: 10,
            });
        }
    }
    // A few rounds so that a type travels along a list.
    for _ in 0..3 {
        let mut added = false;
        for &(s, e) in runs {
            if (s..e).any(|k| kind_at(out, k).is_some()) || e - s > 3 {
                continue;
            }
            let seq = &ws[s..e];
            let first = seq[0].text.as_str();
            let plain = seq.iter().all(|w| {
                w.text.chars().count() > 1
                    && w.text
                        .chars()
                        .all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '-'))
                    && w.text.chars().skip(1).any(char::is_lowercase)
                    && !COMMON.contains(&w.text.as_str())
                    && !ORG_WORDS.contains(&w.text.as_str())
                    && !HONORIFICS.contains(&w.text.as_str())
                    && !noun_like(&w.text)
                    && !w.text.contains('-')
                    && !w.text.ends_with("'s")
                    && !w.text.ends_with("’s")
                    && !camel_case(&w.text)
            });
            if !plain || is_sentence_start(ws, s) && e - s == 1 && !d.surnames.contains(first) {
                continue;
            }
            // The neighbour item: before `, ` / `and` (skipping `, and`), or after.
            let mut left = None;
            if s >= 2 && list_joint(&ws[s - 1].text) {
                let mut k = s - 2;
                if k >= 1 && ws[k].text == "," && ws[s - 1].text != "," {
                    k -= 1;
                }
                if is_cap(&ws[k].text) {
                    left = kind_at(out, k);
                }
            }
            let mut right = None;
            if ws.get(e).is_some_and(|w| list_joint(&w.text)) {
                let mut k = e + 1;
                if ws.get(k).is_some_and(|w| w.text == "and" || w.text == "or") {
                    k += 1;
                }
                if ws.get(k).is_some_and(|w| is_cap(&w.text)) {
                    right = kind_at(out, k);
                }
            }
            let strong = |x: Option<(EntityType, u8)>| x.filter(|(_, p)| *p >= 12).map(|x| x.0);
            let kind = match (strong(left), strong(right)) {
                (Some(a), Some(b)) if a != b => None,
                (Some(a), _) | (None, Some(a)) => Some(a),
                _ => None,
            };
            // A place chain: `<place> , X .` or `<place> , X ,`.
            let chained = kind.is_none()
                && e - s <= 2
                && s >= 2
                && ws[s - 1].text == ","
                && matches!(kind_at(out, s - 2), Some((EntityType::Place, p)) if p >= 13)
                && ws
                    .get(e)
                    .is_none_or(|w| matches!(w.text.as_str(), "." | "," | ")" | "(" | ";"))
                && !d.given.contains(first);
            let kind = if chained {
                Some(EntityType::Place)
            } else {
                kind
            };
            match kind {
                Some(EntityType::Person) if want_person => {}
                Some(EntityType::Place) if want_place => {}
                _ => continue,
            }
            if let Some(kind) = kind {
                out.push(Cand {
                    start: ws[s].start,
                    end: ws[e - 1].end,
                    kind,
                    prio: 9,
                });
                added = true;
            }
        }
        if !added {
            break;
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn classify(
    d: &crate::data::EnData,
    chars: &[char],
    ws: &[Word],
    mut s: usize,
    e: usize,
    want_person: bool,
    want_place: bool,
    out: &mut Vec<Cand>,
) {
    let _ = chars;
    let text = |a: usize, b: usize| -> String {
        ws[a..b]
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let honorific_before = |i: usize| -> bool {
        i > 0 && {
            let p = ws[i - 1].text.as_str();
            HONORIFICS.contains(&p)
                || (p == "."
                    && i > 1
                    && HONORIFICS.contains(&format!("{}.", ws[i - 2].text).as_str()))
        }
    };
    let push = |out: &mut Vec<Cand>, a: usize, b: usize, kind: EntityType, prio: u8| {
        // A trailing initial or Jr written with a separate dot: William L . / Jr .
        let last = ws[b - 1].text.as_str();
        let dotted = kind == EntityType::Person
            && (last.chars().count() == 1 && last.chars().all(char::is_uppercase)
                || last == "Jr"
                || last == "Sr")
            && ws.get(b).is_some_and(|w| w.text == ".");
        out.push(Cand {
            start: ws[a].start,
            end: if dotted { ws[b].end } else { ws[b - 1].end },
            kind,
            prio,
        });
    };
    // The whole run (after an article) is a known place or ends in a geographic word:
    // New Jersey, United States, Hancock Brook, Lake Chad, Bridgton Junction.
    {
        let mut a = s;
        while a < e
            && matches!(
                ws[a].text.as_str(),
                "The" | "A" | "An" | "In" | "At" | "From" | "To" | "Of"
            )
        {
            a += 1;
        }
        if a < e {
            let whole = text(a, e);
            let whole = whole.strip_suffix('.').unwrap_or(&whole);
            let last = ws[e - 1].text.as_str();
            let first = ws[a].text.as_str();
            // Direction words before a known place belong to it: West Jersey, Upper Austria.
            let mut b = a;
            while b + 1 < e && DIRECTIONS.contains(&ws[b].text.as_str()) {
                b += 1;
            }
            let core = text(b, e);
            let core = core.strip_suffix('.').unwrap_or(&core);
            let person_like = d.given.contains(whole) || d.surnames.contains(whole);
            let city_as_subject = e - a == 1
                && d.places.get(whole).is_some_and(|p| {
                    p.0 == EnKind::City
                        && (p.1 < 100_000
                            || person_like
                            || p.1 < 500_000 && action_verb_after(ws, e))
                })
                && (person_verb_after(ws, e) || role_before(ws, a))
                && !place_prep_before(ws, a);
            let raw = text(a, e);
            let known = (d.places.contains_key(whole) && !city_as_subject)
                || EXTRA_PLACES.contains(&whole)
                || EXTRA_PLACES.contains(&raw.as_str())
                || b > a && (d.places.contains_key(core) || EXTRA_PLACES.contains(&core));
            let geo = e - a >= 2
                && (GEO_LAST.contains(&last) || GEO_FIRST.contains(&first))
                && ws[a..e]
                    .iter()
                    .all(|w| !ORG_WORDS.contains(&w.text.as_str()));
            let inside_org = ws
                .get(e)
                .is_some_and(|w| ORG_WORDS.contains(&w.text.as_str()))
                || a > 0
                    && ws[a - 1].text == "of"
                    && a > 1
                    && ORG_WORDS.contains(&ws[a - 2].text.as_str());
            if inside_org {
                return;
            }
            // Cues: `Ashby is a village`, `the town of Ashby`.
            let cued = (place_noun_after(ws, e)
                || a > 1 && ws[a - 1].text == "of" && place_prep_before(ws, a))
                && e - a <= 4
                && ws[a..e].iter().all(|w| {
                    !ORG_WORDS.contains(&w.text.as_str())
                        && !HONORIFICS.contains(&w.text.as_str())
                        && w.text.chars().all(|c| c.is_alphabetic() || c == '-')
                })
                && !(e - a == 1 && COMMON.contains(&first))
                && (!COMMON.contains(&first) || DIRECTIONS.contains(&first));
            if cued && !known && !geo {
                if want_place {
                    push(out, a, e, EntityType::Place, 44);
                }
                return;
            }
            if (known || geo) && !(e - a == 1 && COMMON.contains(&first)) {
                if want_place {
                    push(out, a, e, EntityType::Place, if known { 42 } else { 36 });
                }
                return;
            }
        }
    }
    // A compass direction and an unknown word: North Ashby, West Corwell.
    if want_place
        && e - s == 2
        && matches!(ws[s].text.as_str(), "North" | "South" | "East" | "West")
        && ws[s + 1].text.chars().count() > 3
        && ws[s + 1].text.chars().all(char::is_alphabetic)
        && ws[s + 1].text.chars().skip(1).all(char::is_lowercase)
        && !COMMON.contains(&ws[s + 1].text.as_str())
        && !ORG_WORDS.contains(&ws[s + 1].text.as_str())
        && !d.given.contains(ws[s + 1].text.as_str())
        && !noun_like(&ws[s + 1].text)
        && !demonym(d, &ws[s + 1].text)
    {
        push(out, s, e, EntityType::Place, 34);
        return;
    }
    // A title inside the run starts a person's name: Texas Coach Ann Lee.
    if let Some(p) = (s + 1..e.saturating_sub(1)).find(|&p| {
        INNER_TITLES.contains(&ws[p].text.as_str())
            && is_cap(&ws[p + 1].text)
            && !HONORIFICS.contains(&ws[p - 1].text.as_str())
    }) {
        classify(d, chars, ws, s, p, want_person, want_place, out);
        classify(d, chars, ws, p, e, want_person, want_place, out);
        return;
    }
    // Leading honorifics and common words are not part of the name.
    let mut honor = honorific_before(s);
    while s < e
        && (HONORIFICS.contains(&ws[s].text.as_str()) || COMMON.contains(&strip_dot(&ws[s].text)))
    {
        if HONORIFICS.contains(&ws[s].text.as_str()) && s + 1 < e {
            honor = true;
        }
        s += 1;
    }
    if s >= e {
        return;
    }
    let seq: Vec<&str> = ws[s..e].iter().map(|w| w.text.as_str()).collect();
    // `United` in United States / Kingdom / Arab Emirates is not a team's name.
    let is_org = seq.iter().enumerate().any(|(x, w)| {
        ORG_WORDS.contains(w)
            && !(*w == "United"
                && seq
                    .get(x + 1)
                    .is_some_and(|n| matches!(*n, "States" | "Kingdom" | "Arab")))
    }) || ws
        .get(e)
        .is_some_and(|w| ORG_WORDS.contains(&w.text.as_str()));
    let prev_lower = s > 0 && !is_cap(&ws[s - 1].text);
    let prep_before = place_prep_before(ws, s);
    if is_org {
        // Organisation names stay; a country or state at their start is still a place.
        return;
    }
    let all_alpha = seq.iter().all(|w| {
        w.chars()
            .all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '-' | '.'))
    });
    // Honorific: the whole run is a person; nobility titles are part of the name.
    if honor && want_person && all_alpha && seq.len() <= 5 {
        let noble = s > 0
            && matches!(
                ws[s - 1].text.as_str(),
                "Lord"
                    | "Lady"
                    | "Sir"
                    | "Dame"
                    | "Madame"
                    | "Mademoiselle"
                    | "DJ"
                    | "MC"
                    | "King"
                    | "Queen"
                    | "Prince"
                    | "Princess"
                    | "Saint"
                    | "Pope"
                    | "Emperor"
            );
        push(
            out,
            if noble { s - 1 } else { s },
            e,
            EntityType::Person,
            50,
        );
        return;
    }
    // A sports team: a place and a capitalised plural (Toronto Blue Jays, Leeds Rhinos).
    {
        let last = ws[e - 1].text.as_str();
        let team = e - s >= 2
            && last.ends_with('s')
            && !last.ends_with("ss")
            && !last.ends_with('\'')
            && !GEO_LAST.contains(&last)
            && !d.surnames.contains(last)
            && !d.places.contains_key(last)
            && (1..e - s).any(|l| {
                d.places.contains_key(text(s, s + l).as_str())
                    || EXTRA_PLACES.contains(&text(s, s + l).as_str())
            });
        if team {
            return;
        }
    }
    // A Chinese name in pinyin: surname and a one- or two-syllable given name (Wang Lei).
    if want_person
        && e - s == 2
        && PINYIN_SURNAMES.contains(&ws[s].text.as_str())
        && pinyin_given(&ws[s + 1].text)
        && ws[s + 1]
            .text
            .chars()
            .skip(1)
            .all(|c| c.is_lowercase() || c == '-')
        && !COMMON.contains(&ws[s + 1].text.as_str())
        && !d.places.contains_key(ws[s + 1].text.as_str())
    {
        push(out, s, e, EntityType::Person, 29);
        return;
    }
    // A role word before the run: jazz musician Ann Lee, a daughter named Jo Park.
    if want_person
        && !honor
        && all_alpha
        && seq.len() <= 4
        && (role_before(ws, s) || role_after(ws, e))
        && !seq.iter().any(|w| COMMON.contains(&strip_dot(w)))
    {
        push(out, s, e, EntityType::Person, 32);
        return;
    }
    // Places: longest gazetteer matches inside the run.
    let mut covered = vec![false; e - s];
    let mut i = s;
    while i < e {
        let mut found = None;
        for l in (1..=d.max_place_words.min(e - i)).rev() {
            let name = text(i, i + l);
            let name = name.strip_suffix('.').unwrap_or(&name).to_string();
            if let Some((kind, pop)) = d.places.get(name.as_str()) {
                let single = l == 1;
                let person_like =
                    d.given.contains(name.as_str()) || d.surnames.contains(name.as_str());
                let ok = match kind {
                    EnKind::Country | EnKind::State => true,
                    EnKind::City
                        if single && e - s == 1 && person_verb_after(ws, i + 1) && !prep_before =>
                    {
                        false
                    }
                    EnKind::City => {
                        !single
                            || (*pop >= 100_000 && !person_like)
                            || (*pop >= 1_000_000)
                            || (prep_before && i == s && *pop >= 15_000)
                            || (ws.get(i + 1).is_some_and(|w| w.text == ",")
                                && ws.get(i + 2).is_some_and(|w| {
                                    d.places
                                        .get(w.text.as_str())
                                        .is_some_and(|p| p.0 != EnKind::City)
                                }))
                    }
                };
                if ok {
                    found = Some(l);
                    break;
                }
            }
        }
        if let Some(l) = found {
            // A person's name that merely contains a place (George Washington) wins below,
            // and so does one that starts with a given name that is a place (Chad Lee Ross).
            let person_first = i > s && d.given.contains(ws[i - 1].text.as_str()) && i + l == e
                || l == 1
                    && i == s
                    && (2..=4).contains(&(e - s))
                    && d.given.contains(ws[i].text.as_str())
                    && !d.places.contains_key(strip_dot(&ws[e - 1].text))
                    && (d.surnames.contains(strip_dot(&ws[e - 1].text))
                        || d.given.contains(ws[i + 1].text.as_str()));
            if !person_first {
                if want_place {
                    push(out, i, i + l, EntityType::Place, 40);
                }
                for c in covered.iter_mut().skip(i - s).take(l) {
                    *c = true;
                }
            }
            i += l;
        } else {
            i += 1;
        }
    }
    // City , State / Country: the unknown city before is a place too.
    if want_place
        && !covered[e - s - 1]
        && ws.get(e).is_some_and(|w| w.text == ",")
        && ws.get(e + 1).is_some_and(|w| {
            d.places
                .get(w.text.as_str())
                .is_some_and(|p| p.0 == EnKind::State || p.0 == EnKind::Country)
                || EXTRA_PLACES.contains(&w.text.as_str())
        })
        && all_alpha
        && !d.given.contains(seq[0])
    {
        push(out, s, e, EntityType::Place, 35);
        return;
    }
    if !want_person || !all_alpha {
        return;
    }
    // Persons among the words not taken by places.
    let mut i = s;
    while i < e {
        if covered[i - s] {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < e && !covered[j - s] {
            j += 1;
        }
        let n = j - i;
        let first = ws[i].text.as_str();
        let last = strip_dot(&ws[j - 1].text);
        let sentence_start = is_sentence_start(ws, i);
        let all_upper = ws[i..j].iter().all(|w| {
            w.text
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase)
                && w.text.chars().count() > 1
        });
        if all_upper {
            i = j;
            continue;
        }
        if (2..=4).contains(&n) {
            let given_first = d.given.contains(first) && !COMMON.contains(&first);
            let sur_last = d.surnames.contains(last);
            let plain_words = ws[i..j].iter().all(|w| {
                !COMMON.contains(&strip_dot(&w.text)) && !ORG_WORDS.contains(&w.text.as_str())
            });
            if given_first {
                push(out, i, j, EntityType::Person, 30);
            } else if sur_last && n == 2 && !sentence_start && ws[i].text.chars().count() > 1 {
                push(out, i, j, EntityType::Person, 20);
            } else if plain_words
                && (n <= 3)
                && (sur_last
                    || ws
                        .get(j)
                        .is_some_and(|w| PERSON_VERBS.contains(&w.text.as_str()))
                    || ws[i..j]
                        .iter()
                        .any(|w| w.text.chars().count() == 2 && w.text.ends_with('.')))
            {
                push(out, i, j, EntityType::Person, 14);
            }
        } else if n == 1
            && want_place
            && place_prep_before(ws, i)
            && !noun_like(&ws[i].text)
            && !d.given.contains(ws[i].text.as_str())
            && !COMMON.contains(&ws[i].text.as_str())
            && !ORG_WORDS.contains(&ws[i].text.as_str())
            && ws[i].text.chars().count() > 3
            && ws[i].text.chars().skip(1).all(|c| c.is_lowercase())
        {
            push(out, i, j, EntityType::Place, 13);
        } else if n == 1 {
            let w = ws[i].text.as_str();
            let listed = (d.given.contains(w) || d.surnames.contains(w)) && !COMMON.contains(&w);
            let known_word =
                COMMON.contains(&w) || ORG_WORDS.contains(&w) || HONORIFICS.contains(&w);
            if !known_word
                && w.chars().count() > 2
                && (listed && (!sentence_start || person_verb_after(ws, j))
                    || person_verb_after(ws, j)
                        && !sentence_start
                        && prev_lower
                        && !noun_like(w)
                        && !(i > 0
                            && matches!(
                                ws[i - 1].text.as_str(),
                                "the" | "a" | "an" | "this" | "its" | "their" | "our"
                            )))
            {
                push(out, i, j, EntityType::Person, 12);
            } else if !known_word
                && w.chars().count() > 3
                && w.chars().skip(1).all(char::is_lowercase)
                && sentence_start
                && !noun_like(w)
                && (!w.ends_with('s') || w.ends_with("ss"))
                && (ws
                    .get(j)
                    .is_some_and(|x| SUBJECT_VERBS.contains(&x.text.as_str()))
                    || ws.get(j).is_some_and(|x| x.text == "'")
                    || human_predicate_after(ws, j))
            {
                push(out, i, j, EntityType::Person, 11);
            }
        }
        i = j;
    }
}

#[cfg(test)]
mod tests {
    //! The English rules, on sentences written for them.

    use crate::recognize::{find, Lang, Settings};
    use crate::EntityType::{self, Person, Place};

    fn spans(text: &str) -> Vec<(String, EntityType)> {
        let settings = Settings {
            lang: Lang::En,
            ..Settings::default()
        };
        find(&settings, text)
            .into_iter()
            .map(|e| (e.text, e.kind))
            .collect()
    }

    fn has(text: &str, name: &str, kind: EntityType) -> bool {
        spans(text).iter().any(|(t, k)| t == name && *k == kind)
    }

    #[test]
    fn role_word_before_a_name() {
        assert!(has(
            "The album features jazz musician Orlan Vesk on piano .",
            "Orlan Vesk",
            Person
        ));
        assert!(has(
            "He has a daughter named Wenna Trask from his first marriage .",
            "Wenna Trask",
            Person
        ));
    }

    #[test]
    fn description_after_a_name() {
        let text = "She worked with Orlan Vesk , a French actor .";
        assert!(has(text, "Orlan Vesk", Person), "{:?}", spans(text));
        let text = "Tamsin Quell ( born 1950 ) is a writer .";
        assert!(has(text, "Tamsin Quell", Person), "{:?}", spans(text));
    }

    #[test]
    fn title_inside_a_run() {
        let text = "Ridgefield County Sheriff Tom Arkwell said the road was closed .";
        assert!(has(text, "Tom Arkwell", Person), "{:?}", spans(text));
        assert!(has(text, "Ridgefield County", Place), "{:?}", spans(text));
    }

    #[test]
    fn place_cues() {
        assert!(has(
            "Wexcombe is a small village in Kent .",
            "Wexcombe",
            Place
        ));
        assert!(has(
            "The line ended at the town of Harrowgate .",
            "Harrowgate",
            Place
        ));
    }

    #[test]
    fn subject_followed_by_a_verb() {
        assert!(has(
            "Trelawny attended the local school .",
            "Trelawny",
            Person
        ));
        assert!(has(
            "Some say that Trelawny recognized the danger .",
            "Trelawny",
            Person
        ));
        // A common noun in the same place is not a name.
        for text in [
            "Construction started in 1990 .",
            "Revenue grew by ten percent .",
            "Traffic increased on the main road .",
            "Everyone agreed that it worked .",
            "After the war the Azna retreated into the hills .",
        ] {
            assert!(
                !spans(text).iter().any(|(_, k)| *k == Person),
                "{text}: {:?}",
                spans(text)
            );
        }
    }

    #[test]
    fn to_after_a_verb_of_writing_is_not_a_destination() {
        let text = "She wrote to Mirabeau about the plan .";
        assert!(!has(text, "Mirabeau", Place), "{:?}", spans(text));
        assert!(has("She moved to Lisbon in 1990 .", "Lisbon", Place));
    }

    #[test]
    fn given_name_that_is_a_place() {
        let text = "Guests included Paris Whitfield and others .";
        assert!(has(text, "Paris Whitfield", Person), "{:?}", spans(text));
    }

    #[test]
    fn big_city_with_possessive_and_abbreviations() {
        assert!(has(
            "He became one of Chicago 's best known chefs .",
            "Chicago",
            Place
        ));
        assert!(has("He was a U.S. citizen .", "U.S.", Place));
        assert!(has(
            "She was born in Kingsford , Ontario .",
            "Ontario",
            Place
        ));
    }

    #[test]
    fn lists_and_place_chains() {
        let text = "The guests were Emily Watson , Orlan Vesk and Tamsin Quell .";
        assert!(has(text, "Orlan Vesk", Person), "{:?}", spans(text));
        assert!(has(text, "Tamsin Quell", Person), "{:?}", spans(text));
        let text = "She worked as a clerk in Lisbon , Costavela .";
        assert!(has(text, "Costavela", Place), "{:?}", spans(text));
        let text = "It is the oldest bridge in Bosnia and Herzegovina .";
        assert!(
            has(text, "Bosnia and Herzegovina", Place),
            "{:?}",
            spans(text)
        );
        // Company names in a list do not become people.
        let text = "Clients include Emily Watson , BayCon and Sub-Zero .";
        assert!(!has(text, "BayCon", Person), "{:?}", spans(text));
        assert!(!has(text, "Sub-Zero", Person), "{:?}", spans(text));
    }

    #[test]
    fn teams_and_newspapers_are_not_places() {
        let text = "He was traded to the Toronto Blue Jays in 2004 .";
        assert!(!has(text, "Toronto", Place), "{:?}", spans(text));
        let text = "The Houston Chronicle ranked him second .";
        assert!(!has(text, "Houston", Place), "{:?}", spans(text));
        assert!(has("He was born in Houston .", "Houston", Place));
        assert!(has(
            "They stopped at Niagara Falls on the way .",
            "Niagara Falls",
            Place
        ));
    }

    #[test]
    fn particles_and_united() {
        assert!(has(
            "She moved to Frankfurt am Main .",
            "Frankfurt am Main",
            Place
        ));
        assert!(has(
            "The rebels were led by Tomas de la Vera .",
            "Tomas de la Vera",
            Person
        ));
        assert!(has(
            "He was a United States Representative from Ohio .",
            "United States",
            Place
        ));
        assert!(has(
            "The army marched to the villages of Korvu and Tessane .",
            "Korvu",
            Place
        ));
    }

    #[test]
    fn pinyin_names() {
        assert!(has(
            "The governor asked Dou Lianfeng for help .",
            "Dou Lianfeng",
            Person
        ));
        assert!(has("Later , Wang Shi left the city .", "Wang Shi", Person));
        let text = "They sailed past Long Island at dawn .";
        assert!(
            !spans(text).iter().any(|(_, k)| *k == Person),
            "{:?}",
            spans(text)
        );
    }

    #[test]
    fn compass_direction_and_a_name() {
        assert!(has(
            "The train stopped at North Ashcombe twice a day .",
            "North Ashcombe",
            Place
        ));
        assert!(has("He was born in North Korea .", "North Korea", Place));
        let text = "It was made by a South Korean company .";
        assert!(spans(text).is_empty(), "{:?}", spans(text));
        let text = "The film Out of This World was shown .";
        assert!(spans(text).is_empty(), "{:?}", spans(text));
    }

    #[test]
    fn mid_size_city_names_acting_are_people() {
        // Bern (about 130,000 people) acting, and as a place.
        let text = "Later , Bern accepted the post .";
        assert!(!has(text, "Bern", Place), "{:?}", spans(text));
        assert!(has("Bern is a city in Switzerland .", "Bern", Place));
        assert!(has("She moved to Bern in 1990 .", "Bern", Place));
    }

    #[test]
    fn places_named_after_someone() {
        let text = "The train stopped at Ashby 's Mill for water .";
        assert!(has(text, "Ashby 's Mill", Place), "{:?}", spans(text));
    }

    #[test]
    fn human_predicates_citations_and_name_pairs() {
        for text in [
            "Trelawny was born in 1950 .",
            "Trelawny has also performed in operas .",
            "Trelawny was an American singer .",
            "Trelawny was a member of the team .",
        ] {
            assert!(has(text, "Trelawny", Person), "{text}: {:?}", spans(text));
        }
        let text = "One study ( Quellard 1987 ) says so , another ( Marrow , 1990 ) not .";
        assert!(has(text, "Quellard", Person), "{:?}", spans(text));
        assert!(has(text, "Marrow", Person), "{:?}", spans(text));
        let text = "Jeff and Hayley get back together .";
        assert!(has(text, "Jeff", Person), "{:?}", spans(text));
        assert!(has(text, "Hayley", Person), "{:?}", spans(text));
        // Not said of people.
        for text in [
            "Production was halted in 1990 .",
            "See Table 2 ( Results 2020 ) for details .",
            "The Department of Health and Human Services issued a statement .",
        ] {
            assert!(spans(text).is_empty(), "{text}: {:?}", spans(text));
        }
    }

    #[test]
    fn honorifics_kept_in_the_name() {
        let text = "The book was translated by Madame de Vere .";
        assert!(has(text, "Madame de Vere", Person), "{:?}", spans(text));
        let text = "The night featured DJ Orlo and others .";
        assert!(has(text, "DJ Orlo", Person), "{:?}", spans(text));
    }

    #[test]
    fn accented_given_names() {
        let text = "The prize went to Søren Kaldahl last year .";
        assert!(has(text, "Søren Kaldahl", Person), "{:?}", spans(text));
    }

    #[test]
    fn manager_title() {
        let text = "Then Rays ' Manager Lou Arkwell called him up .";
        assert!(has(text, "Lou Arkwell", Person), "{:?}", spans(text));
    }

    #[test]
    fn common_noun_endings_are_not_places() {
        assert!(spans("He later converted to Catholicism .").is_empty());
    }
}
