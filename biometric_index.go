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
