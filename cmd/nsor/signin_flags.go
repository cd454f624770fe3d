package main

import (
	"flag"
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"nsor"
)

// signInFlags set the guards of sign-in (docs/adr/0015-sign-in-under-attack.md).
func signInFlags(fs *flag.FlagSet, cfg *nsor.Config) {
	fs.IntVar(&cfg.SignInHashers, "signin-hashers", envInt("NSOR_SIGNIN_HASHERS", cfg.SignInHashers),
		"password hashes run at once (argon2id, 19 MiB each); more sign-ins wait a second, then are refused with 429")
	fs.IntVar(&cfg.SignInBurst, "signin-burst", envInt("NSOR_SIGNIN_BURST", cfg.SignInBurst),
		"failed sign-ins one address may make at once, before it is slowed to one per --signin-every")
	fs.DurationVar(&cfg.SignInEvery, "signin-every", cfg.SignInEvery, "the pace an address that used its burst is slowed to")
}

// parsePrefixes reads comma-separated address prefixes; a bare address is
// its own /32 or /128.
func parsePrefixes(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		if !strings.Contains(f, "/") {
			a, err := netip.ParseAddr(f)
			if err != nil {
				return nil, fmt.Errorf("--trusted-proxies: %w", err)
			}
			f = netip.PrefixFrom(a, a.BitLen()).String()
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			return nil, fmt.Errorf("--trusted-proxies: %w", err)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

// envInt reads an integer from the environment, or def.
func envInt(name string, def int) int {
	n, err := strconv.Atoi(env(name, ""))
	if err != nil {
		return def
	}
	return n
}
