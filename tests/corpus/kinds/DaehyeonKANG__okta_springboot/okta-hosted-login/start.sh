mvn -Dokta.oauth2.issuer=https://samsung-poc.oktapreview.com/oauth2/default \
    -Dokta.oauth2.clientId=0oaQlzeIN3bbxcwY9q6a \
    -Dokta.oauth2.clientSecret=kpZnhNZKQP7BAT4-zXn9-tOrmJURJc4pENuM41ZM \
    -Dokta.oauth2.postLogoutRedirectUri=https://www.naver.com
