package mediatest

import "io"

// PatternByte is the byte at offset i of a Pattern: it does not repeat
// within 16 MiB, so a range read from the wrong offset shows.
func PatternByte(i int64) byte { return byte(i ^ i>>8 ^ i>>16 ^ i>>24) }

// PatternBytes is the part [off, off+n) of a Pattern.
func PatternBytes(off, n int64) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = PatternByte(off + int64(i))
	}
	return b
}

// Pattern streams size bytes of the pattern, for a body of any size that
// is never held in memory.
func Pattern(size int64) io.Reader { return &pattern{size: size} }

type pattern struct{ off, size int64 }

func (p *pattern) Read(b []byte) (int, error) {
	if p.off >= p.size {
		return 0, io.EOF
	}
	n := int64(len(b))
	if left := p.size - p.off; n > left {
		n = left
	}
	for i := range n {
		b[i] = PatternByte(p.off + i)
	}
	p.off += n
	return int(n), nil
}
