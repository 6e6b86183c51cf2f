# Sourced by scripts/services.sh and bench/s3mock.sh.
# The newest JDK or JRE under /usr/lib/jvm whose release file says Java 21 or later, as S3MockServer looks for it.
java21() {
  local release version best="" best_version=0
  for release in /usr/lib/jvm/*/release; do
    [ -x "$(dirname "$release")/bin/java" ] || continue
    version=$(sed -n 's/^JAVA_VERSION="\(1\.\)\{0,1\}\([0-9]*\).*/\2/p' "$release")
    if [ -n "$version" ] && [ "$version" -ge 21 ] && [ "$version" -gt "$best_version" ]; then
      best="$(dirname "$release")/bin/java" best_version=$version
    fi
  done
  [ -n "$best" ] && echo "$best"
}
