package synth

// The name tables below were written for this generator: the name parts are
// common Pakistani given names, compounds and family or caste names, each with
// its usual Urdu spelling and an invented relative frequency (a weight, not a
// census figure). No row describes a real person: a register is drawn from
// these parts at random.

// part is one name part: its usual Latin spelling, its Urdu spelling and a
// weight. A compound part has its pieces in Latin ("Abdul Rehman") and a
// glued form ("Abdulrehman").
type part struct {
	Latin string
	Urdu  string
	W     int
}

// maleGiven are given names of men. "Muhammad" is mostly the first of two
// given names (see firstMale).
var maleGiven = []part{
	{"Ahmad", "احمد", 40}, {"Ali", "علی", 60}, {"Hassan", "حسن", 30}, {"Hussain", "حسین", 35},
	{"Usman", "عثمان", 25}, {"Umar", "عمر", 25}, {"Bilal", "بلال", 25}, {"Hamza", "حمزہ", 25},
	{"Imran", "عمران", 30}, {"Asif", "آصف", 30}, {"Tariq", "طارق", 30}, {"Khalid", "خالد", 25},
	{"Rashid", "راشد", 25}, {"Saeed", "سعید", 25}, {"Javed", "جاوید", 25}, {"Nawaz", "نواز", 20},
	{"Akram", "اکرم", 30}, {"Aslam", "اسلم", 30}, {"Iqbal", "اقبال", 30}, {"Amjad", "امجد", 25},
	{"Zubair", "زبیر", 20}, {"Arshad", "ارشد", 25}, {"Shahid", "شاہد", 25}, {"Zahid", "زاہد", 25},
	{"Abid", "عابد", 20}, {"Sajid", "ساجد", 20}, {"Majid", "ماجد", 15}, {"Naveed", "نوید", 20},
	{"Waseem", "وسیم", 20}, {"Nadeem", "ندیم", 20}, {"Kamran", "کامران", 20}, {"Faisal", "فیصل", 20},
	{"Irfan", "عرفان", 20}, {"Adnan", "عدنان", 15}, {"Rizwan", "رضوان", 20}, {"Farhan", "فرحان", 15},
	{"Yasir", "یاسر", 15}, {"Danish", "دانش", 10}, {"Junaid", "جنید", 15}, {"Fahad", "فہد", 10},
	{"Shoaib", "شعیب", 15}, {"Waqas", "وقاص", 15}, {"Haroon", "ہارون", 10}, {"Idrees", "ادریس", 10},
	{"Ilyas", "الیاس", 15}, {"Younas", "یونس", 15}, {"Yousaf", "یوسف", 20}, {"Ibrahim", "ابراہیم", 15},
	{"Ismail", "اسماعیل", 15}, {"Ishaq", "اسحاق", 15}, {"Yaqoob", "یعقوب", 15}, {"Sadiq", "صادق", 15},
	{"Rafiq", "رفیق", 20}, {"Shafiq", "شفیق", 15}, {"Tauqeer", "توقیر", 5}, {"Zafar", "ظفر", 20},
	{"Akhtar", "اختر", 20}, {"Anwar", "انور", 20}, {"Asghar", "اصغر", 20}, {"Akbar", "اکبر", 20},
	{"Noor", "نور", 15}, {"Sher", "شیر", 10}, {"Gul", "گل", 15}, {"Jamil", "جمیل", 15},
	{"Khurram", "خرم", 10}, {"Mansoor", "منصور", 15}, {"Masood", "مسعود", 15}, {"Mehmood", "محمود", 25},
	{"Mushtaq", "مشتاق", 15}, {"Nasir", "ناصر", 20}, {"Qaiser", "قیصر", 10}, {"Riaz", "ریاض", 20},
	{"Sarfraz", "سرفراز", 15}, {"Shakeel", "شکیل", 15}, {"Sohail", "سہیل", 15}, {"Tahir", "طاہر", 20},
	{"Talha", "طلحہ", 10}, {"Waheed", "وحید", 15}, {"Zeeshan", "ذیشان", 15}, {"Zulfiqar", "ذوالفقار", 10},
	{"Asad", "اسد", 15}, {"Hamid", "حامد", 15}, {"Rehan", "ریحان", 10}, {"Saqib", "ثاقب", 10},
	{"Aamir", "عامر", 15}, {"Afzal", "افضل", 20}, {"Altaf", "الطاف", 15}, {"Pervaiz", "پرویز", 15},
	{"Jahangir", "جہانگیر", 10}, {"Babar", "بابر", 10}, {"Salman", "سلمان", 15}, {"Sultan", "سلطان", 15},
	{"Zakir", "ذاکر", 10}, {"Habib", "حبیب", 15}, {"Latif", "لطیف", 15}, {"Nazir", "نذیر", 20},
	{"Bashir", "بشیر", 20}, {"Munir", "منیر", 15}, {"Hanif", "حنیف", 15}, {"Sharif", "شریف", 15},
	{"Ghulam Rasool", "غلام رسول", 10}, {"Ghulam Mustafa", "غلام مصطفیٰ", 10}, {"Ghulam Abbas", "غلام عباس", 10},
	{"Ghulam Haider", "غلام حیدر", 10}, {"Allah Ditta", "اللہ دتہ", 10}, {"Allah Rakha", "اللہ رکھا", 5},
	{"Raza", "رضا", 15}, {"Abbas", "عباس", 15}, {"Haider", "حیدر", 15}, {"Qasim", "قاسم", 15},
	{"Ejaz", "اعجاز", 15}, {"Mumtaz", "ممتاز", 15}, {"Shaukat", "شوکت", 10}, {"Wajid", "واجد", 10},
}

