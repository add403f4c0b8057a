using System.Net.Http;
using System.Net.Http.Headers;

namespace Contoso.Identity
{
    public class OktaService
    {
        private readonly HttpClient _http = new HttpClient { BaseAddress = new System.Uri("https://trial-2741337.okta-emea.com/") };

        public OktaService()
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("SSWS", "00KmStnf1T3AGMY0Sx2KyTyGmSvF1sxQtN1CjF8S69");
        }
    }
}
