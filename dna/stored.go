package dna

import (
	"encoding/json"
	"fmt"
)

// FormatProfile is the format of a stored DNA profile: a JSON object with
// the sample type and the alleles of each locus as the laboratory wrote
// them, {"type":"reference","loci":{"vWA":["14","17"],...}}.
const FormatProfile = "dna-profile"

// storedProfile is a stored DNA profile's JSON.
type storedProfile struct {
	Type string              `json:"type"`
	Loci map[string][]string `json:"loci"`
}

// ReadStored reads a stored DNA profile of format FormatProfile, as
// NewProfile reads it, under the ID ref.
func ReadStored(ref, format string, data []byte) (*Profile, error) {
	if format != FormatProfile {
		return nil, &Error{Code: "dna.format", Field: "probe", Message: fmt.Sprintf("a stored DNA profile is of format %s, not %q", FormatProfile, format)}
	}
	var sp storedProfile
	if err := json.Unmarshal(data, &sp); err != nil {
		return nil, &Error{Code: "dna.format", Field: "probe", Message: "the stored profile is not the JSON of a profile: " + err.Error()}
	}
	return NewProfile(ref, SampleType(sp.Type), sp.Loci)
}

// EncodeStored writes a profile's alleles as FormatProfile.
func EncodeStored(typ SampleType, loci map[string][]string) ([]byte, error) {
	return json.Marshal(storedProfile{Type: string(typ), Loci: loci})
}
