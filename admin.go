package nsor

// NewUser is what an administrator gives to create an account.
type NewUser struct {
	Username       string `json:"username" text:"id"`
	Name           string `json:"name" text:"name"`
	Rank           string `json:"rank,omitempty"`
	BeltNumber     string `json:"belt_number,omitempty" text:"id"`
	Gender         string `json:"gender,omitempty"`
	Role           Role   `json:"role"`
	JurisdictionID int64  `json:"jurisdiction_id"`
	// Password is optional: when empty one is generated and returned once.
	Password string `json:"password,omitempty" text:"-"`
}

// Credentials are shown once, to the administrator who made them, to hand to
// the user: the password and the TOTP secret to enrol.
type Credentials struct {
	Password   string `json:"password"`
	TOTPSecret string `json:"totp_secret"`
	TOTPURL    string `json:"totp_url"`
}

// UserPatch changes an account; nil fields stay as they are.
type UserPatch struct {
	Name           *string `json:"name,omitempty" text:"name"`
	Rank           *string `json:"rank,omitempty"`
	BeltNumber     *string `json:"belt_number,omitempty" text:"id"`
	Gender         *string `json:"gender,omitempty"`
	Role           *Role   `json:"role,omitempty"`
	JurisdictionID *int64  `json:"jurisdiction_id,omitempty"`
	Disabled       *bool   `json:"disabled,omitempty"`
}