// compounds are names built with Abdul-, -ullah, -ud-Din and -ur-Rehman,
// which are written glued, split or hyphenated.
var compounds = []compound{
	{"Abdul", "Rehman", "عبدالرحمن", 25}, {"Abdul", "Ghafoor", "عبدالغفور", 15}, {"Abdul", "Qadir", "عبدالقادر", 15},
	{"Abdul", "Sattar", "عبدالستار", 15}, {"Abdul", "Majeed", "عبدالمجید", 15}, {"Abdul", "Rasheed", "عبدالرشید", 15},
	{"Abdul", "Hameed", "عبدالحمید", 15}, {"Abdul", "Jabbar", "عبدالجبار", 10}, {"Abdul", "Karim", "عبدالکریم", 10},
	{"Abdul", "Wahid", "عبدالواحد", 10}, {"Abdul", "Razzaq", "عبدالرزاق", 10}, {"Abdul", "Aziz", "عبدالعزیز", 10},
	{"Abd", "ullah", "عبداللہ", 25}, {"Rahmat", "ullah", "رحمت اللہ", 10}, {"Sana", "ullah", "ثناءاللہ", 10},
	{"Habib", "ullah", "حبیب اللہ", 10}, {"Kifayat", "ullah", "کفایت اللہ", 5}, {"Aman", "ullah", "امان اللہ", 10},
	{"Ehsan", "ullah", "احسان اللہ", 10}, {"Naseer", "ullah", "نصیر اللہ", 5}, {"Zia", "ul Haq", "ضیاءالحق", 10},
	{"Inam", "ul Haq", "انعام الحق", 10}, {"Salah", "ud Din", "صلاح الدین", 10}, {"Nizam", "ud Din", "نظام الدین", 10},
	{"Shams", "ud Din", "شمس الدین", 10}, {"Fazal", "ur Rehman", "فضل الرحمن", 15}, {"Ata", "ur Rehman", "عطاءالرحمن", 10},
	{"Saif", "ur Rehman", "سیف الرحمن", 10}, {"Hafeez", "ur Rehman", "حفیظ الرحمن", 5}, {"Mujeeb", "ur Rehman", "مجیب الرحمن", 5},
}

