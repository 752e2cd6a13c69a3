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
    annika emil freya johanna linnea nils oskar
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
    static let titles: Set<String> = ["mr", "mrs", "ms", "miss", "dr", "prof", "sir", "madam", "herr", "frau", "mme", "mx"]
    static let nameColumns: [String] = ["name", "passenger", "manager", "holder", "customer", "employee", "patient", "contact"]
}
