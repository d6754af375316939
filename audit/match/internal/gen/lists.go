package gen

// Name lists for the generated test set. The splits use disjoint names:
// "tune" is what the matcher's weights were set on, "heldout" is only
// scored, and "origins" holds names of origins the first two lack. Each
// given name lists the short forms people use for it (written here
// independently of the matcher's own table), and ">" a name of the other
// sex that a near miss may carry (Robert>Roberta).
//
// All names are common British given names and surnames; the people made
// from them are invented.

type lists struct {
	given    []string // "robert:bob,rob,bobby>roberta"
	surnames []string // "taylor-wood" for double-barrelled
	towns    []string
}

var tune = lists{
	given: []string{
		"robert:bob,rob,bobby,robbie>roberta", "william:will,bill,billy,liam>wilhelmina",
		"richard:rich,rick,ricky,richie", "michael:mike,mick,mikey>michelle",
		"david:dave,davey,davy", "thomas:tom,tommy", "christopher:chris,kit>christine",
		"daniel:dan,danny>danielle", "matthew:matt,matty", "anthony:tony,ant>antonia",
		"joseph:joe,joey>josephine", "charles:charlie,chas>charlotte", "edward:ed,eddie,ted,ned",
		"andrew:andy,drew>andrea", "benjamin:ben,benny,benji", "samuel:sam,sammy>samantha",
		"nicholas:nick,nicky>nicola", "stephen:steve,stevie>stephanie", "peter:pete",
		"patrick:pat,paddy>patricia", "timothy:tim,timmy", "gregory:greg", "kenneth:ken,kenny",
		"ronald:ron,ronnie", "frederick:fred,freddie>frederica", "henry:harry,hal>henrietta",
		"oliver:ollie,olly>olivia", "george:>georgina", "luke:", "callum:", "ryan:", "connor:",
		"elizabeth:liz,lizzie,beth,betty,libby", "margaret:maggie,meg,peggy,margo",
		"catherine:cathy,kate,katie,kath", "susan:sue,susie,suzy", "deborah:debbie,deb,debs",
		"rebecca:becky,becca,bex", "jennifer:jen,jenny", "patricia:pat,trish,patsy,tricia>patrick",
		"victoria:vicky,vicki,tori>victor", "christine:chris,chrissie,tina>christopher",
		"stephanie:steph,steff>stephen", "samantha:sam,sammy>samuel", "alexandra:alex,sasha,lexi,sandra>alexander",
		"amanda:mandy", "emily:em,emmy,millie", "eleanor:ellie,nell,nora",
		"dorothy:dot,dottie,dolly", "jacqueline:jackie,jacqui", "josephine:jo,josie>joseph",
		"judith:judy,jude", "caroline:carrie,caz,carol", "charlotte:charlie,lottie>charles",
		"louise:lou,lulu>louis", "natalie:nat", "nicola:nicky,nikki>nicholas", "philippa:pippa,pip>philip",
		"rosemary:rosie,rose", "sarah:sally,sadie", "valerie:val", "abigail:abby,abbie,abi",
		"zoë:zoe", "chloë:chloe", "renée:renee>rene", "amy:", "megan:", "laura:", "hannah:",
	},
	surnames: []string{
		"smith", "jones", "taylor", "brown", "williams", "wilson", "johnson", "davies", "robinson",
		"wright", "thompson", "evans", "walker", "white", "roberts", "green", "hall", "wood",
		"jackson", "clarke", "patel", "khan", "lewis", "phillips", "mason", "mitchell", "rose",
		"cox", "morgan", "moore", "mills", "king", "scott", "baker", "adams", "harris", "clark",
		"lee", "turner", "hill", "cooper", "ward", "morris", "carter", "edwards", "bennett",
		"shaw", "cook", "richardson", "bailey", "collins", "parker", "bell", "harrison", "marshall",
		"young", "allen", "watson", "barker", "chapman", "palmer", "holmes", "hunt", "fox",
		"gray", "dixon", "fletcher", "stevens", "simpson", "webb", "ellis", "knight", "lawrence",
		"saunders", "matthews", "begum", "hussain", "iqbal", "akhtar", "mahmood", "ashworth",
		"o'neill", "mcallister", "taylor-wood", "hughes-morgan", "fairbairn", "pemberton",
		"whitaker", "sutcliffe", "hargreaves", "greenwood", "ackroyd", "holroyd", "lumb",
		"rhodes", "crowther", "firth", "haigh", "brook", "dyson", "sykes", "hirst", "lister",
		"wainwright", "ramsden", "spencer-brown", "de la cruz", "nowak", "kowalczyk",
	},
	towns: []string{
		"Harrogate", "York", "Leeds", "Bradford", "Halifax", "Wakefield", "Ripon", "Skipton",
		"Otley", "Ilkley", "Selby", "Thirsk", "Whitby", "Scarborough", "Knaresborough",
		"Keighley", "Huddersfield", "Dewsbury", "Pontefract", "Castleford",
	},
}