// compound is a two-piece name: Head and Tail ("Abdul" "Rehman", "Sana"
// "ullah", "Salah" "ud Din").
type compound struct {
	Head, Tail string
	Urdu       string
	W          int
}

// femaleGiven are given names of women.
var femaleGiven = []part{
	{"Fatima", "فاطمہ", 40}, {"Ayesha", "عائشہ", 35}, {"Khadija", "خدیجہ", 20}, {"Zainab", "زینب", 25},
	{"Maryam", "مریم", 25}, {"Amina", "آمنہ", 25}, {"Sana", "ثنا", 20}, {"Saima", "صائمہ", 20},
	{"Nasreen", "نسرین", 20}, {"Shazia", "شازیہ", 20}, {"Rukhsana", "رخسانہ", 15}, {"Parveen", "پروین", 20},
	{"Shamim", "شمیم", 15}, {"Nazia", "نازیہ", 15}, {"Sadia", "سعدیہ", 15}, {"Asma", "اسماء", 15},
	{"Rabia", "رابعہ", 15}, {"Hina", "حنا", 15}, {"Bushra", "بشریٰ", 15}, {"Samina", "ثمینہ", 15},
	{"Kausar", "کوثر", 15}, {"Naseem", "نسیم", 15}, {"Razia", "رضیہ", 15}, {"Sumaira", "سمیرا", 10},
	{"Farzana", "فرزانہ", 15}, {"Tahira", "طاہرہ", 15}, {"Shabana", "شبانہ", 15}, {"Iqra", "اقرا", 10},
	{"Mehwish", "مہوش", 10}, {"Uzma", "عظمیٰ", 10}, {"Nighat", "نگہت", 10}, {"Robina", "روبینہ", 10},
	{"Sughra", "صغریٰ", 10}, {"Kulsoom", "کلثوم", 10}, {"Zubaida", "زبیدہ", 10}, {"Naheed", "ناہید", 10},
	{"Ghazala", "غزالہ", 10}, {"Aqsa", "اقصیٰ", 10}, {"Anam", "انعم", 10}, {"Noreen", "نورین", 10},
}

// femaleSecond follows a woman's given name when no family name does.
var femaleSecond = []part{{"Bibi", "بی بی", 50}, {"Begum", "بیگم", 30}, {"Noor", "نور", 10}, {"Akhtar", "اختر", 10}}

// families are family, caste and tribe names. Khan is by far the commonest.
var families = []part{
	{"Khan", "خان", 300}, {"Butt", "بٹ", 40}, {"Malik", "ملک", 50}, {"Qureshi", "قریشی", 30},
	{"Sheikh", "شیخ", 30}, {"Chaudhry", "چوہدری", 40}, {"Awan", "اعوان", 40}, {"Rajput", "راجپوت", 30},
	{"Jatt", "جٹ", 20}, {"Gujjar", "گجر", 30}, {"Arain", "آرائیں", 30}, {"Virk", "ورک", 15},
	{"Cheema", "چیمہ", 15}, {"Bajwa", "باجوہ", 15}, {"Warraich", "وڑائچ", 10}, {"Gondal", "گوندل", 10},
	{"Mughal", "مغل", 25}, {"Abbasi", "عباسی", 25}, {"Siddiqui", "صدیقی", 25}, {"Ansari", "انصاری", 20},
	{"Hashmi", "ہاشمی", 15}, {"Bukhari", "بخاری", 15}, {"Gilani", "گیلانی", 10}, {"Shah", "شاہ", 60},
	{"Jamali", "جمالی", 10}, {"Baloch", "بلوچ", 40}, {"Marri", "مری", 10}, {"Bugti", "بگٹی", 10},
	{"Mengal", "مینگل", 10}, {"Khattak", "خٹک", 15}, {"Yousafzai", "یوسفزئی", 15}, {"Afridi", "آفریدی", 20},
	{"Durrani", "درانی", 10}, {"Niazi", "نیازی", 15}, {"Lodhi", "لودھی", 10}, {"Soomro", "سومرو", 15},
	{"Bhutto", "بھٹو", 10}, {"Memon", "میمن", 20}, {"Leghari", "لغاری", 10}, {"Mazari", "مزاری", 10},
	{"Kakar", "کاکڑ", 15}, {"Tareen", "ترین", 10}, {"Dogar", "ڈوگر", 10}, {"Sial", "سیال", 10},
	{"Bhatti", "بھٹی", 30}, {"Khokhar", "کھوکھر", 20}, {"Janjua", "جنجوعہ", 15}, {"Kiyani", "کیانی", 15},
	{"Satti", "ستی", 10}, {"Rathore", "راٹھور", 10}, {"Jatoi", "جتوئی", 10}, {"Chandio", "چانڈیو", 10},
	{"Magsi", "مگسی", 5}, {"Raisani", "رئیسانی", 5}, {"Mirza", "مرزا", 15}, {"Hussaini", "حسینی", 5},
}

