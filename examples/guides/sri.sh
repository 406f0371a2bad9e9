echo "sha384-$(openssl dgst -sha384 -binary waymark.js | openssl base64 -A)"
