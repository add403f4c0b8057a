wget -qO- --header='Authorization: SSWS	00nYAX2r64PvkjO-Rt14fCl-hAXhEKdv5ogdgeCiZZ' https://trial-2741337.oktapreview.com/api/v1/users