// titlesWritten are titles written before a name (docs/identity.md#names).
var titlesWritten = []part{
	{"Syed", "سید", 30}, {"Ch.", "چوہدری", 25}, {"Malik", "ملک", 20}, {"Rana", "رانا", 15}, {"Mian", "میاں", 10},
	{"Hafiz", "حافظ", 10}, {"Haji", "حاجی", 15}, {"Sheikh", "شیخ", 5}, {"Mirza", "مرزا", 5}, {"Qari", "قاری", 5},
}

// nicknames are the aliases an offender is known by.
var nicknames = []part{
	{"Billa", "بلا", 10}, {"Kala", "کالا", 10}, {"Pappu", "پپو", 10}, {"Guddu", "گڈو", 10}, {"Mithu", "مٹھو", 10},
	{"Chand", "چاند", 5}, {"Bhola", "بھولا", 5}, {"Raja", "راجہ", 10}, {"Shera", "شیرا", 10}, {"Kaka", "کاکا", 5},
	{"Jeeda", "جیدا", 5}, {"Mana", "مانا", 5}, {"Nika", "نکا", 5}, {"Bao", "باؤ", 5}, {"Lala", "لالہ", 5},
}

// district is a district with the code used in synthetic CNICs: "9", then
// the two-digit code, then a two-digit tehsil.
type district struct {
	Name string
	Code int
	W    int
}

var districts = []district{
	{"Lahore", 10, 60}, {"Karachi Central", 11, 40}, {"Karachi East", 12, 40}, {"Karachi West", 13, 30},
	{"Faisalabad", 14, 45}, {"Rawalpindi", 15, 35}, {"Gujranwala", 16, 30}, {"Multan", 17, 30},
	{"Hyderabad", 18, 25}, {"Peshawar", 19, 35}, {"Quetta", 20, 20}, {"Islamabad", 21, 15},
	{"Sialkot", 22, 25}, {"Sargodha", 23, 25}, {"Bahawalpur", 24, 25}, {"Sukkur", 25, 15},
	{"Larkana", 26, 15}, {"Sheikhupura", 27, 25}, {"Rahim Yar Khan", 28, 25}, {"Jhang", 29, 20},
	{"Dera Ghazi Khan", 30, 20}, {"Gujrat", 31, 20}, {"Sahiwal", 32, 20}, {"Mardan", 33, 20},
	{"Kasur", 34, 20}, {"Okara", 35, 20}, {"Swat", 36, 15}, {"Abbottabad", 37, 10},
	{"Mirpur Khas", 38, 10}, {"Nawabshah", 39, 10}, {"Kohat", 40, 10}, {"Bannu", 41, 10},
	{"Dera Ismail Khan", 42, 10}, {"Khuzdar", 43, 5}, {"Turbat", 44, 5}, {"Gilgit", 45, 5},
	{"Muzaffargarh", 46, 20}, {"Vehari", 47, 15}, {"Chiniot", 48, 10}, {"Jhelum", 49, 10},
}