var heldout = lists{
	given: []string{
		"james:jim,jimmy,jamie>jamie", "john:jack,johnny,jon", "jonathan:jon,jonny,jonty",
		"alexander:alex,alec,sandy,sasha>alexandra", "francis:frank,frankie,fran>frances",
		"lawrence:larry,laurie", "leonard:len,lenny,leo", "gerald:gerry,ged",
		"raymond:ray", "douglas:doug,dougie", "donald:don,donnie", "geoffrey:geoff,jeff",
		"albert:al,bert,albie>alberta", "alfred:alf,alfie", "arthur:art,artie", "harold:harry,hal",
		"bernard:bernie,barney>bernadette", "vincent:vince,vinny", "philip:phil,pip>philippa",
		"dominic:dom", "sebastian:seb", "theodore:theo,ted,teddy>theodora", "reginald:reg,reggie",
		"stanley:stan", "stuart:stu", "maximilian:max", "tobias:toby", "zachary:zach,zack",
		"joshua:josh", "jacob:jake", "gabriel:gabe>gabrielle", "martin:marty>martina",
		"walter:walt,wally", "josé:jose,pepe", "andré:andre>andrea", "dylan:", "rhys:", "owen:",
		"mary:molly,polly>mario", "alice:ally,allie", "anna:annie", "angela:angie,ange>angelo",
		"barbara:barb,babs", "beatrice:bea,trixie", "bridget:bridie", "cecilia:cissy,cecily",
		"constance:connie", "diana:di", "evelyn:evie,eve", "florence:flo,florrie",
		"frances:fran,frankie>francis", "georgina:georgie,gina>george", "gillian:gill,jill",
		"harriet:hattie,hetty>harry", "helen:nell,nellie", "isabel:izzy,bella,issy",
		"jane:janey,janie", "jessica:jess,jessie", "julia:jules,julie>julian", "kimberly:kim",
		"madeleine:maddie,maddy", "matilda:tilly,tilda", "melissa:mel,missy",
		"michelle:shell,shelley>michael", "miriam:mimi", "penelope:penny",
		"rachel:rach", "sophia:sophie,soph", "teresa:tess,tessa,terri", "vanessa:nessa,ness",
		"virginia:ginny", "winifred:winnie", "freya:", "niamh:", "siobhan:", "ffion:",
	},
	surnames: []string{
		"anderson", "murray", "campbell", "stewart", "macdonald", "o'brien", "o'connor",
		"kelly", "murphy", "ryan", "byrne", "walsh", "mccarthy", "gallagher", "doherty",
		"kennedy", "lynch", "quinn", "nolan", "fitzgerald", "hughes", "price", "powell",
		"griffiths", "rees", "jenkins", "owen", "howell", "lloyd", "vaughan", "van der berg",
		"de souza", "kowalski", "petrov", "müller", "schmidt", "fischer", "weber", "novak",
		"garcia", "fernandes", "silva", "costa", "pereira", "santos", "ali", "ahmed",
		"rahman", "shah", "singh", "kaur", "sharma", "gupta", "chowdhury", "nguyen", "chen",
		"wong", "okafor", "adeyemi", "mensah", "boateng", "pritchard", "trelawney", "penrose",
		"tremayne", "polglase", "nancarrow", "chenoweth", "pascoe", "rowe", "stone", "marsh",
		"fowler", "gardner", "fisher", "porter", "hunter", "butler", "barnes", "russell",
		"graham", "wells", "fuller", "payne", "ferguson", "mackenzie", "maclean", "sinclair",
		"hamilton", "crawford", "cunningham", "kerr", "burns", "davidson", "ross-campbell",
		"lloyd-jones", "vaughan-williams", "pryce", "bevan", "gwynne", "probert", "parry",
		"meredith", "prosser", "lewis-evans", "ashcroft", "entwistle",
	},
	towns: []string{
		"Truro", "Exeter", "Taunton", "Yeovil", "Frome", "Wells", "Plymouth", "Torquay",
		"Newquay", "Penzance", "Barnstaple", "Bideford", "Bodmin", "Falmouth", "St Austell",
		"Bridgwater", "Tiverton", "Totnes", "Launceston", "Redruth",
	},
}

