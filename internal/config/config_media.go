package config

import (
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// MediaFolder is where the local store keeps recordings: MEDIA_DIR, or
// DATA_DIR/media. It is resolved on use, so a test that moves DataDir moves
// the media with it.
func (c Config) MediaFolder() string {
	if c.MediaDir != "" {
		return c.MediaDir
	}
	return filepath.Join(c.DataDir, "media")
}

// maxObjectBytes is S3's largest object, and so the largest upload allowed.
const maxObjectBytes = 5 << 40

func setMaxUpload(c *Config, v string) error {
	n, err := parseBytes(v)
	if err != nil {
		return err
	}
	if n < 1<<20 || n > maxObjectBytes {
		return fmt.Errorf("must be 1M to 5T, got %s", v)
	}
	c.MediaMaxUploadBytes = n
	return nil
}

// parseBytes reads a count of bytes with an optional binary suffix:
// 2048, 512K, 300M, 4G, 1T.
func parseBytes(v string) (int64, error) {
	digits, shift := v, 0
	if i := strings.IndexAny(strings.ToUpper(v), "KMGT"); i >= 0 && i == len(v)-1 {
		digits, shift = v[:i], 10*(1+strings.IndexByte("KMGT", strings.ToUpper(v)[i]))
	}
	n, err := strconv.ParseInt(digits, 10, 64)
	if err != nil || n < 0 || n > (1<<62)>>shift {
		return 0, fmt.Errorf("want a number of bytes such as 4G or 500M, got %q", v)
	}
	return n << shift, nil
}

// bucketName is S3's rule for a bucket's name.
var bucketName = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)

func setS3Bucket(c *Config, v string) error {
	if v != "" && !bucketName.MatchString(v) {
		return fmt.Errorf("want 3 to 63 lowercase letters, digits, dots or hyphens, got %q", v)
	}
	c.S3Bucket = v
	return nil
}

func setS3Endpoint(c *Config, v string) error {
	if v == "" {
		c.S3Endpoint = ""
		return nil
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return fmt.Errorf("want an http(s) URL without credentials, got %q", v)
	}
	c.S3Endpoint = strings.TrimRight(v, "/")
	return nil
}

// checkS3 catches S3 options that cannot work together: settings without
// a bucket to use them (a forgotten S3_BUCKET would quietly keep the
// media on local disk) and half a key.
func (c *Config) checkS3() error {
	var errs []error
	if c.S3Bucket == "" {
		for _, env := range []string{"S3_ENDPOINT", "S3_REGION", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"} {
			if c.raw[env] != "" {
				errs = append(errs, fmt.Errorf("%s is set but S3_BUCKET is not", env))
			}
		}
		if c.S3PathStyle {
			errs = append(errs, errors.New("S3_PATH_STYLE is set but S3_BUCKET is not"))
		}
	}
	if (c.S3AccessKeyID == "") != (c.S3SecretAccessKey == "") {
		errs = append(errs, errors.New("S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together: set both or neither"))
	}
	return errors.Join(errs...)
}
