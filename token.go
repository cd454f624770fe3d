package nsor

// MaxTokenHours is the longest life of a machine token: 366 days.
const MaxTokenHours = 366 * 24
