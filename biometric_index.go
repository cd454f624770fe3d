package nsor

// StoredBiometric is one of a register record's stored samples as a
// biometric index takes it: the record's reference to it (sha256:<hex>), its
// kind, its format and its bytes.
type StoredBiometric struct {
	Ref    string
	Kind   string // fingerprint or dna
	Format string
	Data   []byte
	PPI    int // an image's resolution the uploader stated, when its file states none
	// Position is the finger an image of one finger shows, as its uploader
	// stated it (1 to 10, ANSI/NIST-ITL Table 8; 0 not known): the file
	// itself does not say.
	Position int
	// Derived is what the index's Deriver derived from Data under its
	// current Derivation, when the store keeps it; nil otherwise, and the
	// index reads Data.
	Derived []byte
}

// Deriver is a biometric index that derives from a sample, at a cost, the
// data it compares: a fingerprint index extracts the minutiae of a finger
// image (about a third of a second a finger). The service keeps what it
// derives beside the sample (SampleTx.PutDerivation), under the version of
// the derivation, so that the index is rebuilt at start from that rather
// than from the images; a new version of the derivation derives again.
type Deriver interface {
	// Derivation names the version of what Derive gives.
	Derivation() string
	// Derive gives what the index would derive from the sample, or nil
	// when there is nothing costly to keep (a minutiae template is read
	// as fast as anything kept); an error when it cannot read the sample.
	Derive(s StoredBiometric) ([]byte, error)
}

// BiometricIndex is a searcher of the register's biometrics (a DNASearcher
// or a FingerprintSearcher) that the service fills from the stored samples
// of the active records and keeps in step with the register's change feed,
// as it keeps the name index: a record corrected, removed or no longer
// active is put again or removed before the next search.
type BiometricIndex interface {
	// BiometricKind is the kind of sample the index holds.
	BiometricKind() string
	// PutRecord holds the samples of the index's kind as the record's,
	// replacing what it had; none removes the record. A sample it cannot
	// read is refused, and the record's other samples are still held.
	PutRecord(recordID int64, samples []StoredBiometric) error
}
