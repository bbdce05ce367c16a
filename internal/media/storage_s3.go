package media

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/feature/s3/transfermanager"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"

	"plenary/internal/errs"
)

// S3Options say where an S3-compatible store is and how to reach it.
type S3Options struct {
	Endpoint        string // e.g. https://s3.example.com; "" for AWS itself
	Bucket          string
	Region          string // "" reads AWS_REGION etc., then us-east-1
	AccessKeyID     string // "" uses the SDK's default chain (env, profile, instance role)
	SecretAccessKey string
	// PathStyle addresses objects as ENDPOINT/BUCKET/KEY rather than
	// BUCKET.ENDPOINT/KEY, which most self-hosted stores (versitygw,
	// Garage, Ceph) need.
	PathStyle bool
}

// Parts of a streamed upload: S3's smallest part is 5 MiB; 8 MiB parts
// keep a 2 GB recording at 256 parts and an upload's memory near
// partSize × (uploadConcurrency+2), whatever the file's size.
const (
	partSize          = 8 << 20
	uploadConcurrency = 3
)

// S3 keeps media files in a bucket of S3-compatible object storage, for
// several servers sharing one store. Browsers read its files through
// short-lived presigned URLs rather than through the server.
type S3 struct {
	client   *s3.Client
	presign  *s3.PresignClient
	uploader *transfermanager.Client
	bucket   string
}

// NewS3 returns the store for opts.Bucket. It does not call the store:
// a wrong endpoint or key shows on first use.
func NewS3(ctx context.Context, opts S3Options) (*S3, error) {
	if opts.Bucket == "" {
		return nil, errors.New("media: S3 needs a bucket")
	}
	load := []func(*awsconfig.LoadOptions) error{
		// Checksums only where the API requires them: many S3-compatible
		// stores reject the CRC headers the SDK would otherwise send.
		awsconfig.WithRequestChecksumCalculation(aws.RequestChecksumCalculationWhenRequired),
		awsconfig.WithResponseChecksumValidation(aws.ResponseChecksumValidationWhenRequired),
	}
	if opts.Region != "" {
		load = append(load, awsconfig.WithRegion(opts.Region))
	}
	if opts.AccessKeyID != "" {
		load = append(load, awsconfig.WithCredentialsProvider(
			credentials.NewStaticCredentialsProvider(opts.AccessKeyID, opts.SecretAccessKey, "")))
	}
	cfg, err := awsconfig.LoadDefaultConfig(ctx, load...)
	if err != nil {
		return nil, fmt.Errorf("media: S3 config: %w", err)
	}
	if cfg.Region == "" {
		cfg.Region = "us-east-1" // what most S3-compatible stores expect
	}
	client := s3.NewFromConfig(cfg, func(o *s3.Options) {
		if opts.Endpoint != "" {
			o.BaseEndpoint = aws.String(opts.Endpoint)
		}
		o.UsePathStyle = opts.PathStyle
	})
	return &S3{
		client:  client,
		presign: s3.NewPresignClient(client),
		uploader: transfermanager.New(client, func(o *transfermanager.Options) {
			o.PartSizeBytes = partSize
			o.MultipartUploadThreshold = partSize
			o.Concurrency = uploadConcurrency
			o.RequestChecksumCalculation = aws.RequestChecksumCalculationWhenRequired
		}),
		bucket: opts.Bucket,
	}, nil
}

// Put streams size bytes from r into the bucket, in parts once past one
// part's size. A body that is not size bytes long is deleted again.
func (s *S3) Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) error {
	if err := checkKey(key); err != nil {
		return err
	}
	body := &countingReader{r: io.LimitReader(r, size+1)} // +1: to see a longer body
	in := &transfermanager.UploadObjectInput{
		Bucket: aws.String(s.bucket), Key: aws.String(key), Body: body, ContentLength: aws.Int64(size),
	}
	if contentType != "" {
		in.ContentType = aws.String(contentType)
	}
	if _, err := s.uploader.UploadObject(ctx, in); err != nil {
		return fmt.Errorf("media: put %s: %w", key, err)
	}
	if body.n != size {
		_ = s.Delete(context.WithoutCancel(ctx), key)
		return fmt.Errorf("media: put %s: got %d bytes, want %d", key, body.n, size)
	}
	return nil
}

