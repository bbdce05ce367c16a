// Command login measures how long a failed login takes when the email is
// unknown and when the password is wrong, on a throwaway embedded cluster.
// The two must not differ enough to tell an attacker which addresses have
// accounts. It prints both distributions and their ratio.
//
//	go run ./bench/login [-n 40]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"slices"
	"time"

	"plenary/bench/benchdb"
	"plenary/internal/accounts"
)

func main() {
	n := flag.Int("n", 40, "attempts of each kind")
	flag.Parse()
	if err := run(context.Background(), *n); err != nil {
		fmt.Fprintln(os.Stderr, "bench/login:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, n int) error {
	pool, stop, err := benchdb.Start(ctx, false)
	if err != nil {
		return err
	}
	defer stop()

	svc := accounts.NewService(pool, time.Hour)
	if _, err := svc.CreateUser(ctx, accounts.NewUser{Email: "known@example.org", Name: "Known", Role: accounts.RoleOrganiser, Password: "the right password"}); err != nil {
		return err
	}
	var unknown, wrong []time.Duration
	for i := range n { // interleaved, so drift on a shared machine hits both alike
		d, err := timeLogin(ctx, svc, fmt.Sprintf("nobody-%d@example.org", i))
		if err != nil {
			return err
		}
		unknown = append(unknown, d)
		if d, err = timeLogin(ctx, svc, "known@example.org"); err != nil {
			return err
		}
		wrong = append(wrong, d)
	}
	report("unknown email ", unknown)
	report("wrong password", wrong)
	fmt.Printf("ratio of medians (unknown / wrong): %.3f\n", float64(median(unknown))/float64(median(wrong)))
	return nil
}

func timeLogin(ctx context.Context, svc *accounts.Service, email string) (time.Duration, error) {
	start := time.Now()
	_, err := svc.Login(ctx, email, "a wrong password", "bench")
	d := time.Since(start)
	if !errors.Is(err, accounts.ErrBadCredentials) {
		return 0, fmt.Errorf("login %s: %v, want bad credentials", email, err)
	}
	return d, nil
}

func report(label string, ds []time.Duration) {
	s := slices.Clone(ds)
	slices.Sort(s)
	fmt.Printf("%s  n=%d  p50=%s  p90=%s  min=%s  max=%s\n", label, len(s),
		s[len(s)/2].Round(time.Microsecond), s[len(s)*9/10].Round(time.Microsecond),
		s[0].Round(time.Microsecond), s[len(s)-1].Round(time.Microsecond))
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}
