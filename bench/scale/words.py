"""Made-up names and plain-English text for the scale data. Nothing here is a real person
or a real care home; place names are invented so no row looks like a real organisation."""

REGIONS = [
    "North East and Yorkshire",
    "North West",
    "Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
]

# Two-part invented place names: "Ash" + "ford" = "Ashford" (not a real ICB area).
PLACE_STARTS = [
    "Ash", "Bar", "Brack", "Bram", "Brook", "Burn", "Cal", "Char", "Clay", "Cold", "Cress",
    "Dal", "Dun", "Elm", "Fair", "Fern", "Glen", "Gold", "Hal", "Hart", "Hazel", "Holm",
    "Ken", "Kings", "Lang", "Lark", "Lin", "Marl", "Mel", "Mill", "Nor", "Oak", "Pen",
    "Ray", "Red", "Ros", "Sand", "Sel", "Stan", "Thorn", "Wal", "Wen", "West", "Whit",
    "Wil", "Wood", "Wyn", "Yar",
]  # fmt: skip
PLACE_ENDS = [
    "bury", "by", "combe", "den", "field", "ford", "gate", "ham", "hurst", "ley", "mere",
    "minster", "mouth", "stead", "stow", "thorpe", "ton", "wick", "worth",
]  # fmt: skip

FIRST_NAMES = [
    "Aisha", "Alan", "Amara", "Amy", "Anita", "Ben", "Bola", "Carol", "Chen", "Chloe",
    "Claire", "Dan", "Deepa", "Dylan", "Eleni", "Emma", "Faisal", "Fatima", "Femi", "Grace",
    "Hannah", "Hassan", "Ian", "Imran", "Jade", "James", "Joy", "Karen", "Kwame", "Laura",
    "Leah", "Liam", "Lucy", "Maria", "Mark", "Mei", "Mohammed", "Nadia", "Neil", "Nia",
    "Olu", "Paul", "Priya", "Rachel", "Raj", "Rosa", "Ruth", "Sam", "Sara", "Sean", "Sunita",
    "Tariq", "Tom", "Tunde", "Vera", "Wei", "Yasmin", "Zainab", "Zoe", "Joe",
]  # fmt: skip
LAST_NAMES = [
    "Abbott", "Adeyemi", "Ahmed", "Ali", "Bailey", "Begum", "Bennett", "Brown", "Campbell",
    "Chen", "Clarke", "Cole", "Davies", "Edwards", "Evans", "Fisher", "Green", "Hall",
    "Hughes", "Hussain", "Islam", "Jackson", "James", "Johnson", "Jones", "Kaur", "Khan",
    "King", "Kowalski", "Lee", "Lewis", "Martin", "Mensah", "Mitchell", "Morgan", "Nowak",
    "Okafor", "Owen", "Patel", "Phillips", "Price", "Rahman", "Roberts", "Robinson", "Shah",
    "Singh", "Smith", "Taylor", "Thomas", "Turner", "Walker", "Ward", "White", "Williams",
    "Wilson", "Wood", "Wright", "Young", "Zhang", "Murphy",
]  # fmt: skip

HOME_STARTS = [
    "Oakfield", "Willow", "Harbour", "Beech", "Maple", "Cedar", "Rosewood", "Elm", "Laurel",
    "Meadow", "Holly", "Riverside", "Ash", "Birch", "Chestnut", "Hawthorn", "Heather",
    "Ivy", "Juniper", "Lavender", "Linden", "Magnolia", "Orchard", "Primrose", "Rowan",
    "Sycamore", "Valley", "Woodland", "Brook", "Hillside", "Parkside", "Springfield",
]  # fmt: skip
HOME_ENDS = [
    "House", "Lodge", "Court", "Grange", "Manor", "View", "Nursing Home", "Care Home",
    "Gardens", "Park", "Hall", "Place",
]  # fmt: skip
STREETS = ["High Street", "Church Lane", "Station Road", "Mill Lane", "Park Road", "Green Lane"]

STAFF_TITLES = [
    "Senior carer", "Carer", "Nurse", "Activities coordinator", "Night carer",
    "Deputy manager", "Team leader", "Kitchen lead",
]  # fmt: skip
PARTNER_TITLES = [
    "Care home support lead", "Community matron", "Quality lead", "Commissioning manager",
    "Practice nurse", "Clinical pharmacist", "Safeguarding lead",
]  # fmt: skip

# title, description, theme slugs
NEEDS = [
    ("Training on spotting when a resident is getting worse",
     "Night staff are not always sure when to call for help. We would like short training "
     "on soft signs and RESTORE2.", ["deterioration", "improving-health-and-healthcare"]),
    ("Help with falls at night",
     "Falls at night have gone up over two months. We would welcome a falls review.",
     ["falls", "dementia"]),
    ("Medicines reviews for residents on many tablets",
     "Several residents take ten or more medicines. We would like a pharmacist to review "
     "them with us.", ["medicines-safety"]),
    ("Support after a difficult death",
     "Staff are upset after a resident died in hospital. We would like someone to talk to.",
     ["supporting-good-end-of-life", "wellbeing"]),
    ("Advance care plans in plain English",
     "Families find our care plan forms hard to follow. Can someone share a simpler one?",
     ["advance-care-planning", "sharing-decision-making"]),
    ("Using video calls with the GP practice",
     "Our GP practice prefers video reviews. We need help setting up a tablet.",
     ["digital"]),
    ("Ideas to help residents drink enough",
     "In hot weather residents drink too little. We would like ideas that worked elsewhere.",
     ["nutrition-and-hydration"]),
    ("Infection control refresher for new staff",
     "Half our staff joined this year. We need a refresher on hand hygiene and PPE.",
     ["infection-control", "keeping-workforce-fit-for-purpose"]),
    ("Recruiting night staff",
     "We cannot fill night shifts. Has any home found a way that works?",
     ["staffing", "keeping-workforce-fit-for-purpose"]),
    ("Activities for people living with dementia",
     "We want more meaningful things to do for residents with dementia, on a small budget.",
     ["dementia", "maintaining-identity"]),
    ("Links with the local school",
     "We would like children from a nearby school to visit. How have others set this up?",
     ["creating-community"]),
    ("Safer moves from hospital back to the home",
     "Residents come back from hospital without their discharge letter or medicines.",
     ["managing-transitions"]),
    ("Staff wellbeing after a hard winter",
     "Sickness is high and staff are tired. We would like help with a wellbeing plan.",
     ["wellbeing", "promoting-a-positive-culture"]),
]  # fmt: skip

RESPONSES = {
    "offer": [
        "Our care home support team can visit in the next month. Reply with dates that suit.",
        "We run a one-hour session on this, online or in person, including evenings.",
        "I can arrange for a specialist nurse to call you this week.",
    ],
    "event": ["There is a webinar on this next month; the joining link is on the events page."],
    "resource": [
        "This short guide has worked well for other homes: see the link.",
        "The training library has a recorded session on this.",
    ],
    "referral": ["I have passed this to the community team, who will call you."],
    "comment": ["Two other homes in the area asked about this too; we may run a joint session."],
    "reply": [
        "Thank you. Tuesday afternoons suit most of our team.",
        "That would help a lot. Our deputy manager will be the contact.",
        "Thank you, we have booked the session.",
    ],
}
WHAT_HELPED = [
    "The support team visited twice and trained our night staff.",
    "A pharmacist reviewed medicines with us and stopped several.",
    "Another home shared their approach and we tried it.",
]
