/// Given names and surnames for the person detector: common names across English,
/// European, South and East Asian, African and Middle-Eastern naming traditions, written
/// for this project (lower case). A name outside these lists is only found by context
/// (a title, or a column such as `first_name` in SQL), see `NameDetector`.
enum NameList {
    static let givenNames: Set<String> = Set("""
    aaron abigail adam adrian aiden aisha alan albert alejandro alex alexander alexandra alexis alice alicia alina \
    allison amanda amber amelia amir amy ana andrea andreas andrew angela anita ann anna anne annie anthony antonio \
    arjun ashley aubrey austin ava barbara ben benjamin bernard beth betty beverly bianca bill billy bob bobby \
    bradley brandon brenda brian brittany brooke bruce bryan caleb cameron camille carl carla carlos carmen carol \
    caroline carolyn catherine charles charlie charlotte chen cheryl chiara chloe chris christian christina \
    christine christopher cindy claire clara claudia cody colin connor craig crystal cynthia daniel danielle david \
    deborah debra denise dennis derek diana diane diego dmitri dominic donald donna doris dorothy douglas dylan \
    edward elena eli elias elif elijah elizabeth ella ellen emily emma eric erica erik erin ethan eugene eva evan \
    evelyn fatima felix fernando finn frances francesca francisco frank gabriel gabriela gail gary george gerald \
    giulia giuseppe gloria grace gregory hannah harold harry heather helen henry hiroshi hugo ian ingrid irene \
    isaac isabel isabella ivan jack jackson jacob jacqueline jake james jamie jan jane janet janice jared jason \
    javier jean jeffrey jennifer jeremy jerry jesse jessica jesus jill joan joanna joe joel johan john johnny \
    jonas jonathan jordan jorge jose joseph joshua joyce juan judith judy julia julian julie justin karen karin \
    katarzyna kate katherine kathleen kathryn kathy katie kayla keith kelly kenneth kevin kim kimberly kristen \
    kwame kyle lars laura lauren lawrence leah lena leo leon liam linda lisa logan lois lorenzo louis lucas luca \
    lucia luis luke lydia madison marco margaret maria marie marilyn mario mark marta martha martin mary mason \
    mateo matthew maya megan mehmet mei melissa mia michael michelle miguel mohammed monica nancy natalie nathan \
    nicholas nicole noah nora olga oliver olivia omar oscar pablo pamela patricia patrick paul paula peter \
    philip pierre priya rachel rafael rajesh ralph randy ravi raymond rebecca richard rita robert roberto robin \
    roger ronald rose russell ruth ryan sabrina samantha samuel sandra sara sarah scott sean sebastian sergei \
    sharon shirley sofia sophia sophie stephanie stephen steven susan sven tanya teresa terry thomas tiffany \
    timothy tina todd tomasz tony tracy tyler valentina valerie vanessa victor victoria vincent virginia walter \
    wayne wei william yuki yusuf youssef zanele zachary zoe joão andré françois jürgen sören björn zoë \
    ahmed ali hassan hussein ibrahim khalid layla mustafa nadia rania samira tariq yasmin \
    aditya amit anjali deepak divya kavya neha pooja rahul rohan sanjay sunita vikram \
    hana haruto jin kenji min sakura takeshi yan yong jun hui lin \
    adebayo amara chidi chioma kofi nia oluwaseun thabo \
    agnieszka bartosz jakub magdalena piotr \
    alessandro federico francesco matteo \
    annika emil freya johanna linnea nils oskar \
    abby adele agnes alfie alison amelie angus anthea archie arthur audrey barry beatrice becky bethany \
    bradley brett bridget bryony callum carly carole cecil charlene chelsea clive colleen conor curtis \
    damian darrell darren dawn dean declan denis derrick dolores duncan earl eddie edith eileen elaine \
    eleanor elliot elsie esther ethel fiona florence frederick gavin gemma geoffrey georgia gerard gillian \
    gordon graham hazel heidi herbert holly howard hugh iain imogen irene isla jade janine jasmine jeanette \
    jenna jennie jodie josephine joy kathryn kay keith kerry kieran kirsty leslie lewis lily lindsay lorraine \
    louise lynn malcolm marc marcus marian marjorie maureen max melanie melvin michele miles mildred molly \
    morgan muriel neil nigel norman owen pauline penelope phoebe phyllis rachael reece rhys rhiannon \
    rosemary ross roy russell sally shane shannon sheila shelley sian simon stanley stacey stuart sylvia \
    terence toby tom tracey trevor vera vernon vivian wendy yvonne \
    abraham alfred allen alvin andy angie april arnold beth bonnie brent calvin carrie cecilia clarence \
    clifford cole courtney dale dana danny darlene dustin edgar edwin elmer ernest felicia floyd frankie \
    gene gilbert glen glenn gwendolyn harvey herman hector ivy jeff jenny jerome jimmy joann johnnie jon \
    julio karl katrina kristin kristina kurt lance leroy leonard lloyd lonnie lori lucille luther lynda \
    manuel marcia marvin maxine micheal mike milton misty nathaniel neal nina noel norma olivia pat \
    perry preston randall rebekah regina rick ricky roberta rodney ron ronnie rosa sam shawn sherry \
    sidney sonia spencer stacy steve sue tamara tammy tara ted terrance theodore tim tommy tonya travis \
    troy vicki vickie wallace warren wesley whitney willie wilma zachariah
    """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))

    static let surnames: Set<String> = Set("""
    adams allen alvarez anderson andersson bailey baker barnes bauer becker bell bennett bernard bianchi \
    brooks brown bryant butler campbell carter castillo chavez chen clark cohen coleman collins colombo cook \
    cooper cox cruz davis diaz dubois edwards evans fernandez fernández fischer fisher flores ford foster \
    garcia gomez gonzalez gray green griffin hall hamilton hansen harris hayes haddad henderson hernandez hill \
    hoffmann howard hughes ivanov ivanova jackson james jansen jenkins johansson johnson jones jordan kaya kelly \
    kennedy kim king klein koch kowalski kumar lee lewis li lopez lópez martin martinez martínez mensah meyer \
    miller mitchell moore morales morgan morris murphy murray müller myers nelson nguyen nielsen nowak o'brien \
    okafor ortiz park parker patel perez perry peters peterson petrov phillips powell price ramirez reed reyes \
    richardson rivera roberts robinson rodriguez rogers ross rossi russell russo ruiz sanchez sanders santos \
    schmidt schneider schulz scott sharma shaw silva simmons singh smith stewart sullivan suzuki tanaka taylor \
    thomas thompson torres turner walker walsh wang ward watson weber white williams wilson wood wright wu \
    yamamoto yilmaz young zhang ferrari esposito romano ricci greco bruno gallo conti de vries berg jensen \
    larsen olsen pedersen lindqvist nilsson karlsson novak horvat popescu papadopoulos demir şahin öztürk \
    ali khan ahmed hussain rahman das gupta reddy mehta iyer sato takahashi watanabe ito nakamura kobayashi \
    choi jung kang cho yoon zhao zhou huang liu yang sun ma hu guo lin he \
    adeyemi okonkwo mwangi otieno boateng banda \
    o'connor o'neill mcdonald macdonald fitzgerald
    """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))

    /// Lower-case words that join a surname to its core ("de Vries", "van den Berg").
    static let particles: Set<String> = ["de", "van", "den", "der", "von", "da", "di", "del", "della", "la", "le", "du",
                                         "dos", "das", "al", "el", "bin", "ben", "ter", "ten", "zu", "mac", "st"]
    /// Words after which a capitalized word is taken for a surname or name.
    /// Surnames that are also everyday words ("Park", "Green"), which the surname rule
    /// (any capitalized word + a listed surname) does not use alone.
    static let everydaySurnames: Set<String> = ["park", "hill", "green", "king", "young", "bell", "cook", "ford", "wood",
                                                "price", "reed", "gray", "white", "brown", "ward", "rose", "ross", "long",
                                                "martin", "james", "jordan", "scott", "thomas", "lee", "ma", "he", "sun", "li",
                                                "das", "ali", "kim", "lin", "hu", "cho", "guo", "berg", "de"]
    /// Capitalized words that start sentences and headings, not names.
    static let notGivenNames: Set<String> = ["the", "a", "an", "in", "on", "at", "for", "to", "from", "by", "with", "and",
                                             "or", "of", "is", "this", "that", "ship", "dear", "hi", "hello", "contact",
                                             "customer", "please", "send", "call", "list", "show", "find", "count", "which",
                                             "what", "who", "how", "when", "where", "total", "select", "note", "signed", "user"]
    static let titles: Set<String> = ["mr", "mrs", "ms", "miss", "dr", "prof", "sir", "madam", "herr", "frau", "mme", "mx"]
    static let nameColumns: [String] = ["name", "passenger", "manager", "holder", "customer", "employee", "patient", "contact"]
}
