package main

import (
	"context"
	"encoding/json"
	"flag"
	"io"

	"nsor"
	"nsor/auditverify"
)

func init() { auditCommands["proof"] = auditProof }

// auditProof prints the inclusion proof of one audit record in the newest
// checkpointed tree, as JSON.
func auditProof(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("audit proof", flag.ContinueOnError)
	var c config
	c.flags(fs)
	id := fs.Int64("record", 0, "the audit record's ID")
	if err := c.parse(fs, args, stdout, needKeys|needCheckpoints); err != nil {
		return err
	}
	if *id <= 0 || fs.NArg() > 0 {
		return usagef("audit proof", "--record must name an audit record ID")
	}
	a, err := c.open(ctx, false, nsor.DefaultConfig())
	if err != nil {
		return err
	}
	defer a.db.Close()
	var p *nsor.InclusionProof
	err = a.db.View(ctx, func(tx nsor.Tx) error {
		var err error
		p, err = a.log.ProveRecord(ctx, tx, *id)
		return err
	})
	if err != nil {
		return err
	}
	// The file "nsor audit check-proof" reads: the verifier's own shape,
	// which is also the API's.
	out := auditverify.Proof{RecordID: p.RecordID, LeafIndex: p.Index, TreeSize: p.TreeSize,
		Record: p.Record, Checkpoint: string(p.Checkpoint)}
	for _, h := range p.Proof {
		out.Proof = append(out.Proof, h[:])
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