// decorations people put around their names.
var emoji = []string{"✨", "🌸", "💙", "🏳️‍🌈", "🇬🇧", "⚽", "🐾", "☕", "🌻", "💫", "🏴󠁧󠁢󠁷󠁬󠁳󠁿", "❤️", "🍷", "🏃‍♀️"}

var taglines = []string{"Personal Trainer", "Mum of 3", "Proud Nan", "Coffee addict",
	"NHS", "Photographer", "Yorkshire lass", "Dog dad", "Runner", "Baker", "Artist"}

// otherTowns are places a connection may live that are on no watch-list.
var otherTowns = []string{"London", "Manchester", "Birmingham", "Glasgow", "Cardiff",
	"Edinburgh", "Belfast", "Newcastle upon Tyne", "Sheffield", "Nottingham", "Brighton"}

// origins is a third split, only scored: names of origins common in the UK
// that British-English lists under-serve (South Asian, Polish and Eastern
// European, West African, Chinese, Irish, Welsh, Arabic), with their usual
// spellings, and the decorations people add to a display name.
var origins = lists{
	given: []string{
		"muhammad:mohammed,mohamed,mohammad,mo", "yusuf:yousef,yousuf,youssef",
		"omar:umar", "khalid:khaled", "hassan:hasan", "ibrahim:ebrahim", "abdullah:abdul",
		"fatima:fatimah,fatma", "aisha:ayesha,aysha", "layla:leila,laila", "zainab:zaynab",
		"gurpreet:", "harpreet:", "jaspreet:jas", "manpreet:", "amandeep:aman", "rajesh:raj",
		"sanjay:", "priya:", "sunita:", "deepak:", "lakshmi:", "arjun:",
		"łukasz:lukasz", "małgorzata:gosia,malgosia", "wojciech:wojtek", "krzysztof:krzys",
		"agnieszka:aga", "katarzyna:kasia", "piotr:", "tomasz:tomek", "grzegorz:grzes",
		"aleksandra:ola>aleksander", "jiří:jiri", "dorota:",
		"oluwaseun:seun", "chukwuemeka:emeka", "adebayo:bayo", "olumide:mide", "ngozi:",
		"chiamaka:amaka", "kwame:", "kofi:", "akosua:", "folasade:sade,shade",
		"wei:", "jing:", "xiaoming:", "mei:", "jun:", "yan:",
		"seán:sean,shaun", "siobhán:siobhan", "pádraig:padraig,paddy", "séamus:seamus,shay",
		"aoife:", "niamh:", "ciarán:ciaran,kieran", "róisín:roisin,rosheen", "eoin:",
		"dafydd:dai,dafi", "rhiannon:rhi", "gwenllian:gwen", "iwan:", "siân:sian", "bethan:",
		"llinos:", "gethin:",
	},
	surnames: []string{
		"singh", "kaur", "patel", "shah", "chaudhry", "mistry", "sandhu", "dhillon", "grewal",
		"bhatt", "nair", "qureshi", "siddiqui", "rahman", "hussain",
		"wiśniewski", "kamińska", "zieliński", "szymańska", "lewandowski", "dąbrowska",
		"woźniak", "wójcik", "nowakowski", "dvořák",
		"okonkwo", "oyelaran", "asante", "owusu", "okoro", "adeleke", "nwosu", "obi", "eze",
		"zhang", "wang", "liu", "huang", "zhao", "zhou", "lin", "xu",
		"o'sullivan", "mcgrath", "macnamara", "o'reilly", "mcmahon", "o'donnell", "fitzpatrick",
		"ap rhys", "ab owain", "pugh", "bowen", "llewellyn", "prys",
		"al-sayed", "el-masri", "al-rashid", "al-hassan", "el-amin", "haddad", "nasser",
		"bin salleh",
	},
	towns: []string{
		"Leicester", "Luton", "Slough", "Bolton", "Blackburn", "Oldham", "Peterborough",
		"Swansea", "Newport", "Bangor", "Derry", "Coventry", "Wolverhampton", "Reading",
		"Ealing", "Southall", "Hounslow", "Ilford", "Wembley", "Tower Hamlets",
	},
}

// titles are the decorations of a display name that are not part of it:
// titles, honours, pronouns, flags, job titles.
var titles = []string{"Dr %s", "%s MBE", "%s (she/her)", "%s (he/him)", "%s 🇬🇧", "%s | Nurse",
	"%s - Practice Manager", "Prof. %s PhD", "%s 🇵🇰", "%s 🇮🇪☘️", "%s 🏴󠁧󠁢󠁷󠁬󠁳󠁿", "Mrs %s",
	"%s, RGN", "%s (they/them)", "%s | Solicitor | Mum of 2", "%s 🇳🇬", "%s OBE"}