// Open looks the object up and returns a reader that fetches from the
// offset it is at, a ranged GET at a time, only once it is read.
func (s *S3) Open(ctx context.Context, key string) (Object, error) {
	if err := checkKey(key); err != nil {
		return nil, err
	}
	head, err := s.client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(s.bucket), Key: aws.String(key)})
	if err != nil {
		return nil, fmt.Errorf("media: open %s: %w", key, notFound(err))
	}
	return &s3Object{ctx: ctx, store: s, key: key, size: aws.ToInt64(head.ContentLength),
		modTime: aws.ToTime(head.LastModified)}, nil
}

// Delete removes the object; S3 answers a missing one as a success.
func (s *S3) Delete(ctx context.Context, key string) error {
	if err := checkKey(key); err != nil {
		return err
	}
	if _, err := s.client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(s.bucket), Key: aws.String(key)}); err != nil {
		return fmt.Errorf("media: delete %s: %w", key, notFound(err))
	}
	return nil
}

// SignedURL presigns a GET of the object valid for ttl: the browser reads
// the file (with its own range requests) from the store, not the server.
func (s *S3) SignedURL(ctx context.Context, key string, ttl time.Duration) (string, error) {
	if err := checkKey(key); err != nil {
		return "", err
	}
	req, err := s.presign.PresignGetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(s.bucket), Key: aws.String(key)},
		s3.WithPresignExpires(ttl))
	if err != nil {
		return "", fmt.Errorf("media: sign %s: %w", key, err)
	}
	return req.URL, nil
}

// checkKey refuses the keys that Local refuses, so a key that works in
// one store works in the other.
func checkKey(key string) error {
	if key == "" || !filepath.IsLocal(key) || strings.ContainsRune(key, '\\') {
		return fmt.Errorf("media: bad key %q", key)
	}
	return nil
}

// notFound turns S3's answers for a missing object into errs.ErrNotFound.
func notFound(err error) error {
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		switch apiErr.ErrorCode() {
		case "NotFound", "NoSuchKey":
			return errors.Join(errs.ErrNotFound, err)
		}
	}
	return err
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// s3Object reads an object from its current offset with one ranged GET,
// opened at the first Read after a Seek, so a seek costs no request.
type s3Object struct {
	ctx     context.Context
	store   *S3
	key     string
	size    int64
	modTime time.Time
	offset  int64
	body    io.ReadCloser // the open GET from offset, if any
}

func (o *s3Object) Size() int64        { return o.size }
func (o *s3Object) ModTime() time.Time { return o.modTime }

func (o *s3Object) Read(p []byte) (int, error) {
	if o.offset >= o.size {
		return 0, io.EOF
	}
	if o.body == nil {
		out, err := o.store.client.GetObject(o.ctx, &s3.GetObjectInput{
			Bucket: aws.String(o.store.bucket), Key: aws.String(o.key),
			Range: aws.String(fmt.Sprintf("bytes=%d-", o.offset)),
		})
		if err != nil {
			return 0, fmt.Errorf("media: read %s: %w", o.key, notFound(err))
		}
		o.body = out.Body
	}
	n, err := o.body.Read(p)
	o.offset += int64(n)
	if err == io.EOF && o.offset < o.size {
		err = io.ErrUnexpectedEOF
	}
	return n, err
}

func (o *s3Object) Seek(offset int64, whence int) (int64, error) {
	switch whence {
	case io.SeekCurrent:
		offset += o.offset
	case io.SeekEnd:
		offset += o.size
	}
	if offset < 0 {
		return 0, fmt.Errorf("media: seek %s: negative offset", o.key)
	}
	if offset != o.offset {
		o.closeBody()
		o.offset = offset
	}
	return offset, nil
}

func (o *s3Object) Close() error {
	o.closeBody()
	return nil
}

func (o *s3Object) closeBody() {
	if o.body != nil {
		o.body.Close()
		o.body = nil
	}
}
