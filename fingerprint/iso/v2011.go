package iso

// The 2011/2009 readers follow in the next commit; until then these formats
// are refused, never half read.

func decode2011(b []byte) (*Record, error) {
	return nil, &Error{Format: ISO2011, Field: "format", Reason: "not read by this build", kind: ErrInvalid}
}

func decodeANSI2009(b []byte) (*Record, error) {
	return nil, &Error{Format: ANSI2009, Field: "format", Reason: "not read by this build", kind: ErrInvalid}
}

func (rec *Record) encode2011() ([]byte, error) {
	return nil, &Error{Format: ISO2011, Field: "format", Reason: "not written by this build", kind: ErrInvalid}
}

func (rec *Record) encodeANSI2009() ([]byte, error) {
	return nil, &Error{Format: ANSI2009, Field: "format", Reason: "not written by this build", kind: ErrInvalid}
}
