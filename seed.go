package nsor

// SeedNode is one node of the hierarchy seeded at installation.
type SeedNode struct {
	Kind     JurisdictionKind
	Code     string
	Name     string
	Head     DistrictHead
	Children []SeedNode
}

func district(code, name string, head DistrictHead) SeedNode {
	if head == "" {
		head = HeadDPO
	}
	return SeedNode{Kind: KindDistrict, Code: code, Name: name, Head: head}
}

func region(code, name string, districts ...SeedNode) SeedNode {
	return SeedNode{Kind: KindRegion, Code: code, Name: name, Children: districts}
}

// SeedHierarchy is the hierarchy an installation starts with: Pakistan, its
// provinces and territories, and Punjab's police regions and districts, which
// join first. Lahore is headed by a CCPO; Rawalpindi, Faisalabad, Multan and
// Gujranwala by CPOs; the rest by DPOs. Administrators add stations and the
// other provinces' regions and districts as they join.
var SeedHierarchy = SeedNode{Kind: KindCountry, Code: "PK", Name: "Pakistan", Children: []SeedNode{
	{Kind: KindProvince, Code: "PB", Name: "Punjab", Children: []SeedNode{
		region("PB-LHR", "Lahore Region", district("PB-LHR-LHR", "Lahore", HeadCCPO)),
		region("PB-SKP", "Sheikhupura Region", district("PB-SKP-SKP", "Sheikhupura", ""),
			district("PB-SKP-NNS", "Nankana Sahib", ""), district("PB-SKP-KSR", "Kasur", "")),
		region("PB-GRW", "Gujranwala Region", district("PB-GRW-GRW", "Gujranwala", HeadCPO),
			district("PB-GRW-GRT", "Gujrat", ""), district("PB-GRW-SKT", "Sialkot", ""),
			district("PB-GRW-NRW", "Narowal", ""), district("PB-GRW-HFZ", "Hafizabad", ""),
			district("PB-GRW-MBD", "Mandi Bahauddin", ""), district("PB-GRW-WZB", "Wazirabad", "")),
		region("PB-RWP", "Rawalpindi Region", district("PB-RWP-RWP", "Rawalpindi", HeadCPO),
			district("PB-RWP-ATK", "Attock", ""), district("PB-RWP-JLM", "Jhelum", ""),
			district("PB-RWP-CKW", "Chakwal", ""), district("PB-RWP-MRE", "Murree", ""),
			district("PB-RWP-TLG", "Talagang", "")),
		region("PB-SGD", "Sargodha Region", district("PB-SGD-SGD", "Sargodha", ""),
			district("PB-SGD-KSB", "Khushab", ""), district("PB-SGD-MWL", "Mianwali", ""),
			district("PB-SGD-BKR", "Bhakkar", "")),
		region("PB-FSD", "Faisalabad Region", district("PB-FSD-FSD", "Faisalabad", HeadCPO),
			district("PB-FSD-JNG", "Jhang", ""), district("PB-FSD-TTS", "Toba Tek Singh", ""),
			district("PB-FSD-CNT", "Chiniot", "")),
		region("PB-SWL", "Sahiwal Region", district("PB-SWL-SWL", "Sahiwal", ""),
			district("PB-SWL-OKR", "Okara", ""), district("PB-SWL-PKP", "Pakpattan", "")),
		region("PB-MTN", "Multan Region", district("PB-MTN-MTN", "Multan", HeadCPO),
			district("PB-MTN-KWL", "Khanewal", ""), district("PB-MTN-VHR", "Vehari", ""),
			district("PB-MTN-LDN", "Lodhran", "")),
		region("PB-DGK", "Dera Ghazi Khan Region", district("PB-DGK-DGK", "Dera Ghazi Khan", ""),
			district("PB-DGK-RJP", "Rajanpur", ""), district("PB-DGK-MZG", "Muzaffargarh", ""),
			district("PB-DGK-LYH", "Layyah", ""), district("PB-DGK-KTA", "Kot Addu", ""),
			district("PB-DGK-TNS", "Taunsa", "")),
		region("PB-BWP", "Bahawalpur Region", district("PB-BWP-BWP", "Bahawalpur", ""),
			district("PB-BWP-BWN", "Bahawalnagar", ""), district("PB-BWP-RYK", "Rahim Yar Khan", "")),
	}},
	{Kind: KindProvince, Code: "KP", Name: "Khyber Pakhtunkhwa"},
	{Kind: KindProvince, Code: "SD", Name: "Sindh"},
	{Kind: KindProvince, Code: "BA", Name: "Balochistan"},
	{Kind: KindProvince, Code: "IS", Name: "Islamabad Capital Territory"},
	{Kind: KindProvince, Code: "GB", Name: "Gilgit-Baltistan"},
	{Kind: KindProvince, Code: "AJK", Name: "Azad Jammu and Kashmir"},
}}
